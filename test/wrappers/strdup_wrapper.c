// Wrapper of strdup (git's xstrdup): bytes counted as for strdup; a size that
// is not a compile-time constant makes a call that does not escape
// promotable if small (a stack buffer for the short strings).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) char *xstrdup(const char *s) {
  char *p = strdup(s); // CHECK-DAG: [[@LINE]]:13: remark: strdup(...) stays on the heap: returned: wrapper 'xstrdup', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

int use(const char *s) {
  char *t = xstrdup(s); // CHECK-DAG: [[@LINE]]:13: remark: xstrdup(...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) (through wrapper xstrdup) [site {{[0-9a-f]{16}\]}}
  int k = t[0];
  free(t);
  return k;
}
