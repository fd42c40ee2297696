// Not a wrapper: initialises fields of what it allocates (a constructor).
// Only allocation, reads, zeroing and null checks are allowed in a wrapper, so
// the constructor's malloc is judged as an ordinary site (returned).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
  struct node *next;
  int value;
};

__attribute__((noinline)) struct node *node_new(int v) {
  struct node *n = malloc(sizeof *n); // CHECK-DAG: [[@LINE]]:20: remark: malloc(16) stays on the heap: returned to the caller at {{.*}}not_constructor.c:[[@LINE+5]]:3 [site {{[0-9a-f]{16}\]}}
  if (!n)
    abort();
  n->next = NULL;
  n->value = v;
  return n;
}

int use(int v) {
  struct node *n = node_new(v);
  int s = n->value;
  free(n);
  return s;
}
