// Wrapper that accounts the usable size of what it got (zmalloc-style): asking
// malloc_usable_size does not keep the pointer, so it is still a wrapper.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>

size_t used_memory;

__attribute__((noinline)) void *zmalloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'zmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  used_memory += malloc_usable_size(p);
  return p;
}

int use(int v) {
  int *t = zmalloc(40); // CHECK-DAG: [[@LINE]]:12: remark: zmalloc(40) does not escape: can be stack-allocated (never freed: a leak) (through wrapper zmalloc) [site {{[0-9a-f]{16}\]}}
  t[v % 10] = v;
  return t[0];
}
