/*
 * rt_internal.h - declarations shared by the runtime's files; not installed.
 *
 * Every function here has hidden visibility: the only symbols the runtime
 * exports are the ABI entry points (allocsite_abi.h), so linking it into a
 * program cannot clash with the program's own names.
 *
 * The files call one way only, from the top of this list down (no file
 * calls a file above it; docs/ARCHITECTURE.md, "The runtime"):
 *
 *   direct_pointers.c                      where instrumented calls of malloc go
 *   entry_c.c  entry_cxx.c                 malloc family, operator new
 *   thread_registration.c                  a thread's first count (ABI)
 *   heap_counts.c (+ heap_counts.h)        the interposer's per-thread counts
 *   module_registration.c                  a module's (un)registration (ABI)
 *   init.c                                 start-up, and the report at exit
 *   fork.c  dump_signal.c  public_api.c    fork handlers, dump signal, allocsite.h
 *   report_writer.c                        the report
 *   heap_snapshot.c                        what the heap counted (read side)
 *   registry.c                             modules and thread blocks
 *   contexts.c  real_functions.c (+ .h)    calling contexts; the real allocator
 *   report_path.c  modules.c  totals.c  primary_copy.c
 *   reentry_guard.c  arena.c  env.c  error.c
 *
 * The declarations below follow the same order, bottom layer first.  One
 * reference goes up, and calls nothing: module_registration.c names the two
 * entry objects so that linking the runtime from an archive links them.
 */
#ifndef ALLOCSITE_RT_INTERNAL_H
#define ALLOCSITE_RT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "allocsite_abi.h"

#define RT_HIDDEN __attribute__((visibility("hidden")))
#define RT_EXPORT __attribute__((visibility("default")))

static inline uint64_t rt_load_counter(const uint64_t *word) {
  return __atomic_load_n(word, __ATOMIC_RELAXED);
}

/* ---- error.c, env.c, arena.c, reentry_guard.c ---------------------------- */

/* The one error prefix: clang-style, so build logs read uniformly. */
RT_HIDDEN void rt_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
RT_HIDDEN void rt_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The ALLOCSITE_* environment: NULL in set-user-ID/set-group-ID programs
 * (secure_getenv), so whoever runs such a program cannot make it write
 * files where its owner could not. */
RT_HIDDEN const char *rt_getenv(const char *name);

/* arena.c: memory that never comes from malloc, so the runtime can never
 * recurse into an allocator it observes.  Never freed. */
RT_HIDDEN void *rt_arena_alloc(size_t size);
RT_HIDDEN const char *rt_arena_strdup(const char *s);
/* The arena's lock, held across fork() by fork.c. */
RT_HIDDEN void rt_arena_lock(void);
RT_HIDDEN void rt_arena_unlock(void);

/* reentry_guard.c: brackets the runtime's own bookkeeping (registration,
 * resolving the real allocator, reading stack bounds): an allocation made
 * inside is served from the boot buffer, uncounted, without recursing. */
RT_HIDDEN void rt_enter_runtime(void);
RT_HIDDEN void rt_leave_runtime(void);
/* How deep the calling thread is inside the runtime; read inline by every
 * entry point, hence a hidden initial-exec thread-local. */
RT_HIDDEN extern __thread volatile int rt_runtime_depth
    __attribute__((tls_model("initial-exec")));
static inline int rt_in_runtime(void) { return rt_runtime_depth != 0; }

/* ---- primary_copy.c, totals.c, modules.c, report_path.c ------------------ */

/* primary_copy.c: the ABI entry points of the copy of the runtime the
 * process uses, when that is another copy (linked into a shared library or
 * the executable); NULL when it is this one. */
struct rt_entry_points {
  void (*register_module)(struct allocsite_module *);
  void (*unregister_module)(struct allocsite_module *);
  void (*thread_slow)(struct allocsite_module *);
};
RT_HIDDEN const struct rt_entry_points *rt_primary_copy(void);
/* Whether this copy of the runtime is the one the process uses. */
RT_HIDDEN int rt_is_primary(void);

