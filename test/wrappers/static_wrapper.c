// Wrapper, static: xmalloc returns malloc's result and aborts on NULL.  Its
// call is judged where the object is used (promotable: it is only read and
// freed), and its own malloc says it belongs to the wrapper.  At -O2 the
// constant argument of the only call is folded into the static wrapper: its
// size is then fixed, and the call reads "xmalloc()".
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static void *xmalloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc({{...|48}}) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

int use(const char *s) {
  char *t = xmalloc(48); // CHECK-DAG: [[@LINE]]:13: remark: xmalloc({{(48)?}}) does not escape: can be stack-allocated (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  strcpy(t, s);
  int k = t[0] + t[1];
  free(t);
  return k;
}
