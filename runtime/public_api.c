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
  struct allocsite_count sites; /* sites that count heap objects of their own */
};

static void add_module_totals(const struct allocsite_module *m, void *ctx) {
  struct totals_pass *pass = ctx;
  for (uint32_t i = 0; i < m->num_sites; i++) {
    uint32_t flags = m->sites[i].flags;
    /* The others are the interposer's, counted again at other sites, or
     * not heap objects. */
    if (flags & (RT_SITE_HEAP_ENTRY | ALLOCSITE_SITE_IN_WRAPPER | ALLOCSITE_SITE_PROMOTED))
      continue;
    struct allocsite_count c = rt_site_count(m, i);
    pass->sites.objects += c.objects;
    pass->sites.bytes += c.bytes;
  }
}

/* The program's totals: every heap allocation of the process when the
 * runtime's malloc family is the one in use (interpose.c), otherwise what
 * the instrumented sites counted. */
struct allocsite_count rt_sum_totals(void) {
  if (rt_heap_interposed()) {
    struct allocsite_count by_entry[RT_HEAP_NUM_ENTRIES], sum = {0, 0};
    rt_heap_snapshot(by_entry);
    for (int e = 0; e < RT_HEAP_NUM_ENTRIES; e++) {
      sum.objects += by_entry[e].objects;
      sum.bytes += by_entry[e].bytes;
    }
    return sum;
  }
  struct totals_pass pass = {{0, 0}};
  rt_for_each_module(add_module_totals, &pass);
  return pass.sites;
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
