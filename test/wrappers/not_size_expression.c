// Not a wrapper: the size is not an argument, a product of arguments and
// constants, or a constant (malloc(n + 8), malloc(n * 4) computed in the
// wrapper); counting its calls would lose the bytes.  Name it with
// -allocsite-wrapper=NAME to count its calls anyway (with 0 bytes).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void *padded(size_t n) {
  return malloc(n + 8); // CHECK-DAG: [[@LINE]]:10: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}not_size_expression.c:16:3 [site {{[0-9a-f]{16}\]}}
}

__attribute__((noinline)) int *int_array(size_t n) {
  return malloc(n * 4); // CHECK-DAG: [[@LINE]]:10: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}not_size_expression.c:20:3 [site {{[0-9a-f]{16}\]}}
}

int use(int v) {
  char *a = padded(8);
  int *b = int_array(4);
  a[0] = (char)v;
  b[0] = v;
  int s = a[0] + b[0];
  free(a);
  free(b);
  return s;
}
