// Heap, reason stored-to-global: the pointer, a pointer derived from it, and
// strcpy's result (strcpy returns its first argument) are stored to globals,
// also into a global struct's field and a global array's element (the global
// named is the variable).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>
#include <string.h>

char *g_buf;
char *g_cursor;
char *g_name;
struct config {
  int verbose;
  char *label;
} g_config;
char *g_table[8];

void store_direct(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: stored to global 'g_buf' at {{.*}}stored_to_global_1.c:[[@LINE+2]]:9 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  g_buf = p;
}

void store_derived(const char *src) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) stays on the heap: stored to global 'g_cursor' at {{.*}}stored_to_global_1.c:[[@LINE+2]]:12 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 64);
  g_cursor = p + 8;
}

void store_strcpy_result(const char *s) {
  char *p = malloc(48); // CHECK-DAG: [[@LINE]]:13: remark: malloc(48) stays on the heap: stored to global 'g_name' at {{.*}}stored_to_global_1.c:[[@LINE+1]]:10 [site {{[0-9a-f]{16}\]}}
  g_name = strcpy(p, s);
}

void store_into_global_struct(const char *s) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to global 'g_config' at {{.*}}stored_to_global_1.c:[[@LINE+3]]:18 [site {{[0-9a-f]{16}\]}}
  strncpy(p, s, 15);
  p[15] = '\0';
  g_config.label = p;
}

void store_into_global_array(int slot, const char *src) {
  char *p = calloc(1, 12); // CHECK-DAG: [[@LINE]]:13: remark: calloc(1, 12) stays on the heap: stored to global 'g_table' at {{.*}}stored_to_global_1.c:[[@LINE+2]]:21 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 11);
  g_table[slot & 7] = p;
}
