// A same-file function that may return its parameter may also return
// something else: a free of its result may free another object, so the site
// stays on the heap.  A C library function that always returns its argument
// (strncpy) does not have that problem.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2>&1 | FileCheck %s
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static char *pick(char *mine, char *theirs, int which) {
  return which ? mine : theirs;
}

int through_pick(const char *src, char *theirs, int which) {
  char *p = malloc(16);
  memcpy(p, src, 16);
  char *q = pick(p, theirs, which);
  int v = q[1];
  free(q);
  return v;
}
// CHECK-DAG: :[[@LINE-7]]:13: remark: malloc(16) stays on the heap: freed through a pointer that may point to another object at {{.*}}:[[@LINE-3]]:3

int through_strncpy(const char *src) {
  char *p = malloc(16);
  p[15] = 0;
  char *q = strncpy(p, src, 15);
  int v = q[1];
  free(q);
  return v;
}
// CHECK-DAG: :[[@LINE-7]]:13: remark: malloc(16) does not escape: can be stack-allocated
