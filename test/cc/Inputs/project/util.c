/* util.c - part of the tiny project that test/cc builds with make and CMake.
 * The CHECK lines are matched against its report (FileCheck reads this file
 * as the check file), so each one sits next to the allocation it counts. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

char *make_label(int id) {
  // CHECK-DAG: "file": "{{.*}}util.c", "line": [[@LINE+1]], {{.*}}"function": "make_label", {{.*}}"allocator": "malloc", {{.*}}"objects": 4, "bytes": 64}
  char *label = malloc(16);
  snprintf(label, 16, "item-%d", id);
  return label;
}

int *make_table(int n) {
  // CHECK-DAG: "file": "{{.*}}util.c", "line": [[@LINE+1]], {{.*}}"function": "make_table", {{.*}}"allocator": "calloc", {{.*}}"objects": 1, "bytes": 40}
  return calloc((size_t)n, sizeof(int));
}
