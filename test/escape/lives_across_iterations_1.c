// Heap, reason lives-across-iterations: each iteration's object is still
// reachable when the next iteration allocates - a list built in a loop
// (prepended and appended) and a local array of pointers filled in a loop.
// Nothing escapes the function and nothing is freed, so this is the only
// reason.  Where a list keeps its nodes is not one obvious instruction (at
// -O2 it is a phi), so only the file is checked for those.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 3
#include <stdlib.h>
#include <string.h>

struct node {
  struct node *next;
  int value;
};

int list_prepended_in_loop(const int *src, int n) {
  struct node *head = NULL;
  for (int i = 0; i < n; i++) {
    struct node *nd = malloc(sizeof *nd); // CHECK-DAG: [[@LINE]]:23: remark: malloc(16) stays on the heap: kept across loop iterations at {{.*}}lives_across_iterations_1.c:{{[0-9]+}}:{{[0-9]+}} [site {{[0-9a-f]{16}\]}}
    nd->value = src[i];
    nd->next = head;
    head = nd;
  }
  int sum = 0;
  for (struct node *it = head; it; it = it->next)
    sum += it->value;
  return sum;
}

int list_appended_in_loop(const int *src, int n) {
  struct node *head = NULL, *tail = NULL;
  for (int i = 0; i < n; i++) {
    struct node *nd = malloc(sizeof *nd); // CHECK-DAG: [[@LINE]]:23: remark: malloc(16) stays on the heap: kept across loop iterations at {{.*}}lives_across_iterations_1.c:{{[0-9]+}}:{{[0-9]+}} [site {{[0-9a-f]{16}\]}}
    nd->value = src[i];
    nd->next = NULL;
    if (tail)
      tail->next = nd;
    else
      head = nd;
    tail = nd;
  }
  int best = 0;
  for (struct node *it = head; it; it = it->next)
    if (it->value > best)
      best = it->value;
  return best;
}

int array_filled_in_loop(const char *src, int n) {
  char *rows[8];
  if (n > 8)
    n = 8;
  for (int i = 0; i < n; i++) {
    rows[i] = malloc(16); // CHECK-DAG: [[@LINE]]:15: remark: malloc(16) stays on the heap: kept across loop iterations at {{.*}}lives_across_iterations_1.c:[[@LINE]]:13 [site {{[0-9a-f]{16}\]}}
    memcpy(rows[i], src + 16 * i, 16);
  }
  int s = 0;
  for (int i = 0; i < n; i++)
    s += rows[i][i];
  return s;
}
