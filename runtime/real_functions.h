/*
 * real_functions.h - the allocator the entry points forward to, and the
 * static buffer that serves allocations while it cannot be used
 * (real_functions.c).  The tests here run on every allocation, so they are
 * inline; included by the entry points (entry_c.c, entry_cxx.c) and
 * direct_pointers.c only.
 */
#ifndef ALLOCSITE_REAL_FUNCTIONS_H
#define ALLOCSITE_REAL_FUNCTIONS_H

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include "rt_internal.h"

typedef void *(*rt_size_fn)(size_t);
typedef void *(*rt_size2_fn)(size_t, size_t);
typedef void *(*rt_realloc_fn)(void *, size_t);
typedef int (*rt_posix_memalign_fn)(void **, size_t, size_t);
typedef void (*rt_free_fn)(void *);
typedef void *(*rt_new2_fn)(size_t, uintptr_t);
typedef void *(*rt_new3_fn)(size_t, uintptr_t, uintptr_t);

/* The next definitions in the dynamic linker's search order. */
struct rt_real_functions {
  rt_size_fn malloc, valloc, pvalloc;
  rt_size2_fn calloc, aligned_alloc, memalign;
  rt_realloc_fn realloc;
  rt_posix_memalign_fn posix_memalign;
  rt_free_fn free;
  /* Only for the failure path (new-handler, bad_alloc); NULL without libstdc++. */
  rt_size_fn new_, new_array;
  rt_new2_fn new_nothrow, new_array_nothrow, new_aligned, new_array_aligned;
  rt_new3_fn new_aligned_nothrow, new_array_aligned_nothrow;
};
RT_HIDDEN extern struct rt_real_functions rt_real;
/* Set (release) once rt_real is filled in. */
RT_HIDDEN extern int rt_real_resolved;
/* Fills in rt_real; aborts with a message if the C library's malloc family
 * is not found.  errno is kept. */
RT_HIDDEN void rt_resolve_real_functions(void);

/* Allocations the runtime's own bookkeeping makes (reentry_guard.c); never
 * handed to the real free.  Enough for about a thousand threads' stack
 * bounds; when it runs out, the bookkeeping call fails (ENOMEM) and the
 * runtime does without (that thread's contexts then have one frame). */
#define RT_BOOT_BUF_SIZE (256 * 1024)
RT_HIDDEN extern alignas(64) unsigned char rt_boot_buf[RT_BOOT_BUF_SIZE];
RT_HIDDEN extern size_t rt_boot_used;

static inline void *rt_boot_alloc(size_t size) {
  size = (size + 63) & ~(size_t)63;
  size_t at = __atomic_fetch_add(&rt_boot_used, size, __ATOMIC_RELAXED);
  if (size > sizeof rt_boot_buf || at + size > sizeof rt_boot_buf)
    return NULL;
  return rt_boot_buf + at; /* zero: static storage, never reused */
}

static inline int rt_is_boot(const void *p) {
  return (const unsigned char *)p >= rt_boot_buf &&
         (const unsigned char *)p < rt_boot_buf + sizeof rt_boot_buf;
}

/* Whether to forward to the real function (0: serve from rt_boot_buf). */
static inline int rt_real_ready(void) {
  if (__builtin_expect(rt_in_runtime(), 0))
    return 0;
  if (__builtin_expect(!__atomic_load_n(&rt_real_resolved, __ATOMIC_ACQUIRE), 0))
    rt_resolve_real_functions();
  return 1;
}

#endif /* ALLOCSITE_REAL_FUNCTIONS_H */
