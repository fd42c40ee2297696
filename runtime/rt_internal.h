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

/* report_path.c: expand ALLOCSITE_OUT. Returns 0 and leaves the path in
 * out, or -1 when reporting is disabled (empty or "off"). */
RT_HIDDEN int rt_report_path(char *out, size_t size);

/* report_writer.c: write the report now (atomically). Returns 0 on success. */
RT_HIDDEN int rt_write_report(void);

/* arena.c: memory that never comes from malloc, so the runtime can never
 * recurse into an allocator it observes.  Never freed. */
RT_HIDDEN void *rt_arena_alloc(size_t size);
RT_HIDDEN const char *rt_arena_strdup(const char *s);

static inline uint64_t rt_load_counter(const uint64_t *word) {
  return __atomic_load_n(word, __ATOMIC_RELAXED);
}

#endif /* ALLOCSITE_RT_INTERNAL_H */
