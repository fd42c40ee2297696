/*
 * rt_internal.h - declarations shared by the runtime's files; not installed.
 *
 * Every function here has hidden visibility: the only symbols the runtime
 * exports are the ABI entry points (allocsite_abi.h), so linking it into a
 * program cannot clash with the program's own names.
 */
#ifndef ALLOCSITE_RT_INTERNAL_H
#define ALLOCSITE_RT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "allocsite_abi.h"

#define RT_HIDDEN __attribute__((visibility("hidden")))
#define RT_EXPORT __attribute__((visibility("default")))

/* The one error prefix: clang-style, so build logs read uniformly. */
RT_HIDDEN void rt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* init.c: make sure the report will be written at exit (idempotent). */
RT_HIDDEN void rt_ensure_initialized(void);

/* registry.c: the modules whose sites the report lists. */
typedef void (*rt_module_visitor)(const struct allocsite_module *m, void *ctx);
/* Calls visit for each registered and each unloaded-but-remembered module,
 * in registration order, with the registry locked. */
RT_HIDDEN void rt_for_each_module(rt_module_visitor visit, void *ctx);

/* Whether this copy of the runtime is the one the process uses (another
 * copy, linked into a shared library or the executable, may be). */
RT_HIDDEN int rt_is_primary(void);

/* The counts of one site: settled plus every live thread's block.  Only
 * valid inside an rt_for_each_module visitor (the registry lock is held). */
RT_HIDDEN struct allocsite_count rt_site_count(const struct allocsite_module *m, uint32_t site);

/* registry.c: make every count read zero from now on (allocsite_reset). */
RT_HIDDEN void rt_reset_all_counts(void);
/* registry.c, for fork.c: the registry lock, and the child's side of fork
 * (called with the lock held; forgets the other threads, zeroes every count
 * and releases the lock). */
RT_HIDDEN void rt_registry_lock(void);
RT_HIDDEN void rt_registry_unlock(void);
RT_HIDDEN void rt_registry_after_fork_child(void);

/* report_path.c: expand a report path pattern (%p %h %%); NULL means
 * $ALLOCSITE_OUT (ignored in set-user-ID/set-group-ID programs) or the
 * default.  Returns 0 and leaves the path in out, 1 when reporting is
 * disabled (empty or "off"), -1 when the pattern is invalid (the error is
 * already printed). */
RT_HIDDEN int rt_report_path(const char *pattern, char *out, size_t size);

/* The ALLOCSITE_* environment: NULL in set-user-ID/set-group-ID programs
 * (secure_getenv), so whoever runs such a program cannot make it write
 * files where its owner could not. */
RT_HIDDEN const char *rt_getenv(const char *name);

/* report_writer.c: write the report now (atomically) to the expansion of
 * pattern (NULL: $ALLOCSITE_OUT). Returns 0 on success or when disabled. */
RT_HIDDEN int rt_write_report(const char *pattern);
/* The writer's lock, held across fork() by fork.c. */
RT_HIDDEN void rt_writer_lock(void);
RT_HIDDEN void rt_writer_unlock(void);

/* public_api.c: the sum over every site (allocsite_totals()). */
RT_HIDDEN struct allocsite_count rt_sum_totals(void);

/* fork.c: install the fork handlers (once, from initialisation). */
RT_HIDDEN void rt_fork_init(void);

/* dump_signal.c: honour $ALLOCSITE_DUMP_SIGNAL (once, from initialisation),
 * and start again in a forked child. */
RT_HIDDEN void rt_dump_signal_init(void);
RT_HIDDEN void rt_dump_signal_after_fork_child(void);

/* arena.c: memory that never comes from malloc, so the runtime can never
 * recurse into an allocator it observes.  Never freed. */
RT_HIDDEN void *rt_arena_alloc(size_t size);
RT_HIDDEN const char *rt_arena_strdup(const char *s);
/* The arena's lock, held across fork() by fork.c. */
RT_HIDDEN void rt_arena_lock(void);
RT_HIDDEN void rt_arena_unlock(void);

static inline uint64_t rt_load_counter(const uint64_t *word) {
  return __atomic_load_n(word, __ATOMIC_RELAXED);
}

#endif /* ALLOCSITE_RT_INTERNAL_H */
