// A call with no line (`#line 0` here; also compiler-made calls) keeps line
// 0 in the report, with its file and function; its remarks go to the block
// that holds it, never to line 0, which clang can only report at the
// function's name with "could not determine the original source location".
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass-missed=allocsite -Rpass-analysis=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass-missed=allocsite -Rpass-analysis=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 3
// RUN: not grep "could not determine" %t.O0 %t.O2
// RUN: %cc_as -O2 -g %s %rt -o %t && env ALLOCSITE_OUT=%t.json %t
// RUN: FileCheck %s --check-prefix=JSON < %t.json
// RUN: %allocsite-report top %t.json | FileCheck %s --check-prefix=TOP
#include <stdlib.h>

void *keep;

__attribute__((noinline)) void unknown_line(int n) {
  if (n > 3) { // CHECK-DAG: AllocSite_unknown_line.c:[[@LINE]]:14: remark: heap allocation site {{[0-9a-f]+}}: malloc (the call has no source line)
    // CHECK-DAG: AllocSite_unknown_line.c:[[@LINE-1]]:14: remark: malloc(...) stays on the heap: stored to global 'keep' (the call has no source line) [site {{[0-9a-f]{16}\]}}
    // CHECK-DAG: AllocSite_unknown_line.c:[[@LINE-2]]:14: remark: flow of malloc(...) (the call has no source line) [site {{[0-9a-f]{16}\]}}: call -> stored-to-global
#line 0
    keep = malloc(n);
#line 25
  }
}

// JSON: "file": "{{.*}}AllocSite_unknown_line.c", "line": 0, "column": {{[0-9]+}}, "function": "unknown_line", {{.*}}"objects": 1, "bytes": 5}
// TOP: 1 {{.*}}AllocSite_unknown_line.c unknown_line malloc heap (stored-to-global)
int main(void) {
  unknown_line(5);
  free(keep);
  return 0;
}
