// Heap, reason returned: the pointer, a pointer derived from it, a struct
// returned by value that contains it, and memcpy's result (memcpy returns its
// first argument) are returned to the caller.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>
#include <string.h>

char *returned_directly(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: returned to the caller at {{.*}}returned_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  return p;
}

char *returned_derived(const char *src) {
  char *p = malloc(40); // CHECK-DAG: [[@LINE]]:13: remark: malloc(40) stays on the heap: returned to the caller at {{.*}}returned_1.c:[[@LINE+3]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 40);
  char *body = p + 8;
  return body;
}

struct span {
  char *data;
  long len;
};

struct span returned_in_struct(const char *src) {
  struct span s;
  s.len = 24;
  s.data = malloc(24); // CHECK-DAG: [[@LINE]]:12: remark: malloc(24) stays on the heap: returned to the caller at {{.*}}returned_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(s.data, src, 24);
  return s;
}

void *returned_by_memcpy(const char *src) {
  void *p = malloc(20); // CHECK-DAG: [[@LINE]]:13: remark: malloc(20) stays on the heap: returned to the caller at {{.*}}returned_1.c:[[@LINE+1]]:3 [site {{[0-9a-f]{16}\]}}
  return memcpy(p, src, 20);
}

// Returned on one path only (freed on the other): still returned.
int *returned_on_one_path(const int *src, int keep) {
  int *a = calloc(8, sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: calloc(8, 4) stays on the heap: returned to the caller at {{.*}}returned_1.c:[[@LINE+8]]:3 [site {{[0-9a-f]{16}\]}}
  int *r = NULL;
  for (int k = 0; k < 8; k++)
    a[k] = src[k];
  if (keep)
    r = a;
  else
    free(a);
  return r;
}
