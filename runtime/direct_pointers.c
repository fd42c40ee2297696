/*
 * direct_pointers.c - the pointers instrumented calls of the C malloc family
 * go through (__allocsite_direct_malloc, ...: allocsite_abi.inc), and where
 * they point.
 *
 * An instrumented call of the C malloc family counts itself, so passing it
 * through the interposer as well would only add its counting again to
 * every call.  The plugin makes
 * such calls through these pointers instead.  They point at:
 *  - the real functions when calling contexts are off: the interposer never
 *    sees those allocations, and the report adds the sites' counts to the
 *    heap (rt_direct_sites_bypass, heap_snapshot.c);
 *  - the interposer when contexts are on, so every allocation gets its
 *    context (and the heap is the interposer's count alone);
 *  - the program's own functions when it defines the malloc family.
 * Each starts at a stub that sets them all on the first call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

#include "real_functions.h"

static void set_direct_pointers(void);

/* Before main, so that the program's own allocator (when it has one) sees
 * the runtime's set-up work there rather than in the middle of its run. */
__attribute__((constructor(101))) static void direct_pointers_init(void) { set_direct_pointers(); }

#define DIRECT_POINTER(name, ret, params, args)                                                  \
  static ret first_##name params;                                                              \
  RT_EXPORT ret(*__allocsite_direct_##name) params = first_##name;                              \
  static ret first_##name params {                                                             \
    set_direct_pointers();                                                                     \
    return __allocsite_direct_##name args;                                                     \
  }
DIRECT_POINTER(malloc, void *, (size_t size), (size))
DIRECT_POINTER(calloc, void *, (size_t n, size_t size), (n, size))
DIRECT_POINTER(realloc, void *, (void *old, size_t size), (old, size))
DIRECT_POINTER(aligned_alloc, void *, (size_t alignment, size_t size), (alignment, size))
DIRECT_POINTER(memalign, void *, (size_t alignment, size_t size), (alignment, size))
DIRECT_POINTER(valloc, void *, (size_t size), (size))
DIRECT_POINTER(pvalloc, void *, (size_t size), (size))
DIRECT_POINTER(posix_memalign, int, (void **out, size_t alignment, size_t size),
               (out, alignment, size))
/* free too: instrumented code's frees need not pass the interposer either
 * (it only has to recognise blocks of its own start-up buffer, which the
 * program never holds). */
static void first_free(void *p);
RT_EXPORT void (*__allocsite_direct_free)(void *) = first_free;
static void first_free(void *p) {
  set_direct_pointers();
  __allocsite_direct_free(p);
}

static void set_direct_pointers(void) {
  int ours = dlsym(RTLD_DEFAULT, "malloc") == (void *)rt_interposed_malloc;
  /* The program's own allocator must see no allocation it did not ask
   * for: resolve (dlsym allocates on failed lookups) only when ours. */
  if (ours && !__atomic_load_n(&rt_real_resolved, __ATOMIC_ACQUIRE))
    rt_resolve_real_functions();
  rt_contexts_configure();
  int bypass = ours && rt_contexts_depth == 0;
  if (ours)
    rt_heap_mark_interposed();
#define SET(name)                                                                              \
  do {                                                                                         \
    __typeof__(__allocsite_direct_##name) f;                                                   \
    if (bypass)                                                                                \
      f = (__typeof__(f))rt_real.name;                                                         \
    else if (ours)                                                                             \
      f = rt_interposed_##name;                                                                \
    else                                                                                       \
      f = (__typeof__(f))dlsym(RTLD_DEFAULT, #name);                                           \
    if (!f)                                                                                    \
      f = rt_interposed_##name;                                                                \
    __atomic_store_n(&__allocsite_direct_##name, f, __ATOMIC_RELEASE);                         \
  } while (0)
  /* Every pointer the plugin calls through (allocsite_abi.inc). */
#define ALLOCSITE_DIRECT(Name) SET(Name);
#include "allocsite_abi.inc"
#undef SET
  __atomic_store_n(&rt_direct_sites_bypass, bypass, __ATOMIC_RELEASE);
}
