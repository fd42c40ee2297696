/*
 * public_api.c - the functions declared in include/allocsite.h.
 *
 * The only non-ABI symbols the runtime exports.  allocsite-cc exports them
 * from the executable too, so an instrumented shared library that calls them
 * reaches the process's one registry.
 */
#define _GNU_SOURCE
#include <errno.h>

#include "include/allocsite.h"
#include "rt_internal.h"

struct totals_pass {
  struct allocsite_count sum;
};

static void add_module_totals(const struct allocsite_module *m, void *ctx) {
  struct totals_pass *pass = ctx;
  for (uint32_t i = 0; i < m->num_sites; i++) {
    struct allocsite_count c = rt_site_count(m, i);
    pass->sum.objects += c.objects;
    pass->sum.bytes += c.bytes;
  }
}

/* The program's totals: for now the sum over the instrumented sites.  The
 * one place to change when the totals come from somewhere else. */
struct allocsite_count rt_sum_totals(void) {
  struct totals_pass pass = {{0, 0}};
  rt_for_each_module(add_module_totals, &pass);
  return pass.sum;
}

RT_EXPORT int allocsite_totals(struct allocsite_totals *out) {
  if (!out)
    return -1;
  struct allocsite_count sum = rt_sum_totals();
  out->objects = sum.objects;
  out->bytes = sum.bytes;
  return 0;
}

RT_EXPORT int allocsite_write_report(const char *path) {
  int saved_errno = errno;
  int status = rt_write_report(path);
  errno = saved_errno;
  return status;
}

RT_EXPORT void allocsite_reset(void) { rt_reset_all_counts(); }
