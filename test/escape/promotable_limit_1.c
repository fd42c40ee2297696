// The stack limit (default 4096 bytes) is inclusive: a site of exactly 4096
// bytes is promotable, for malloc and for calloc (count times size); one byte
// more stays on the heap.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 4
#include <stdlib.h>
#include <string.h>

int malloc_at_limit(const char *src, int i) {
  char *p = malloc(4096); // CHECK-DAG: [[@LINE]]:13: remark: malloc(4096) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 4096);
  int v = p[i & 4095];
  free(p);
  return v;
}

int calloc_at_limit(int i, int v) {
  int *a = calloc(64, 64); // CHECK-DAG: [[@LINE]]:12: remark: calloc(64, 64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  a[i & 1023] = v;
  int s = 0;
  for (int k = 0; k < 1024; k += 7)
    s += a[k];
  free(a);
  return s;
}

int malloc_one_over(const char *src, int i) {
  char *p = malloc(4097); // CHECK-DAG: [[@LINE]]:13: remark: malloc(4097) stays on the heap: size 4097 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 4097);
  int v = p[i % 4097];
  free(p);
  return v;
}

int calloc_one_element_over(int i, int v) {
  short *a = calloc(2049, 2); // CHECK-DAG: [[@LINE]]:14: remark: calloc(2049, 2) stays on the heap: size 4098 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  a[i % 2049] = (short)v;
  int s = 0;
  for (int k = 0; k < 2049; k += 5)
    s += a[k];
  free(a);
  return s;
}
