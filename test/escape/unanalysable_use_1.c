// Heap, reason unanalysable-use: the pointer is an operand of inline asm,
// which may do anything with it - a register input, a memory operand, and an
// asm goto input (a callbr instruction).  Each site is otherwise local and
// freed.  (Pointer atomics are no example in C: clang emits them on i64,
// through a ptrtoint at -O2.)
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 4
#include <stdlib.h>
#include <string.h>

int asm_register_input(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: used by an instruction allocsite cannot analyse ('call') at {{.*}}unanalysable_use_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  __asm__ volatile("" : : "r"(p) : "memory");
  int v = p[7];
  free(p);
  return v;
}

int asm_memory_operand(const char *src) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: used by an instruction allocsite cannot analyse ('call') at {{.*}}unanalysable_use_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  __asm__ volatile("" : : "m"(*p));
  int v = p[3];
  free(p);
  return v;
}

int asm_derived_input(const char *src) {
  char *p = malloc(48); // CHECK-DAG: [[@LINE]]:13: remark: malloc(48) stays on the heap: used by an instruction allocsite cannot analyse ('call') at {{.*}}unanalysable_use_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 48);
  __asm__ volatile("" : : "r"(p + 16) : "memory");
  int v = p[20];
  free(p);
  return v;
}

int asm_goto_input(const char *src) {
  char *p = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) stays on the heap: used by an instruction allocsite cannot analyse ('callbr') at {{.*}}unanalysable_use_1.c:[[@LINE+3]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 24);
  int v = 0;
  __asm__ goto("" : : "r"(p) : "memory" : skipped);
  v = p[1];
skipped:
  v += p[2];
  free(p);
  return v;
}
