/*
 * real_functions.c - finds the allocator the entry points forward to, and
 * serves the allocations that cannot go to it.
 *
 * The real functions are the next definitions in the dynamic linker's search
 * order (dlsym RTLD_NEXT): normally the C library's and libstdc++'s, or an
 * LD_PRELOADed allocator's.  They are looked up on the first allocation (or
 * from direct_pointers.c's constructor, whichever comes first).  dlsym can
 * itself allocate; while a thread is resolving, or inside the runtime's own
 * bookkeeping (reentry_guard.c), its allocations come from a static buffer
 * that is never freed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "real_functions.h"

struct rt_real_functions rt_real;
int rt_real_resolved;

alignas(64) unsigned char rt_boot_buf[RT_BOOT_BUF_SIZE];
size_t rt_boot_used;

#define RESOLVE(field, name) rt_real.field = (__typeof__(rt_real.field))dlsym(RTLD_NEXT, name)

void rt_resolve_real_functions(void) {
  int saved_errno = errno;
  rt_enter_runtime();
  RESOLVE(malloc, "malloc");
  RESOLVE(calloc, "calloc");
  RESOLVE(realloc, "realloc");
  RESOLVE(free, "free");
  RESOLVE(aligned_alloc, "aligned_alloc");
  RESOLVE(memalign, "memalign");
  RESOLVE(valloc, "valloc");
  RESOLVE(pvalloc, "pvalloc");
  RESOLVE(posix_memalign, "posix_memalign");
  RESOLVE(new_, "_Znwm");
  RESOLVE(new_array, "_Znam");
  RESOLVE(new_nothrow, "_ZnwmRKSt9nothrow_t");
  RESOLVE(new_array_nothrow, "_ZnamRKSt9nothrow_t");
  RESOLVE(new_aligned, "_ZnwmSt11align_val_t");
  RESOLVE(new_array_aligned, "_ZnamSt11align_val_t");
  RESOLVE(new_aligned_nothrow, "_ZnwmSt11align_val_tRKSt9nothrow_t");
  RESOLVE(new_array_aligned_nothrow, "_ZnamSt11align_val_tRKSt9nothrow_t");
  rt_leave_runtime();
  if (!rt_real.malloc || !rt_real.calloc || !rt_real.realloc || !rt_real.free) {
    static const char msg[] = "allocsite: error: cannot find the C library's malloc to forward to\n";
    ssize_t ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    abort();
  }
  __atomic_store_n(&rt_real_resolved, 1, __ATOMIC_RELEASE);
  errno = saved_errno;
}
