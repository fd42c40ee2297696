// Heap, reason converted-to-integer: the pointer is cast to an integer (a
// hash of the address, an address published as an integer, an alignment
// test); the integer could be turned back into a pointer later.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 3
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

unsigned address_hash(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: converted to an integer at {{.*}}converted_to_integer_1.c:[[@LINE+2]]:17 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  uintptr_t a = (uintptr_t)p;
  unsigned h = (unsigned)(a >> 4) ^ (unsigned)(a >> 20) ^ (unsigned)p[5];
  free(p);
  return h;
}

volatile uintptr_t g_last_address;

int publish_address(const char *src) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: converted to an integer at {{.*}}converted_to_integer_1.c:[[@LINE+2]]:20 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  g_last_address = (uintptr_t)p;
  int v = p[3];
  free(p);
  return v;
}

int misaligned(const char *src) {
  char *p = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) stays on the heap: converted to an integer at {{.*}}converted_to_integer_1.c:[[@LINE+2]]:12 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 24);
  int m = ((uintptr_t)p & 7) != 0;
  int v = m + p[m];
  free(p);
  return v;
}
