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

static void add_module_totals(const struct allocsite_module *m, void *ctx) {
  for (uint32_t i = 0; i < m->num_sites; i++)
    rt_site_totals_add(ctx, &m->sites[i], rt_site_count(m, i));
}

/* The program's total, by the rule of totals.c: the same number the report's
 * "totals" gives. */
struct allocsite_count rt_sum_totals(void) {
  struct rt_site_totals sites = {{0, 0}, {0, 0}};
  rt_for_each_module(add_module_totals, &sites);
  struct rt_heap_counts heap;
  rt_heap_snapshot(&heap); /* after the sites, as the report reads them */
  return rt_program_total(&sites, &heap, rt_heap_interposed());
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

RT_EXPORT void allocsite_reset(void) {
  /* Counts first, contexts second: an allocation in between then shows as
   * a heap object without a context ("dropped"), never as a context without
   * a heap object, so the report stays consistent. */
  rt_reset_all_counts();
  rt_contexts_reset();
}
