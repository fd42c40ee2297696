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
RT_HIDDEN void rt_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The ABI entry points (registry.c), for the runtime's own pseudo-module. */
RT_EXPORT void ALLOCSITE_REGISTER_FN_ID(struct allocsite_module *m);
RT_EXPORT void ALLOCSITE_UNREGISTER_FN_ID(struct allocsite_module *m);
RT_EXPORT void ALLOCSITE_THREAD_SLOW_FN_ID(struct allocsite_module *m);
/* The thread state every site reads (allocsite_abi.h), exported as
 * ALLOCSITE_THREAD_STATE.  The runtime uses this hidden name for it: the
 * linker turns an initial-exec access to a hidden symbol into a fixed offset
 * from the thread pointer, but keeps a GOT load for an exported one. */
RT_HIDDEN extern __thread struct allocsite_thread_state rt_thread_state
    __attribute__((tls_model("initial-exec")));

/* registry.c: registers the calling thread's block of m (the interposer's
 * pseudo-module, which has no thread_block function); errno is kept. */
RT_HIDDEN void rt_register_thread_block(struct allocsite_module *m,
                                        struct allocsite_thread_counters *counters);

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

/* public_api.c: the program's total (allocsite_totals()). */
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

/* interpose.c: the process's malloc family and operator new. */
enum rt_heap_entry {
#define ALLOCSITE_HEAP_ENTRY(Id, ReportName) RT_HEAP_##Id,
#include "allocsite_abi.inc"
  RT_HEAP_NUM_ENTRIES
};
/* The report's name of an entry point ("malloc", "operator new", ...). */
RT_HIDDEN extern const char *const rt_heap_entry_names[RT_HEAP_NUM_ENTRIES];
/* A site flag only the runtime sets: the site is one of the interposer's
 * entry points, counted as "heap" and never listed among the sites. */
#define RT_SITE_HEAP_ENTRY (1u << 31)
/* Every heap allocation so far (the report's "heap"): by entry point, and
 * how many of them were made inside instrumented allocation-wrapper calls
 * (so counted at those calls' sites). */
struct rt_heap_counts {
  struct allocsite_count by_entry[RT_HEAP_NUM_ENTRIES];
  struct allocsite_count nested;
};
RT_HIDDEN void rt_heap_snapshot(struct rt_heap_counts *heap);
/* Registers the calling thread's heap block if it is not yet, so that the
 * interposer can count this thread's allocations without the registry lock
 * (registry.c calls it before taking the lock). */
RT_HIDDEN void rt_heap_thread_ready(void);
/* Whether any allocation has gone through the interposer. */
RT_HIDDEN int rt_heap_interposed(void);
/* Brackets the runtime's own bookkeeping (registration, reports): an
 * allocation made inside is counted without recursing into it. */
RT_HIDDEN void rt_enter_runtime(void);
RT_HIDDEN void rt_leave_runtime(void);

/* totals.c: the one counting rule (each allocation once).  Sum the sites
 * with rt_site_totals_add (it skips what is not a site), then: */
struct rt_site_totals {
  struct allocsite_count sites;       /* every site but promoted ones */
  struct allocsite_count heap_blocks; /* of which sites that are heap blocks (not wrapper calls) */
};
RT_HIDDEN void rt_site_totals_add(struct rt_site_totals *t, const struct allocsite_site *s,
                                  struct allocsite_count c);
/* The heap allocations that sites counted (the report's heap.at_sites). */
RT_HIDDEN struct allocsite_count rt_heap_at_sites(const struct rt_site_totals *t,
                                                  const struct rt_heap_counts *heap, int interposed);
/* Sites plus the heap allocations made outside them (the report's totals). */
RT_HIDDEN struct allocsite_count rt_program_total(const struct rt_site_totals *t,
                                                  const struct rt_heap_counts *heap, int interposed);

/* contexts.c: calling contexts of heap allocations. */
/* Frames recorded per allocation (ALLOCSITE_DEPTH); 0 when recording is off.
 * Set once, before main, by the runtime's constructor. */
RT_HIDDEN extern int rt_contexts_depth;
/* Reads ALLOCSITE_DEPTH now if no allocation has yet. */
RT_HIDDEN void rt_contexts_configure(void);
/* Whether instrumented calls of the C malloc family go straight to the real
 * functions (interpose.c): then their sites' counts are part of the heap. */
RT_HIDDEN extern int rt_direct_sites_bypass;
/* Records one allocation made through entry, called from the entry point
 * whose frame (__builtin_frame_address(0)) is given. */
RT_HIDDEN void rt_context_record(enum rt_heap_entry entry, uint64_t bytes, void *frame);
/* Tells the walker that the object containing address (an allocsite
 * module's table) was compiled with frame pointers (loaded = 1), or is
 * going away (loaded = 0). */
RT_HIDDEN void rt_contexts_note_module(const struct allocsite_module *m, int loaded);

/* Zeroes every context's counts (allocsite_reset, a forked child); to be
 * called after the heap counts are reset (see allocsite_reset). */
RT_HIDDEN void rt_contexts_reset(void);

/* One recorded context: innermost return address first. */
struct rt_context {
  enum rt_heap_entry entry;
  uint32_t depth;
  uint64_t objects, bytes;
  const uintptr_t *frames;
};
typedef void (*rt_context_visitor)(const struct rt_context *c, void *ctx);
/* Calls visit for every context recorded so far (lock-free; contexts being
 * inserted right now may be missed, and are then counted as dropped). */
RT_HIDDEN void rt_for_each_context(rt_context_visitor visit, void *ctx);

/* modules.c: which loaded object an address belongs to, for reports. */
#define MAX_MODULES 512
/* Takes a snapshot of the loaded objects; returns how many. */
RT_HIDDEN int rt_modules_snapshot(void);
/* The snapshot's index of the object containing address, and the address
 * relative to that object's load bias (its ELF virtual address); -1 if none. */
RT_HIDDEN int rt_module_lookup(uintptr_t address, uintptr_t *offset);
RT_HIDDEN const char *rt_module_path(int index);
/* The GNU build ID as lowercase hex, or NULL. */
RT_HIDDEN const char *rt_module_build_id(int index);

static inline uint64_t rt_load_counter(const uint64_t *word) {
  return __atomic_load_n(word, __ATOMIC_RELAXED);
}

#endif /* ALLOCSITE_RT_INTERNAL_H */
