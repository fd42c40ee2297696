// Not a wrapper: frees its allocation on one path (and returns null there);
// the rule admits no other use of the fresh pointer, and the function is
// judged as ordinary code.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) char *checked_alloc(size_t n, int ok) {
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}not_freed_on_error.c:21:1 [site {{[0-9a-f]{16}\]}}
  if (!ok) {
    free(p);
    return NULL;
  }
  return p;
}

int use(int v) {
  char *a = checked_alloc(8, v);
  return a ? a[0] : 0;
}