/* The interposer's entry points: their order in the heap counts. */
enum rt_heap_entry {
#define ALLOCSITE_HEAP_ENTRY(Id, ReportName) RT_HEAP_##Id,
#include "allocsite_abi.inc"
  RT_HEAP_NUM_ENTRIES
};
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

/* report_path.c: expand a report path pattern (%p %h %%); NULL means
 * $ALLOCSITE_OUT (ignored in set-user-ID/set-group-ID programs) or the
 * default.  Returns 0 and leaves the path in out, 1 when reporting is
 * disabled (empty or "off"), -1 when the pattern is invalid (the error is
 * already printed). */
RT_HIDDEN int rt_report_path(const char *pattern, char *out, size_t size);

/* ---- contexts.c (real_functions.c: real_functions.h) --------------------- */

/* contexts.c: calling contexts of heap allocations. */
/* Frames recorded per allocation (ALLOCSITE_DEPTH); 0 when recording is off.
 * Set once, before main, by the runtime's constructor. */
RT_HIDDEN extern int rt_contexts_depth;
/* Reads ALLOCSITE_DEPTH now if no allocation has yet. */
RT_HIDDEN void rt_contexts_configure(void);
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

/* ---- registry.c ---------------------------------------------------------- */

/* The thread state every site reads (allocsite_abi.h), exported as
 * ALLOCSITE_THREAD_STATE.  The runtime uses this hidden name for it: the
 * linker turns an initial-exec access to a hidden symbol into a fixed offset
 * from the thread pointer, but keeps a GOT load for an exported one. */
RT_HIDDEN extern __thread struct allocsite_thread_state rt_thread_state
    __attribute__((tls_model("initial-exec")));

/* Adds m (whose ABI version was checked) to the modules, carrying over the
 * counts of a retired copy of it, and tells every live thread to register
 * its block. */
RT_HIDDEN void rt_registry_add_module(struct allocsite_module *m);
/* Folds every thread's counts of m into a retired copy, which replaces it. */
RT_HIDDEN void rt_registry_remove_module(struct allocsite_module *m);
/* Makes the thread-exit hook run for the calling thread (before it takes
 * the registry lock: pthread_setspecific may allocate). */
RT_HIDDEN void rt_registry_arm_thread_exit(void);
/* Registers the calling thread's block of m and of every registered module
 * (ALLOCSITE_THREAD_SLOW_FN), and clears its `pending` byte. */
RT_HIDDEN void rt_registry_add_thread(struct allocsite_module *m);
/* Registers the calling thread's block of m (the interposer's
 * pseudo-module, which has no thread_block function); errno is kept. */
RT_HIDDEN void rt_register_thread_block(struct allocsite_module *m,
                                        struct allocsite_thread_counters *counters);

/* The modules whose sites the report lists. */
typedef void (*rt_module_visitor)(const struct allocsite_module *m, void *ctx);
/* Calls visit for each registered and each unloaded-but-remembered module,
 * in registration order, with the registry locked. */
RT_HIDDEN void rt_for_each_module(rt_module_visitor visit, void *ctx);

/* The counts of one slot (a site's, or two buckets of a size histogram):
 * settled plus every live thread's block.  Only valid inside an rt_for_each_module visitor (the registry lock is held). */
RT_HIDDEN struct allocsite_count rt_site_count(const struct allocsite_module *m, uint32_t slot);

/* Make every count read zero from now on (allocsite_reset). */
RT_HIDDEN void rt_reset_all_counts(void);
/* For fork.c: the registry lock, and the child's side of fork (called with
 * the lock held; forgets the other threads, zeroes every count and releases
 * the lock). */
RT_HIDDEN void rt_registry_lock(void);
RT_HIDDEN void rt_registry_unlock(void);
RT_HIDDEN void rt_registry_after_fork_child(void);

/* ---- heap_snapshot.c ----------------------------------------------------- */

