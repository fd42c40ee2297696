// -fsave-optimization-record carries the verdicts as structured records: the
// remark kind (Passed = promotable, Missed = heap), the reason code as the
// remark name, and the allocator, its size arguments, site ID and message as
// arguments.
// RUN: %cc_as -O2 -g -c -fsave-optimization-record -foptimization-record-passes=allocsite -foptimization-record-file=%t.yaml %s -o /dev/null
// RUN: FileCheck %s < %t.yaml
#include <stdlib.h>
#include <string.h>

void *g;

int local(const char *src) {
  char *p = malloc(16);
  memcpy(p, src, 16);
  int v = p[3];
  free(p);
  return v;
}

void global(const char *src) {
  char *p = malloc(8);
  memcpy(p, src, 8);
  g = p;
}

// CHECK-LABEL: --- !Passed
// CHECK-NEXT: Pass: allocsite
// CHECK-NEXT: Name: Promotable
// CHECK:      Function: local
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Allocator: malloc
// CHECK-NEXT:   - String: '('
// CHECK-NEXT:   - Size: '16'
// CHECK-NEXT:   - String: ')'
// CHECK-NEXT:   - String: ' does not escape: can be stack-allocated'
// CHECK:        - Site: {{[0-9a-f]+}}
// CHECK-LABEL: --- !Missed
// CHECK-NEXT: Pass: allocsite
// CHECK-NEXT: Name: stored-to-global
// CHECK:      Function: global
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Allocator: malloc
// CHECK-NEXT:   - String: '('
// CHECK-NEXT:   - Size: '8'
// CHECK-NEXT:   - String: ')'
// CHECK-NEXT:   - String: ' stays on the heap: '
// CHECK-NEXT:   - Message: 'stored to global ''g'' at {{.*}}optimization_record.c:23:5'
// CHECK-NEXT:   - String: ' [site '
// CHECK-NEXT:   - Site: {{[0-9a-f]+}}
