// A static wrapper that -O2 inlines before allocsite runs: at -O0 the call
// is a wrapper call (and the wrapper's malloc is in-wrapper); at -O2 the call
// is gone and the inlined malloc is an ordinary site at the wrapper's line,
// judged in the caller (its inlined_at chain names the call).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --check-prefix=O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --check-prefix=O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xmalloc(size_t n) {
  void *p = malloc(n); // O0-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)                // O2-DAG: [[@LINE-1]]:13: remark: malloc(24) does not escape: can be stack-allocated (inlined into use at {{.*}}inlined_at_O2.c:[[@LINE+6]]:13) [site {{[0-9a-f]{16}\]}}
    abort();
  return p;
}

int use(const char *s) {
  char *t = xmalloc(24); // O0-DAG: [[@LINE]]:13: remark: xmalloc(24) does not escape: can be stack-allocated (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  memcpy(t, s, 24);
  int k = t[0] + t[23];
  free(t);
  return k;
}