/* The report's name of an entry point ("malloc", "operator new", ...). */
RT_HIDDEN extern const char *const rt_heap_entry_names[RT_HEAP_NUM_ENTRIES];
/* Sums the heap counts of every copy of the runtime. */
RT_HIDDEN void rt_heap_snapshot(struct rt_heap_counts *heap);
/* Whether any allocation has gone through the interposer (heap_counts.c
 * and direct_pointers.c mark it). */
RT_HIDDEN int rt_heap_interposed(void);
RT_HIDDEN void rt_heap_mark_interposed(void);
/* Whether instrumented calls of the C malloc family go straight to the real
 * functions (direct_pointers.c sets it): then their sites' counts are part
 * of the heap. */
RT_HIDDEN extern int rt_direct_sites_bypass;

/* ---- report_writer.c ----------------------------------------------------- */

/* Write the report now (atomically) to the expansion of pattern (NULL:
 * $ALLOCSITE_OUT). Returns 0 on success or when disabled. */
RT_HIDDEN int rt_write_report(const char *pattern);
/* The writer's lock, held across fork() by fork.c. */
RT_HIDDEN void rt_writer_lock(void);
RT_HIDDEN void rt_writer_unlock(void);

/* ---- fork.c, dump_signal.c, public_api.c --------------------------------- */

/* fork.c: install the fork handlers (once, from initialisation). */
RT_HIDDEN void rt_fork_init(void);

/* dump_signal.c: honour $ALLOCSITE_DUMP_SIGNAL (once, from initialisation),
 * and start again in a forked child. */
RT_HIDDEN void rt_dump_signal_init(void);
RT_HIDDEN void rt_dump_signal_after_fork_child(void);

/* public_api.c: the program's total (allocsite_totals()). */
RT_HIDDEN struct allocsite_count rt_sum_totals(void);

/* ---- init.c -------------------------------------------------------------- */

/* Make sure the report will be written at exit (idempotent). */
RT_HIDDEN void rt_ensure_initialized(void);

/* ---- module_registration.c, thread_registration.c (the ABI) -------------- */

/* Declared for the heap pseudo-module (heap_counts.c). */
RT_EXPORT void ALLOCSITE_REGISTER_FN_ID(struct allocsite_module *m);
RT_EXPORT void ALLOCSITE_UNREGISTER_FN_ID(struct allocsite_module *m);
RT_EXPORT void ALLOCSITE_THREAD_SLOW_FN_ID(struct allocsite_module *m);

/* ---- heap_counts.c (inline part: heap_counts.h) -------------------------- */

/* Registers the calling thread's heap block if it is not yet, so that the
 * interposer can count this thread's allocations without the registry lock
 * (thread_registration.c calls it before the registry takes the lock). */
RT_HIDDEN void rt_heap_thread_ready(void);

/* ---- entry_c.c ----------------------------------------------------------- */

/* The interposed C malloc family under names of this copy of the runtime
 * (malloc and the others are weak aliases of these, so they may name
 * another definition); direct_pointers.c points at them. */
RT_HIDDEN void *rt_interposed_malloc(size_t size);
/* Defined in entry_cxx.c so that module_registration.c can pull it in. */
RT_HIDDEN extern const char rt_cxx_entry_points_linked;
RT_HIDDEN void *rt_interposed_calloc(size_t n, size_t size);
RT_HIDDEN void *rt_interposed_realloc(void *old, size_t size);
RT_HIDDEN void rt_interposed_free(void *p);
RT_HIDDEN void *rt_interposed_aligned_alloc(size_t alignment, size_t size);
RT_HIDDEN void *rt_interposed_memalign(size_t alignment, size_t size);
RT_HIDDEN void *rt_interposed_valloc(size_t size);
RT_HIDDEN void *rt_interposed_pvalloc(size_t size);
RT_HIDDEN int rt_interposed_posix_memalign(void **out, size_t alignment, size_t size);

#endif /* ALLOCSITE_RT_INTERNAL_H */
