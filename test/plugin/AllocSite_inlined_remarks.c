// Copies of one allocation inlined into several callers are sites of their
// own, at the same file:line:column; their remarks tell them apart by the
// chain of calls each was inlined through (innermost first), in the text and
// as InlinedInto/InlinedAt arguments in optimisation records.
//
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.remarks
// RUN: FileCheck %s --input-file=%t.remarks --implicit-check-not=remark:
// RUN: %cc_as -O2 -g -c -fsave-optimization-record -foptimization-record-file=%t.yaml %s -o /dev/null
// RUN: FileCheck %s --check-prefix=YAML --input-file=%t.yaml
#include <stdlib.h>
#include <string.h>

void *keep;

static inline char *copy(const char *s) {
  char *p = malloc(8); // CHECK-DAG: [[@LINE]]:13: remark: malloc(8) stays on the heap: stored to global 'keep' at {{.*}}:{{[0-9]+}}:{{[0-9]+}} (inlined into twice_inlined at {{.*}}AllocSite_inlined_remarks.c:[[@LINE+7]]:10, into first at {{.*}}AllocSite_inlined_remarks.c:[[@LINE+11]]:10) [site {{[0-9a-f]{16}\]}}
  // CHECK-DAG: [[@LINE-1]]:13: remark: malloc(8) stays on the heap: stored to global 'keep' at {{.*}}:{{[0-9]+}}:{{[0-9]+}} (inlined into twice_inlined at {{.*}}AllocSite_inlined_remarks.c:[[@LINE+6]]:10, into second at {{.*}}AllocSite_inlined_remarks.c:[[@LINE+14]]:10) [site {{[0-9a-f]{16}\]}}
  memcpy(p, s, 8);
  return p;
}

static inline char *twice_inlined(const char *s) {
  return copy(s);
}

__attribute__((noinline)) void first(const char *s) {
  keep = twice_inlined(s);
}

__attribute__((noinline)) void second(const char *s) {
  keep = twice_inlined(s);
}
// YAML: - InlinedInto: twice_inlined
// YAML: - InlinedInto: first
