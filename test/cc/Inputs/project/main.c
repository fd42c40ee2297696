/* main.c - the tiny project's program: allocates through util.c and itself,
 * and prints what it built so the test can tell it ran. */
#include <stdio.h>
#include <stdlib.h>

#include "util.h"

int main(void) {
  char *labels[4];
  for (int i = 0; i < 4; i++)
    labels[i] = make_label(i);
  int *table = make_table(10);
  // CHECK-DAG: "file": "{{.*}}main.c", "line": [[@LINE+1]], {{.*}}"function": "main", {{.*}}"allocator": "realloc", {{.*}}"objects": 1, "bytes": 80}
  table = realloc(table, 20 * sizeof(int));
  printf("%s %s %d\n", labels[0], labels[3], table[0]);
  for (int i = 0; i < 4; i++)
    free(labels[i]);
  free(table);
  return 0;
}
// CHECK: "at_sites": {"objects": 6, "bytes": 184}}
