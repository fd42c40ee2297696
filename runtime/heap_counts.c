/*
 * heap_counts.c - the interposer's counts: every allocation that passes an
 * entry point (entry_c.c, entry_cxx.c) is counted once more, per entry
 * point ("heap" in the report), in the heap pseudo-module.
 *
 * Who counts what.  Instrumented call sites keep counting themselves inline
 * (per site, nearly free); the heap counts every allocation once more, per
 * entry point.  The two never add up to one number: the report states the
 * heap count and the site counts side by side, and the report tool derives
 * what no site saw as the difference.  So nothing has to tell the
 * interposer whether its caller was an instrumented site, and the per-site
 * path costs exactly what it did.
 *
 * Counting is per thread, in a thread-local block registered with the
 * registry like an instrumented module's (allocsite_abi.h explains why: no
 * locked instruction, no shared cache line).  While the runtime itself is
 * registering a thread (which may allocate), allocations are the runtime's
 * own (reentry_guard.c): served from the boot buffer, not counted, so
 * nothing recurses.  Reading the counts back is heap_snapshot.c's job.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "heap_counts.h"

/* Two pseudo-sites per entry point: allocations made outside any
 * instrumented allocation-wrapper call, then those made inside one (the
 * thread's `nested` byte was set: that call's site counted them already). */
static const struct allocsite_site heap_sites[2 * RT_HEAP_NUM_ENTRIES] = {
#define ALLOCSITE_HEAP_ENTRY(Id, ReportName)                                                  \
  [RT_HEAP_##Id] = {.allocator = ReportName, .verdict = ALLOCSITE_VERDICT_UNKNOWN,             \
                    .flags = RT_SITE_HEAP_ENTRY},                                              \
  [RT_HEAP_NUM_ENTRIES + RT_HEAP_##Id] = {.allocator = ReportName,                             \
                                          .verdict = ALLOCSITE_VERDICT_UNKNOWN,                \
                                          .flags = RT_SITE_HEAP_ENTRY | ALLOCSITE_SITE_NESTED},
#include "allocsite_abi.inc"
};

static struct allocsite_count heap_settled[2 * RT_HEAP_NUM_ENTRIES];

static struct allocsite_module heap_module = {
    .abi_version = ALLOCSITE_ABI_VERSION,
    .num_sites = 2 * RT_HEAP_NUM_ENTRIES,
    .num_counts = 2 * RT_HEAP_NUM_ENTRIES,
    .source = "<allocsite heap>",
    .sites = heap_sites,
    .settled = heap_settled,
    .flags = ALLOCSITE_MODULE_FRAME_POINTERS, /* runtime/CMakeLists.txt */
};

/* Entries as heap_sites. */
__thread struct rt_heap_block rt_heap_block __attribute__((tls_model("initial-exec")));

static void register_heap_module(void) {
  static int registered;
  if (!__atomic_exchange_n(&registered, 1, __ATOMIC_ACQ_REL))
    ALLOCSITE_REGISTER_FN_ID(&heap_module);
}

__attribute__((constructor(101))) static void heap_module_init(void) {
  rt_enter_runtime();
  register_heap_module();
  rt_leave_runtime();
}

/* A copy of the runtime inside a library that is unloaded must not leave
 * its tables in the registry (see primary_copy.c on copies). */
__attribute__((destructor(101))) static void heap_module_fini(void) {
  if (rt_is_primary())
    return; /* the process's own copy: its counts are written at exit */
  rt_enter_runtime();
  ALLOCSITE_UNREGISTER_FN_ID(&heap_module);
  rt_leave_runtime();
}

static __attribute__((noinline, cold)) void register_this_thread(void) {
  int saved_errno = errno;
  rt_enter_runtime();
  rt_heap_mark_interposed();
  register_heap_module();
  rt_register_thread_block(&heap_module, (struct allocsite_thread_counters *)&rt_heap_block);
  rt_leave_runtime();
  errno = saved_errno;
}

/* Only when the process is known to use these entry points: registering
 * the block is what marks them used (a program with its own malloc never
 * calls them, and its report must say so). */
void rt_heap_thread_ready(void) {
  if (rt_heap_interposed() && !rt_heap_block.header.registered)
    register_this_thread();
}

void rt_heap_count_slow(enum rt_heap_entry entry, uint64_t bytes, void *frame) {
  if (!rt_heap_block.header.registered)
    register_this_thread();
  /* Made inside an instrumented wrapper call, which counted it at its site. */
  rt_heap_block_add(entry + (rt_thread_state.nested ? RT_HEAP_NUM_ENTRIES : 0), bytes);
  if (rt_contexts_depth)
    rt_context_record(entry, bytes, frame);
}
