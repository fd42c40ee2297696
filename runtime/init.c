/*
 * init.c - when the report is written.
 *
 * The report is written from an atexit handler registered as early as
 * possible (the runtime's own constructor runs before the program's, and the
 * first module registration, which may come from a shared library's
 * constructor, registers it too).  atexit handlers run in reverse order, so
 * ours runs after every handler the program registers later, and after the
 * C++ static destructors of objects constructed later: allocations made
 * there are counted.  _exit, abort and fatal signals skip atexit handlers,
 * so they write no report (README, "Limits").
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>

#include "rt_internal.h"

static pthread_once_t exit_hook_once = PTHREAD_ONCE_INIT;

static void write_report_at_exit(void) {
  /* Only the copy that holds the modules writes; see registry.c. */
  if (rt_is_primary())
    rt_write_report();
}

static void install_exit_hook(void) {
  if (atexit(write_report_at_exit) != 0)
    rt_error("cannot register the exit handler; no report will be written");
}

void rt_ensure_initialized(void) { pthread_once(&exit_hook_once, install_exit_hook); }

__attribute__((constructor(101))) static void allocsite_runtime_init(void) {
  rt_ensure_initialized();
}
