// count_shim.so itself counts exactly, on a program built without allocsite:
// every C allocator once (failures not counted), and none of the C
// library's own allocations (stdio buffers, fopen, getline, asprintf, the
// malloc inside strdup).  Without COUNT_SHIM_OUT it writes nothing.
//
// RUN: %clang -O0 -g %s -o %t.O0
// RUN: rm -f %t.O0.shim
// RUN: env LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0 %s | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --match-full-lines < %t.O0.shim
//
// RUN: %clang -O2 -g %s -o %t.O2
// RUN: rm -f %t.O2.shim
// RUN: env LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2 %s | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --match-full-lines < %t.O2.shim
//
// RUN: rm -rf %t.none && mkdir %t.none && cd %t.none
// RUN: env LD_PRELOAD=%count-shim %t.O2 %s | FileCheck %s --check-prefix=OUT
// RUN: ls -A %t.none | count 0
//
// CHECK: objects=14 bytes=313
// CHECK-NOT: {{.}}
// OUT: first line: // count_shim.so itself counts
// OUT: done
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile keep[32];
static int kept;
static void hold(void *p) { keep[kept++] = p; }
static volatile size_t huge = SIZE_MAX;

int main(int argc, char **argv) {
  for (int i = 0; i < 3; i++)
    hold(malloc(10)); // 3 objects, 30 bytes
  hold(calloc(3, 5)); // 15
  void *r = malloc(1); // 1
  hold(realloc(r, 99)); // 99
  hold(reallocarray(NULL, 4, 6)); // 24
  hold(aligned_alloc(32, 64)); // 64
  hold(memalign(16, 20)); // 20
  hold(valloc(10)); // 10
  hold(pvalloc(1)); // 1
  void *p;
  if (posix_memalign(&p, 16, 40) == 0) // 40
    hold(p);
  if (posix_memalign(&p, 3, 40) == 0) // fails: EINVAL
    hold(p);
  hold(strdup("four")); // 5, not 10: strdup's own malloc is libc's
  hold(strndup("abcdef", 3)); // 4
  hold(malloc(huge)); // fails
  // 14 objects, 30+15+1+99+24+64+20+10+1+40+5+4 = 313 bytes

  // The C library allocating for itself: none of this counts.
  if (argc > 1) {
    FILE *f = fopen(argv[1], "r");
    char *line = NULL;
    size_t cap = 0;
    if (f && getline(&line, &cap, f) > 0)
      printf("first line: %s", line);
    free(line);
    if (f)
      fclose(f);
  }
  char *s = NULL;
  if (asprintf(&s, "%d", 42) > 0)
    free(s);
  puts("done");
  for (int i = 0; i < kept; i++)
    free(keep[i]);
  return 0;
}
