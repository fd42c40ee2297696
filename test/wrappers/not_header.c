// Not a wrapper: stores a size header and returns the memory after it
// (p + 16), so what callers get is not the start of an allocation; callers
// free it through a matching helper that frees p - 16.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void *hdr_alloc(size_t n) {
  size_t *p = malloc(n + 16); // CHECK-DAG: [[@LINE]]:15: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}not_header.c:19:3 [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  p[0] = n;
  return (char *)p + 16;
}

__attribute__((noinline)) void hdr_free(void *q) { free((char *)q - 16); }

int use(int v) {
  int *a = hdr_alloc(32);
  a[v & 7] = v;
  int s = a[0];
  hdr_free(a);
  return s;
}
