/*
 * thread_registration.c - the ABI entry point of a thread's first count at
 * any site (ALLOCSITE_THREAD_SLOW_FN; allocsite_abi.h, "THE THREAD STATE":
 * the `pending` byte, 1 in every new thread and after a module was loaded,
 * sends that count here).  It registers the thread's counter block of every
 * module at once.
 *
 * It lives above the heap counts (heap_counts.c), which register through
 * the registry themselves: the heap's block must be registered before the
 * registry lock is taken (below), and nothing under the registry may call
 * up into the heap.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "rt_internal.h"

RT_EXPORT void ALLOCSITE_THREAD_SLOW_FN_ID(struct allocsite_module *m) {
  /* Called right after an allocation returned, possibly with ENOMEM that the
   * program is about to read: leave errno as the allocator set it. */
  int saved_errno = errno;
  const struct rt_entry_points *primary = rt_primary_copy();
  if (primary) {
    /* The primary copy registers the blocks; code bound to this copy's
     * thread state (an executable that does not export it) needs its own
     * `pending` cleared too. */
    primary->thread_slow(m);
    __atomic_store_n(&rt_thread_state.pending, 0, __ATOMIC_RELAXED);
    errno = saved_errno;
    return;
  }
  rt_registry_arm_thread_exit();
  /* The blocks are found by calling each module's thread_block function,
   * under the registry lock so that no module can be unloaded meanwhile.
   * In a shared library's first touch of its thread-locals on this thread,
   * the C library may allocate the block with malloc: a real allocation,
   * not the runtime's, which the interposer then counts without needing the
   * lock (rt_heap_thread_ready registers its own block first). */
  rt_heap_thread_ready();
  rt_registry_add_thread(m);
  errno = saved_errno;
}
