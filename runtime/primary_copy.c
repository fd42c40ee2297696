/*
 * primary_copy.c - one process, one registry: which copy of the runtime
 * the process uses.
 *
 * A runtime can end up linked into a shared library as well as the
 * executable (build systems that record it as an implicit link library do
 * this), and every copy would write a report at exit, the last one
 * clobbering the others.  So each ABI entry point (module_registration.c,
 * thread_registration.c) first asks the dynamic linker which definition the
 * process uses and, if that is another copy, forwards to it: every module
 * and thread then lives in that copy, and the others, holding no modules,
 * write no report.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>

#include "rt_internal.h"

static struct rt_entry_points primary;
static pthread_once_t primary_once = PTHREAD_ONCE_INIT;

/* Whether p is code of the object (executable or library) this copy is in.
 * Taking the address of our own exported function would not tell: in a
 * shared library it resolves to whichever definition the process uses. */
static int in_this_object(void *p) {
  Dl_info theirs, ours;
  if (!dladdr(p, &theirs) || !dladdr((void *)&in_this_object, &ours))
    return 1;
  return theirs.dli_fbase == ours.dli_fbase;
}

static void find_primary(void) {
  void *reg = dlsym(RTLD_DEFAULT, ALLOCSITE_REGISTER_FN);
  if (!reg || in_this_object(reg))
    return;
  void *unreg = dlsym(RTLD_DEFAULT, ALLOCSITE_UNREGISTER_FN);
  void *slow = dlsym(RTLD_DEFAULT, ALLOCSITE_THREAD_SLOW_FN);
  if (!unreg || !slow)
    return; /* an incompatible copy: keep to ourselves */
  primary.register_module = (void (*)(struct allocsite_module *))reg;
  primary.unregister_module = (void (*)(struct allocsite_module *))unreg;
  primary.thread_slow = (void (*)(struct allocsite_module *))slow;
}

const struct rt_entry_points *rt_primary_copy(void) {
  pthread_once(&primary_once, find_primary);
  return primary.register_module != NULL ? &primary : NULL;
}

int rt_is_primary(void) { return !rt_primary_copy(); }
