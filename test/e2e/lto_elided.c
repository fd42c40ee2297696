// Link-time optimisation may delete an allocation that allocsite already
// instrumented when it compiled each translation unit: here make_block's
// malloc and release's free meet only after link-time inlining, the block is
// never used, and LLVM removes the pair.  No allocation happens at run time
// (count_shim.so counts none of them), so the report must not count one
// either ("what is counted is what runs", README).
//
// REQUIRES: lld
// RUN: %cc_as -O2 -g -flto -fuse-ld=lld %s %S/Inputs/lto_lib.c %rt -o %t.full
// RUN: rm -f %t.full.json %t.full.shim
// RUN: env ALLOCSITE_OUT=%t.full.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.full.shim %t.full
// RUN: %check-expect --totals-from %t.full.shim %t.full.json
//
// RUN: %cc_as -O2 -g -flto=thin -fuse-ld=lld %s %S/Inputs/lto_lib.c %rt -o %t.thin
// RUN: rm -f %t.thin.json %t.thin.shim
// RUN: env ALLOCSITE_OUT=%t.thin.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.thin.shim %t.thin
// RUN: %check-expect --totals-from %t.thin.shim %t.thin.json
#include <stdio.h>
#include <stdlib.h>

void *make_block(size_t n);
void release(void *p);

static void *volatile keep;

int main(void) {
  for (int i = 0; i < 100; i++)
    release(make_block(16)); // never used: link-time InstCombine deletes the pair
  keep = make_block(32);     // observed: really allocated
  puts("ok");
  return 0;
}
