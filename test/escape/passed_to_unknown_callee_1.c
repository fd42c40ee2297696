// Heap, reason passed-to-unknown-callee: the pointer is passed to an indirect
// call - through a function pointer parameter, a global function pointer, and
// a function pointer in a struct of operations.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 3
#include <stdlib.h>
#include <string.h>

int through_parameter(int (*visit)(const char *), const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: passed to an indirect call, which may capture it, at {{.*}}passed_to_unknown_callee_1.c:[[@LINE+2]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  int r = visit(p);
  free(p);
  return r;
}

void (*g_hook)(void *);

void through_global_pointer(const char *src) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: passed to an indirect call, which may capture it, at {{.*}}passed_to_unknown_callee_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  g_hook(p);
}

struct ops {
  void (*open)(void);
  int (*write)(void *ctx, const char *buf, int len);
};

int through_ops_table(const struct ops *o, void *ctx, const char *src) {
  char *buf = malloc(256); // CHECK-DAG: [[@LINE]]:15: remark: malloc(256) stays on the heap: passed to an indirect call, which may capture it, at {{.*}}passed_to_unknown_callee_1.c:[[@LINE+2]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(buf, src, 256);
  int n = o->write(ctx, buf, 256);
  free(buf);
  return n;
}
