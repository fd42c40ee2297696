// Promotable: the plainest sites - malloc/free, calloc/free, a never-freed
// site (a leak, still promotable), a pointer copied between local variables
// (at -O0 each copy goes through a stack slot), and a null check.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>

int simple_malloc(const char *src, int i) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 64; k++)
    p[k] = src[k];
  int r = p[i & 63];
  free(p);
  return r;
}

int simple_calloc(int i, int v) {
  int *a = calloc(4, 16); // CHECK-DAG: [[@LINE]]:12: remark: calloc(4, 16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  a[i & 15] = v;
  int s = 0;
  for (int k = 0; k < 16; k++)
    s += a[k] * k;
  free(a);
  return s;
}

int never_freed(const int *src, int i) {
  int *a = malloc(32); // CHECK-DAG: [[@LINE]]:12: remark: malloc(32) does not escape: can be stack-allocated (never freed: a leak) [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 8; k++)
    a[k] = src[k] + 1;
  return a[i & 7];
}

int copied_between_locals(const char *src, int i) {
  char *p = malloc(48); // CHECK-DAG: [[@LINE]]:13: remark: malloc(48) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  char *q = p;
  char *r;
  r = q;
  for (int k = 0; k < 48; k++)
    q[k] = src[k];
  int v = r[i % 48];
  free(r);
  return v;
}

int null_checked(const char *src, int i) {
  char *p = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  if (p == NULL)
    return -1;
  for (int k = 0; k < 24; k++)
    p[k] = src[k];
  int v = p[i % 24];
  free(p);
  return v;
}
