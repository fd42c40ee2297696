// -allocsite-promote: promotable sites become stack slots (remark "promoted
// to stack", report flag "promoted", still one object per execution), heap
// sites stay calls; through -mllvm, ALLOCSITE_PROMOTE=1 and allocsite-cc
// --promote, at -O0 and -O2.
// RUN: %cc_as -O0 -g -fplugin=%plugin -mllvm -allocsite-promote -Rpass=allocsite -Rpass-missed=allocsite -fno-caret-diagnostics -fsave-optimization-record -foptimization-record-file=%t.O0.yaml %s %rt -o %t.O0 2> %t.O0.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O0.txt
// RUN: FileCheck %s --check-prefix=YAML < %t.O0.yaml
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=REPORT < %t.O0.json
// RUN: %allocsite-report top %t.O0.json | FileCheck %s --check-prefix=TOP
// RUN: env ALLOCSITE_PROMOTE=1 %cc_as -O2 -g -Rpass=allocsite -Rpass-missed=allocsite -fno-caret-diagnostics %s %rt -o %t.O2 2> %t.O2.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O2.txt
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=REPORT < %t.O2.json
// RUN: %allocsite-cc --promote -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// Without the option nothing is rewritten.
// RUN: %allocsite-cc -O2 -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OFF
// RUN: env ALLOCSITE_PROMOTE=0 %cc_as -O0 -g -Rpass=allocsite -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=OFF-REMARK
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *g;

__attribute__((noinline)) int per_iteration(const char *s, int n) {
  int t = 0;
  for (int i = 0; i < n; i++) {
    char *tmp = malloc(32); // REMARK: [[@LINE]]:17: remark: malloc(32) does not escape: promoted to stack [site
    // REPORT: "line": [[#@LINE-1]], "column": 17, {{.*}} "verdict": "promotable", "reason": null, "flags": ["promoted"], "objects": 100, "bytes": 3200}
    strcpy(tmp, s);
    t += tmp[i % 4] + (int)strlen(tmp);
    free(tmp);
  }
  return t;
}

__attribute__((noinline)) long zeroed(int k) {
  long *a = calloc(8, sizeof(long)); // REMARK: [[@LINE]]:13: remark: calloc(8, 8) does not escape: promoted to stack [site
  // REPORT: "line": [[#@LINE-1]], "column": 13, {{.*}} "verdict": "promotable", "reason": null, "flags": ["promoted"], "objects": 1, "bytes": 64}
  a[k & 7] = k;
  long s = 0;
  for (int i = 0; i < 8; i++)
    s += a[i] * (i + 1);
  free(a);
  return s;
}

__attribute__((noinline)) void keep(const char *s) {
  g = malloc(16); // REMARK: [[@LINE]]:7: remark: malloc(16) stays on the heap: stored to global 'g'
  // REPORT: "line": [[#@LINE-1]], "column": 7, {{.*}} "verdict": "heap", {{.*}} "flags": [], "objects": 1, "bytes": 16}
  strcpy(g, s);
}

int main(void) {
  int t = per_iteration("abc", 100);
  long z = zeroed(3);
  keep("xyz");
  printf("%d %ld %s\n", t, z, g);
  free(g);
  return 0;
}
// OUT: 7650 12 xyz

// The heap allocations at sites leave out the promoted ones (stack slots).
// REPORT: "at_sites": {"objects": 1, "bytes": 16}}

// TOP: Of which promoted to the stack (not heap allocations): 101 objects, 3264 bytes
// TOP: 100 {{.*}} per_iteration malloc promotable [promoted]
// TOP: 1 {{.*}} zeroed calloc promotable [promoted]
// TOP: 1 {{.*}} keep malloc heap (stored-to-global){{$}}

// YAML: --- !Passed
// YAML-NEXT: Pass: allocsite
// YAML-NEXT: Name: Promoted
// YAML: --- !Passed
// YAML-NEXT: Pass: allocsite
// YAML-NEXT: Name: Promoted

// IR-LABEL: define {{.*}}@per_iteration(
// IR-NOT: {{@malloc\(|@__allocsite_direct_malloc}}
// IR-NOT: {{@free\(|@__allocsite_direct_free}}
// IR: ret i32
// IR-LABEL: define {{.*}}@zeroed(
// IR-NOT: {{@calloc\(|@__allocsite_direct_calloc}}
// IR-NOT: {{@free\(|@__allocsite_direct_free}}
// IR: ret i64
// IR-LABEL: define {{.*}}@keep(
// IR: load {{.*}}@__allocsite_direct_malloc

// OFF-LABEL: define {{.*}}@per_iteration(
// OFF: load {{.*}}@__allocsite_direct_malloc
// OFF: load {{.*}}@__allocsite_direct_free
// OFF-REMARK: malloc(32) does not escape: can be stack-allocated

