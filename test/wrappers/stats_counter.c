// Wrapper that keeps statistics (a call counter and a byte counter, updated
// without the pointer): still a wrapper.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long alloc_calls, alloc_bytes;

__attribute__((noinline)) void *counted_malloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'counted_malloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  alloc_calls++;
  alloc_bytes += n;
  return p;
}

int use(const char *s) {
  char *t = counted_malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: counted_malloc(24) does not escape: can be stack-allocated (through wrapper counted_malloc) [site {{[0-9a-f]{16}\]}}
  if (!t)
    return -1;
  memcpy(t, s, 24);
  int k = t[5];
  free(t);
  return k;
}
