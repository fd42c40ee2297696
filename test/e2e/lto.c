// Link-time optimisation (-flto and -flto=thin, linked with lld): allocation
// functions of another translation unit are inlined into this one at link
// time, after allocsite has instrumented both.  The counts stay exact per
// line, and the totals equal count_shim.so's own count.
//
// REQUIRES: lld
// RUN: %cc_as -O2 -g -flto -fuse-ld=lld %s %S/Inputs/lto_lib.c %rt -o %t.full
// RUN: rm -f %t.full.json %t.full.shim
// RUN: env ALLOCSITE_OUT=%t.full.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.full.shim %t.full
// RUN: %check-expect %s %t.full.json
// RUN: %check-expect %S/Inputs/lto_lib.c %t.full.json
// RUN: %check-expect --totals-from %t.full.shim %t.full.json
//
// RUN: %cc_as -O2 -g -flto=thin -fuse-ld=lld %s %S/Inputs/lto_lib.c %rt -o %t.thin
// RUN: rm -f %t.thin.json %t.thin.shim
// RUN: env ALLOCSITE_OUT=%t.thin.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.thin.shim %t.thin
// RUN: %check-expect %s %t.thin.json
// RUN: %check-expect %S/Inputs/lto_lib.c %t.thin.json
// RUN: %check-expect --totals-from %t.thin.shim %t.thin.json
//
// And at -O0 (no link-time inlining):
// RUN: %cc_as -O0 -g -flto -fuse-ld=lld %s %S/Inputs/lto_lib.c %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect %S/Inputs/lto_lib.c %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
#include <stdio.h>
#include <stdlib.h>

void *make_block(size_t n);
char *copy_name(const char *s);
void release(void *p);

static void *volatile keep[200];

int main(void) {
  int k = 0;
  for (int i = 0; i < 150; i++)
    keep[k++] = make_block(32);
  for (int i = 0; i < 10; i++)
    keep[k++] = copy_name("abcde");
  keep[k++] = calloc(5, 5); // EXPECT: objects=1 bytes=25
  for (int i = 0; i < k; i++)
    release(keep[i]);
  printf("%d blocks\n", k);
  return 0;
}
// EXPECT-TOTAL: objects=161 bytes=4885
