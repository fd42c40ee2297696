// Chain: ymalloc -> xmalloc -> malloc.  Each level's inner call says which
// wrapper returns it; only the outermost call is judged on its merits.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

__attribute__((noinline)) void *ymalloc(size_t n) {
  return xmalloc(n); // CHECK-DAG: [[@LINE]]:10: remark: xmalloc(...) stays on the heap: returned: wrapper 'ymalloc', judged at each call of it (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
}

int use(const char *s) {
  char *t = ymalloc(32); // CHECK-DAG: [[@LINE]]:13: remark: ymalloc(32) does not escape: can be stack-allocated (through wrapper ymalloc) [site {{[0-9a-f]{16}\]}}
  strncpy(t, s, 31);
  t[31] = 0;
  int n = (int)strlen(t);
  free(t);
  return n;
}
