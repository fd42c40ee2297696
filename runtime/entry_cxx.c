/*
 * entry_cxx.c - C++'s replaceable allocation functions (operator new and
 * new[], with nothrow and alignment), defined in the program for the same
 * reason as entry_c.c's malloc family, and weak for the same reason.
 *
 * Operator new calls the real malloc directly and falls back to the real
 * operator new only when malloc fails (new-handler loop, bad_alloc), so the
 * common path costs one call, not two.  The failure paths call libstdc++'s
 * own operator, which runs the new-handler and throws; its inner malloc then
 * comes back to entry_c.c and is counted as malloc, so a count is never lost
 * or doubled.  The runtime is built with -fexceptions so bad_alloc unwinds
 * through these frames.
 *
 * LP64 mangling.  nothrow_t is passed by reference and align_val_t as a
 * size_t-sized integer, so both travel as uintptr_t.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "heap_counts.h"
#include "real_functions.h"

/* module_registration.c asks for it, so that this object is linked. */
const char rt_cxx_entry_points_linked = 1;

#define WEAK_EXPORT __attribute__((weak, visibility("default")))
#define FRAME __builtin_frame_address(0)

/* The real operator for a failed allocation; a C++ entry point is only
 * reached from C++ code, so libstdc++ is loaded and has it. */
static void *need(void *fn) {
  if (!fn) {
    static const char msg[] = "allocsite: error: cannot find the C++ library's operator new\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    abort();
  }
  return fn;
}

/* libstdc++'s rules: size 0 asks for 1 byte; aligned new rounds the size up
 * to a multiple of the alignment (aligned_alloc requires it). */
static inline void *new_memory(size_t size) {
  if (!rt_real_ready())
    return NULL;
  return rt_real.malloc(size ? size : 1);
}

static inline void *new_aligned_memory(size_t size, uintptr_t align) {
  if (!rt_real_ready())
    return NULL;
  if (align < sizeof(void *))
    align = sizeof(void *);
  size_t rounded = (size + align - 1) & ~(size_t)(align - 1);
  if (rounded < size)
    return NULL;
  return rt_real.aligned_alloc(align, rounded ? rounded : align);
}

WEAK_EXPORT void *_Znwm(size_t size) {
  void *p = new_memory(size);
  if (!p)
    return ((rt_size_fn)need((void *)rt_real.new_))(size);
  rt_heap_count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_Znam(size_t size) {
  void *p = new_memory(size);
  if (!p)
    return ((rt_size_fn)need((void *)rt_real.new_array))(size);
  rt_heap_count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnwmRKSt9nothrow_t(size_t size, uintptr_t nothrow) {
  void *p = new_memory(size);
  if (!p)
    return ((rt_new2_fn)need((void *)rt_real.new_nothrow))(size, nothrow);
  rt_heap_count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnamRKSt9nothrow_t(size_t size, uintptr_t nothrow) {
  void *p = new_memory(size);
  if (!p)
    return ((rt_new2_fn)need((void *)rt_real.new_array_nothrow))(size, nothrow);
  rt_heap_count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnwmSt11align_val_t(size_t size, uintptr_t align) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((rt_new2_fn)need((void *)rt_real.new_aligned))(size, align);
  rt_heap_count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnamSt11align_val_t(size_t size, uintptr_t align) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((rt_new2_fn)need((void *)rt_real.new_array_aligned))(size, align);
  rt_heap_count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnwmSt11align_val_tRKSt9nothrow_t(size_t size, uintptr_t align,
                                                     uintptr_t nothrow) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((rt_new3_fn)need((void *)rt_real.new_aligned_nothrow))(size, align, nothrow);
  rt_heap_count(RT_HEAP_NEW, size, FRAME);
  return p;
}

WEAK_EXPORT void *_ZnamSt11align_val_tRKSt9nothrow_t(size_t size, uintptr_t align,
                                                     uintptr_t nothrow) {
  void *p = new_aligned_memory(size, align);
  if (!p)
    return ((rt_new3_fn)need((void *)rt_real.new_array_aligned_nothrow))(size, align, nothrow);
  rt_heap_count(RT_HEAP_NEW_ARRAY, size, FRAME);
  return p;
}
