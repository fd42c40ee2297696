// Not a wrapper: records every allocation in a global registry before
// returning it, so the pointer escapes inside the function itself.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *registry[64];
int registered;

__attribute__((noinline)) void *tracked_malloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: stored to global 'registry' at {{.*}}not_registered.c:18:31 [site {{[0-9a-f]{16}\]}}
  registry[registered++ & 63] = p;
  return p;
}

int use(int v) {
  char *a = tracked_malloc(8);
  a[0] = (char)v;
  return a[0];
}
