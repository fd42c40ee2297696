/*
 * heap_counts.h - counting one allocation of an entry point in the calling
 * thread's heap block (heap_counts.c).  Inline: it runs on every heap
 * allocation; included by the entry points (entry_c.c, entry_cxx.c) only.
 */
#ifndef ALLOCSITE_HEAP_COUNTS_H
#define ALLOCSITE_HEAP_COUNTS_H

#include <stdint.h>

#include "rt_internal.h"

/* The thread's counts of the heap pseudo-module: one pseudo-site per entry
 * point, then one per entry point for allocations made inside an
 * instrumented allocation-wrapper call (heap_counts.c). */
struct rt_heap_block {
  struct allocsite_thread_counters header;
  struct allocsite_count entries[2 * RT_HEAP_NUM_ENTRIES];
};
RT_HIDDEN extern __thread struct rt_heap_block rt_heap_block
    __attribute__((tls_model("initial-exec")));

/* Everything but the common case: the thread's first count, recording a
 * calling context.  Out of line, so the entry points keep few registers. */
RT_HIDDEN __attribute__((noinline)) void rt_heap_count_slow(enum rt_heap_entry entry,
                                                            uint64_t bytes, void *frame);

/* Only this thread writes its block: plain load, add, store.  index is
 * the entry point, or (inside an instrumented wrapper call) its nested
 * pseudo-site. */
static inline void rt_heap_block_add(unsigned index, uint64_t bytes) {
  struct allocsite_count *c = &rt_heap_block.entries[index];
  __atomic_store_n(&c->objects, c->objects + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&c->bytes, c->bytes + bytes, __ATOMIC_RELAXED);
}

/* Counts one allocation of entry; frame is the entry point's
 * (__builtin_frame_address(0)), where a calling context starts. */
static inline void rt_heap_count(enum rt_heap_entry entry, uint64_t bytes, void *frame) {
  if (__builtin_expect(!rt_heap_block.header.registered || rt_contexts_depth ||
                           rt_thread_state.nested, 0))
    rt_heap_count_slow(entry, bytes, frame);
  else
    rt_heap_block_add(entry, bytes);
}

#endif /* ALLOCSITE_HEAP_COUNTS_H */
