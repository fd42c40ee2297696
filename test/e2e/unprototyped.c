// Old-style C declares the allocator without a prototype.  clang declares
// @malloc(...) and calls it with a variadic call type; such a call is still a
// direct call of malloc and a site, counted exactly at -O0 and -O2 (it used
// to be counted only by the interposer, as heap outside instrumented sites).
//
// RUN: %cc_as -O0 -g -std=gnu89 -Wno-deprecated-non-prototype %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
//
// RUN: %cc_as -O2 -g -std=gnu89 -Wno-deprecated-non-prototype %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim %t.O2.json
int printf();
char *malloc();
void free();

char *keep[12];
volatile unsigned long sizes[3] = {8, 24, 100};

int main() {
  int i;
  for (i = 0; i < 12; i++)
    keep[i] = malloc(sizes[i % 3]); // EXPECT: objects=12 bytes=528 allocator=malloc
  printf("%d\n", keep[11] != 0);
  for (i = 0; i < 12; i++)
    free(keep[i]);
  return 0;
}
