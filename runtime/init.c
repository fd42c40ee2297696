/*
 * init.c - when the report is written.
 *
 * As late as the runtime can run: from a destructor of the executable with
 * the highest priority (101, so it runs after the executable's other
 * destructors).  glibc runs the executable's destructors after every atexit
 * handler registered once the program started and after the C++ static
 * destructors of its objects, so allocations made there are counted; a PIE
 * executable's destructors also come after handlers registered by its
 * .preinit_array functions.  What runs later and is not in the report:
 * shared libraries' destructors, their C++ static destructors and atexit
 * handlers (the dynamic linker finalises libraries after the executable),
 * and in a non-PIE executable handlers registered from .preinit_array.
 * _exit, abort and fatal signals skip all of this: no report
 * (ALLOCSITE_DUMP_SIGNAL, dump_signal.c, writes one on request).
 *
 * The destructor lives in the runtime, so in whichever object (normally the
 * executable) links it; rt_is_primary keeps a second copy from writing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "rt_internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* Inside the re-entry guard: starting the dump thread allocates (its TLS,
 * through the program's calloc), and that allocation, counted, would
 * register the heap's block, which waits for this very initialisation.  It
 * is the runtime's own, like every allocation made here.  (Seen when the
 * archive's members run in another order: allocsite-cc links it whole.) */
static void initialize(void) {
  int saved_errno = errno; /* may run from a library's constructor, mid-program */
  rt_enter_runtime();
  rt_fork_init();
  rt_dump_signal_init();
  rt_leave_runtime();
  errno = saved_errno;
}

void rt_ensure_initialized(void) { pthread_once(&init_once, initialize); }

__attribute__((constructor(101))) static void allocsite_runtime_init(void) {
  rt_ensure_initialized();
}

__attribute__((destructor(101))) static void allocsite_runtime_fini(void) {
  /* Only the copy that holds the modules writes; see primary_copy.c. */
  if (rt_is_primary())
    rt_write_report(NULL);
}
