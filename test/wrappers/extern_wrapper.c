// Wrapper with external linkage (a definition nothing replaces at link time
// in a non-PIC build): recognised like a static one.
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
  if (p == NULL) {
    fputs("out of memory\n", stderr);
    exit(1);
  }
  return p;
}

void *keep;

int use(int v) {
  int *a = xmalloc(16 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: xmalloc(64) does not escape: can be stack-allocated (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  for (int i = 0; i < 16; i++)
    a[i] = v + i;
  int s = a[3] + a[15];
  free(a);
  int *b = xmalloc(8); // CHECK-DAG: [[@LINE]]:12: remark: xmalloc(8) stays on the heap: stored to global 'keep' at {{.*}}extern_wrapper.c:[[@LINE+1]]:8 (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  keep = b;
  return s;
}
