// Every C allocator allocsite counts, each on its own line in a loop with a
// known trip count; failed allocations (NULL, or posix_memalign != 0) are not
// counted.  The report must match the annotations exactly at -O0 and -O2,
// and its totals must equal what count_shim.so counts on its own.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim %t.O2.json
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Everything allocated is kept here until the end, so -O2 cannot delete an
// allocation as unused; volatile sizes keep it from folding the failing calls.
static void *volatile keep[128];
static int kept;
static void hold(void *p) {
  if (p)
    keep[kept++] = p;
}
static volatile size_t huge = SIZE_MAX;
static volatile size_t half = SIZE_MAX / 2;

int main(void) {
  for (int i = 0; i < 10; i++)
    hold(malloc(8 * (size_t)i + 1)); // EXPECT: objects=10 bytes=370 allocator=malloc

  for (int i = 0; i < 5; i++)
    hold(calloc((size_t)i + 1, 12)); // EXPECT: objects=5 bytes=180 allocator=calloc

  // Not realloc(NULL, ...): -O2 turns a peeled realloc(NULL, n) into malloc(n).
  void *grown = malloc(8); // EXPECT: objects=1 bytes=8 allocator=malloc
  for (int i = 0; i < 8; i++)
    grown = realloc(grown, (size_t)16 << i); // EXPECT: objects=8 bytes=4080 allocator=realloc
  hold(grown);

  void *arr = NULL;
  for (size_t n = 1; n <= 4; n++)
    arr = reallocarray(arr, n, 24); // EXPECT: objects=4 bytes=240 allocator=reallocarray
  hold(arr);

  for (int i = 0; i < 3; i++)
    hold(aligned_alloc(64, 64 * ((size_t)i + 1))); // EXPECT: objects=3 bytes=384 allocator=aligned_alloc

  for (int i = 0; i < 2; i++)
    hold(memalign(32, 100)); // EXPECT: objects=2 bytes=200 allocator=memalign

  hold(malloc(0)); // EXPECT: objects=1 bytes=0 allocator=malloc

  hold(valloc(5000)); // EXPECT: objects=1 bytes=5000 allocator=valloc
  hold(pvalloc(10)); // EXPECT: objects=1 bytes=10 allocator=pvalloc

  for (int i = 0; i < 3; i++) {
    void *p = NULL;
    if (posix_memalign(&p, 16, 48) == 0) // EXPECT: objects=3 bytes=144 allocator=posix_memalign
      hold(p);
  }

  static const char *const words[] = {"a", "bb", "ccc", ""};
  for (int i = 0; i < 4; i++)
    hold(strdup(words[i])); // EXPECT: objects=4 bytes=10 allocator=strdup

  static const char hello[] = "hello world";
  for (volatile size_t n = 0; n < 5; n++)
    hold(strndup(hello, n)); // EXPECT: objects=5 bytes=15 allocator=strndup
  volatile size_t more = 100;
  hold(strndup("abc", more)); // EXPECT: objects=1 bytes=4 allocator=strndup

  // Failures: the sites exist, but nothing is counted.
  void *q = (void *)1;
  int status = posix_memalign(&q, 3, 16); // EXPECT: objects=0 bytes=0 sites=1
  void *m = malloc(huge); // EXPECT: objects=0 bytes=0 sites=1
  void *c = calloc(half, 4); // EXPECT: objects=0 bytes=0 sites=1
  void *r = realloc(NULL, huge); // EXPECT: objects=0 bytes=0 sites=1
  void *ra = reallocarray(NULL, half, 8); // EXPECT: objects=0 bytes=0 sites=1
  void *still = keep[0];
  void *r2 = realloc(still, huge); // EXPECT: objects=0 bytes=0 sites=1 allocator=realloc
  // Observed through volatile, or -O2 may delete a call whose result is only
  // compared with NULL (and fold the comparison as if it had succeeded).
  static void *volatile failed[5];
  failed[0] = m, failed[1] = c, failed[2] = r, failed[3] = ra, failed[4] = r2;
  if (status == 0 || failed[0] || failed[1] || failed[2] || failed[3] || failed[4]) {
    printf("an allocation that must fail succeeded\n");
    return 1;
  }

  for (int i = 0; i < kept; i++)
    free(keep[i]);
  printf("kept %d\n", kept);
  return 0;
}
// EXPECT-TOTAL: objects=49 bytes=10645
