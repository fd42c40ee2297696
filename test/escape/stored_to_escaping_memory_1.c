// Heap, reason stored-to-escaping-memory: the pointer is stored through an
// out-parameter, into a field of a struct the caller passed, into a heap array
// reachable from a parameter, and into another heap object that is itself
// returned (that object's own site is heap, returned).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>
#include <string.h>

int make_into_out_param(char **out, const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: stored to memory that outlives the function at {{.*}}stored_to_escaping_memory_1.c:[[@LINE+2]]:8 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  *out = p;
  return 0;
}

struct config {
  int verbose;
  char *label;
};

void set_label(struct config *cfg, const char *s) {
  char *p = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) stays on the heap: stored to memory that outlives the function at {{.*}}stored_to_escaping_memory_1.c:[[@LINE+3]]:14 [site {{[0-9a-f]{16}\]}}
  strncpy(p, s, 23);
  p[23] = '\0';
  cfg->label = p;
}

struct list {
  char **items;
  int len;
};

void list_push_copy(struct list *l, const char *src) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to memory that outlives the function at {{.*}}stored_to_escaping_memory_1.c:[[@LINE+2]]:22 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  l->items[l->len++] = p;
}

struct node {
  struct node *next;
  char *data;
};

struct node *make_node(const char *src) {
  struct node *n = malloc(sizeof *n); // CHECK-DAG: [[@LINE]]:20: remark: malloc(16) stays on the heap: returned to the caller at {{.*}}stored_to_escaping_memory_1.c:[[@LINE+5]]:3 [site {{[0-9a-f]{16}\]}}
  char *d = malloc(40);               // CHECK-DAG: [[@LINE]]:13: remark: malloc(40) stays on the heap: stored to memory that outlives the function at {{.*}}stored_to_escaping_memory_1.c:[[@LINE+3]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(d, src, 40);
  n->next = NULL;
  n->data = d;
  return n;
}
