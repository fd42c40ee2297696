// Promotable: the mem* functions (memcpy, memmove, memset, memcmp) read or
// write through the pointer without capturing it.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 4
#include <stdlib.h>
#include <string.h>

int with_memcpy(const char *src, int i) {
  char *p = malloc(100); // CHECK-DAG: [[@LINE]]:13: remark: malloc(100) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 100);
  int v = p[i % 100];
  free(p);
  return v;
}

int with_memmove(const char *src, int i) {
  char *p = malloc(100); // CHECK-DAG: [[@LINE]]:13: remark: malloc(100) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 100);
  memmove(p + 1, p, 99);
  int v = p[i % 100];
  free(p);
  return v;
}

// The fill byte is not a constant, so -O2 cannot turn malloc+memset into calloc.
int with_memset(int c, int n, int i) {
  unsigned char *p = malloc(72); // CHECK-DAG: [[@LINE]]:22: remark: malloc(72) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memset(p, c, 72);
  memset(p, c + 1, n % 72);
  int v = p[i % 72];
  free(p);
  return v;
}

int with_memcmp(const char *a, const char *b) {
  char *p = malloc(50); // CHECK-DAG: [[@LINE]]:13: remark: malloc(50) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, a, 50);
  int r = memcmp(p, b, 50);
  free(p);
  return r;
}
