/*
 * entry_c.c - the C and POSIX malloc family, defined in the program so that
 * every heap allocation of the process passes through the runtime: direct
 * calls, calls through function pointers (Lua's frealloc, cJSON's hooks),
 * and allocations inside uninstrumented libraries, libc and libstdc++
 * (glibc routes its own internal calls through the program's malloc when the
 * program defines one).  C++'s operator new is entry_cxx.c.
 *
 * Each entry point forwards to the real function (real_functions.c) and
 * counts what it returned (heap_counts.c); inside the runtime's own
 * bookkeeping it serves the boot buffer instead.
 *
 * Every definition is weak: a program (or a static allocator such as
 * jemalloc) that defines its own malloc or operator new keeps it, links
 * without a clash, and the report then says the heap was not interposed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "heap_counts.h"
#include "real_functions.h"

#define FRAME __builtin_frame_address(0)

void *rt_interposed_malloc(size_t size) {
  if (!rt_real_ready())
    return rt_boot_alloc(size);
  void *p = rt_real.malloc(size);
  if (p)
    rt_heap_count(RT_HEAP_MALLOC, size, FRAME);
  return p;
}

void *rt_interposed_calloc(size_t n, size_t size) {
  if (!rt_real_ready()) {
    size_t total;
    return __builtin_mul_overflow(n, size, &total) ? NULL : rt_boot_alloc(total);
  }
  void *p = rt_real.calloc(n, size);
  if (p)
    rt_heap_count(RT_HEAP_CALLOC, (uint64_t)n * size, FRAME);
  return p;
}

void *rt_interposed_realloc(void *old, size_t size) {
  if (!rt_real_ready()) {
    void *p = rt_boot_alloc(size);
    if (p && rt_is_boot(old)) {
      size_t room = (size_t)(rt_boot_buf + sizeof rt_boot_buf - (unsigned char *)old);
      memcpy(p, old, size < room ? size : room);
    }
    return p;
  }
  if (rt_is_boot(old)) {
    /* Only dlsym's own blocks live there: move one to the real heap. */
    void *p = rt_real.malloc(size);
    if (p) {
      size_t room = (size_t)(rt_boot_buf + sizeof rt_boot_buf - (unsigned char *)old);
      memcpy(p, old, size < room ? size : room);
      rt_heap_count(RT_HEAP_REALLOC, size, FRAME);
    }
    return p;
  }
  void *p = rt_real.realloc(old, size);
  if (p)
    rt_heap_count(RT_HEAP_REALLOC, size, FRAME);
  return p;
}

void rt_interposed_free(void *p) {
  if (!p || rt_is_boot(p))
    return;
  if (!__atomic_load_n(&rt_real_resolved, __ATOMIC_ACQUIRE))
    return; /* cannot happen: only boot blocks exist before resolving */
  rt_real.free(p);
}

void *rt_interposed_aligned_alloc(size_t alignment, size_t size) {
  if (!rt_real_ready())
    return alignment <= 64 ? rt_boot_alloc(size) : NULL;
  void *p = rt_real.aligned_alloc(alignment, size);
  if (p)
    rt_heap_count(RT_HEAP_ALIGNED_ALLOC, size, FRAME);
  return p;
}

void *rt_interposed_memalign(size_t alignment, size_t size) {
  if (!rt_real_ready())
    return alignment <= 64 ? rt_boot_alloc(size) : NULL;
  void *p = rt_real.memalign(alignment, size);
  if (p)
    rt_heap_count(RT_HEAP_MEMALIGN, size, FRAME);
  return p;
}

void *rt_interposed_valloc(size_t size) {
  if (!rt_real_ready())
    return NULL;
  void *p = rt_real.valloc(size);
  if (p)
    rt_heap_count(RT_HEAP_VALLOC, size, FRAME);
  return p;
}

void *rt_interposed_pvalloc(size_t size) {
  if (!rt_real_ready())
    return NULL;
  void *p = rt_real.pvalloc(size);
  if (p)
    rt_heap_count(RT_HEAP_PVALLOC, size, FRAME);
  return p;
}

int rt_interposed_posix_memalign(void **out, size_t alignment, size_t size) {
  if (!rt_real_ready()) {
    *out = alignment <= 64 ? rt_boot_alloc(size) : NULL;
    return *out ? 0 : ENOMEM;
  }
  int status = rt_real.posix_memalign(out, alignment, size);
  if (status == 0)
    rt_heap_count(RT_HEAP_POSIX_MEMALIGN, size, FRAME);
  return status;
}

/* The names the process binds to: weak, so a program's own definition
 * wins at link time (then these functions are simply unused). */
#define INTERPOSE_ALIAS(name)                                                                    \
  extern __typeof__(rt_interposed_##name) name                                                 \
      __attribute__((weak, alias("rt_interposed_" #name), visibility("default")));
INTERPOSE_ALIAS(malloc)
INTERPOSE_ALIAS(free)
INTERPOSE_ALIAS(calloc)
INTERPOSE_ALIAS(realloc)
INTERPOSE_ALIAS(aligned_alloc)
INTERPOSE_ALIAS(memalign)
INTERPOSE_ALIAS(valloc)
INTERPOSE_ALIAS(pvalloc)
INTERPOSE_ALIAS(posix_memalign)
