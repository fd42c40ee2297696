// Not a wrapper: returns its argument when it is not null (a "reuse or
// allocate" helper).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) char *reuse_or_alloc(char *old, size_t n) {
  if (old)
    return old;
  return malloc(n); // CHECK-DAG: [[@LINE]]:10: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}not_argument.c:17:1 [site {{[0-9a-f]{16}\]}}
}

int use(char *mine) {
  char *b = reuse_or_alloc(mine, 16);
  b[0] = 2;
  return b[1];
}
