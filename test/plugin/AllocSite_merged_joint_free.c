// A reason that names another site ("freed through a pointer that may point
// to another object (allocated at ...)") names it where that site's own
// remarks put it.  At -O2 the two malloc(32) calls are merged into one call
// with line 0; the message used to drop the "(allocated at ...)" part.
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --check-prefix=O2 --input-file=%t.O2
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefix=O0 --input-file=%t.O0
#include <stdlib.h>
#include <string.h>

void *keep;

int joint(int c, int d) {
  char *b;
  if (c) {
    b = malloc(32); // O2-DAG: [[@LINE]]:9: remark: malloc(32) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_joint_free.c:[[@LINE+7]]:10 (calls at {{.*}}AllocSite_merged_joint_free.c:[[@LINE]]:9 and {{.*}}AllocSite_merged_joint_free.c:[[@LINE+3]]:9 merged by the optimiser) [site
    memset(b, 1, 32);
  } else {
    b = malloc(32); // O0-DAG: [[@LINE]]:9: remark: malloc(32) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_joint_free.c:[[@LINE+4]]:10 [site
    memset(b, 2, 32);
  }
  if (d > 5)
    keep = b;
  char *a = malloc(8); // O2-DAG: [[@LINE]]:13: remark: malloc(8) stays on the heap: freed through a pointer that may point to another object (allocated at {{.*}}AllocSite_merged_joint_free.c:{{17|20}}:9) [site
  // O0-DAG: [[@LINE-1]]:13: remark: malloc(8) stays on the heap: freed through a pointer that may point to another object at {{.*}}AllocSite_merged_joint_free.c:[[@LINE+3]]:3 [site
  a[0] = 3;
  int r = a[0] + b[1];
  free(d ? a : b);
  return r;
}
