/*
 * heap_snapshot.c - what the heap counted, for the report and
 * allocsite_totals(): the entry points' pseudo-sites of every copy of the
 * runtime in the registry, plus the instrumented calls of the C malloc
 * family that went around the interposer (direct_pointers.c).
 *
 * Only reads: the counting is heap_counts.c's, which sits above the report
 * writer (its registration starts the runtime, which installs the dump
 * signal, which writes reports), so what the writer needs of the heap is
 * here, below it.
 */
#include <string.h>

#include "rt_internal.h"

const char *const rt_heap_entry_names[RT_HEAP_NUM_ENTRIES] = {
#define ALLOCSITE_HEAP_ENTRY(Id, ReportName) [RT_HEAP_##Id] = ReportName,
#include "allocsite_abi.inc"
};

/* Set by the first call through any entry point: proof that the process
 * binds the allocator names to these definitions. */
static int interposer_used;

int rt_heap_interposed(void) { return __atomic_load_n(&interposer_used, __ATOMIC_RELAXED); }
void rt_heap_mark_interposed(void) { __atomic_store_n(&interposer_used, 1, __ATOMIC_RELAXED); }

int rt_direct_sites_bypass;

static int heap_entry_of(const char *allocator) {
  for (int e = 0; e < RT_HEAP_NUM_ENTRIES; e++)
    if (allocator && strcmp(allocator, rt_heap_entry_names[e]) == 0)
      return e;
  return -1;
}

/* The interposer's entry points of every copy of the runtime, plus the
 * instrumented calls of the C malloc family that went around it
 * (direct_pointers.c): their sites' counts, and their modules' NESTED
 * records (such calls made inside an instrumented wrapper call, counted at
 * that call's site). */
static void add_heap_counts(const struct allocsite_module *m, void *ctx) {
  struct rt_heap_counts *heap = ctx;
  int bypass = __atomic_load_n(&rt_direct_sites_bypass, __ATOMIC_ACQUIRE);
  for (uint32_t i = 0; i < m->num_sites; i++) {
    uint32_t flags = m->sites[i].flags;
    int bypassed = bypass && (flags & (ALLOCSITE_SITE_DIRECT | ALLOCSITE_SITE_NESTED));
    if (!(flags & RT_SITE_HEAP_ENTRY) && !bypassed)
      continue;
    int e = heap_entry_of(m->sites[i].allocator);
    if (e < 0)
      continue;
    struct allocsite_count c = rt_site_count(m, i);
    heap->by_entry[e].objects += c.objects;
    heap->by_entry[e].bytes += c.bytes;
    if (flags & ALLOCSITE_SITE_NESTED) {
      heap->nested.objects += c.objects;
      heap->nested.bytes += c.bytes;
    }
  }
}

void rt_heap_snapshot(struct rt_heap_counts *heap) {
  memset(heap, 0, sizeof *heap);
  rt_for_each_module(add_heap_counts, heap);
}
