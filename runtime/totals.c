/*
 * totals.c - the one rule for "how much did the program allocate", shared
 * by the report's totals and allocsite_totals() (README, "Each allocation
 * once").
 *
 * Every allocation is counted once: at the outermost instrumented
 * allocation call that made it (a site; a call of an allocation wrapper
 * counts what the wrapper allocates inside it, see allocsite_abi.h), or,
 * when no instrumented call made it (uninstrumented code, a call through a
 * function pointer, the C library's own), at the malloc-family entry point
 * the interposer saw.  So the program's total is the sites' sum plus the
 * heap allocations made outside every site.
 *
 * The heap allocations made at sites are known exactly: a site of the
 * malloc family, operator new or strdup is one heap block per count (the
 * interposer counts the same call once), and a wrapper call's blocks are
 * the ones the interposer (or a module's NESTED record) counted while the
 * thread's `nested` byte was set.  Promoted sites are stack slots: not in
 * the totals, reported apart.
 */
#include "rt_internal.h"

void rt_site_totals_add(struct rt_site_totals *t, const struct allocsite_site *s,
                        struct allocsite_count c) {
  if (s->flags & (RT_SITE_HEAP_ENTRY | ALLOCSITE_SITE_NESTED))
    return; /* not sites */
  if (s->flags & ALLOCSITE_SITE_PROMOTED)
    return;
  t->sites.objects += c.objects;
  t->sites.bytes += c.bytes;
  if (!(s->flags & ALLOCSITE_SITE_WRAPPER_CALL)) {
    t->heap_blocks.objects += c.objects;
    t->heap_blocks.bytes += c.bytes;
  }
}

struct allocsite_count rt_heap_at_sites(const struct rt_site_totals *t,
                                        const struct rt_heap_counts *heap, int interposed) {
  /* Without the interposer the heap is not counted, nor any part of it. */
  struct allocsite_count at = {0, 0};
  if (interposed) {
    at.objects = t->heap_blocks.objects + heap->nested.objects;
    at.bytes = t->heap_blocks.bytes + heap->nested.bytes;
  }
  return at;
}

struct allocsite_count rt_program_total(const struct rt_site_totals *t,
                                        const struct rt_heap_counts *heap, int interposed) {
  struct allocsite_count total = t->sites;
  if (!interposed)
    return total;
  struct allocsite_count heap_all = {0, 0}, at = rt_heap_at_sites(t, heap, interposed);
  for (int e = 0; e < RT_HEAP_NUM_ENTRIES; e++) {
    heap_all.objects += heap->by_entry[e].objects;
    heap_all.bytes += heap->by_entry[e].bytes;
  }
  /* The heap is read after the sites (an allocation reaches its heap count
   * first), so it covers them; the guard only matters if that ever broke. */
  if (heap_all.objects > at.objects)
    total.objects += heap_all.objects - at.objects;
  if (heap_all.bytes > at.bytes)
    total.bytes += heap_all.bytes - at.bytes;
  return total;
}
