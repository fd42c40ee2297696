/*
 * reentry_guard.c - marks the stretches where the runtime does its own
 * bookkeeping (resolving the real allocator, registering a module or a
 * thread, reading a thread's stack bounds), so that an allocation made there
 * is not taken for the program's.
 *
 * Such allocations (dlsym's, pthread_setspecific's, pthread_getattr_np's)
 * are served from a static buffer (real_functions.c): they are not the
 * program's, they are never counted, they never reach the real allocator
 * (so an independent counter agrees with the report), and nothing recurses.
 * The entry points test the guard inline (rt_in_runtime), so it is one
 * thread-local word.
 */
#include "rt_internal.h"

/* volatile: GCC otherwise folds the increment and decrement around dlsym,
 * not seeing that dlsym calls back into malloc here. */
__thread volatile int rt_runtime_depth __attribute__((tls_model("initial-exec")));

void rt_enter_runtime(void) { rt_runtime_depth++; }
void rt_leave_runtime(void) { rt_runtime_depth--; }
