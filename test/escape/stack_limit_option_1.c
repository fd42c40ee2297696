// The stack limit is an option: -mllvm -allocsite-max-stack-size=N (with
// -fplugin, so that clang knows the option) or ALLOCSITE_MAX_STACK_SIZE=N in
// the environment, raising it (8192) and lowering it (32), at -O0 and -O2.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.default.O0
// RUN: FileCheck %s --check-prefixes=CHECK,DEFAULT --input-file=%t.default.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.default.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.default.O2
// RUN: FileCheck %s --check-prefixes=CHECK,DEFAULT --input-file=%t.default.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.default.O2 | count 5
// RUN: %cc_as -fplugin=%plugin -mllvm -allocsite-max-stack-size=8192 -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.raised.O0
// RUN: FileCheck %s --check-prefixes=CHECK,RAISED --input-file=%t.raised.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.raised.O0 | count 5
// RUN: %cc_as -fplugin=%plugin -mllvm -allocsite-max-stack-size=32 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.lowered.O2
// RUN: FileCheck %s --check-prefixes=CHECK,LOWERED --input-file=%t.lowered.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.lowered.O2 | count 5
// RUN: env ALLOCSITE_MAX_STACK_SIZE=8192 %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.raised.O2
// RUN: FileCheck %s --check-prefixes=CHECK,RAISED --input-file=%t.raised.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.raised.O2 | count 5
// RUN: env ALLOCSITE_MAX_STACK_SIZE=32 %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.lowered.O0
// RUN: FileCheck %s --check-prefixes=CHECK,LOWERED --input-file=%t.lowered.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.lowered.O0 | count 5
#include <stdlib.h>
#include <string.h>

int big(const char *src, int i) {
  char *p = malloc(8192); // DEFAULT-DAG: [[@LINE]]:13: remark: malloc(8192) stays on the heap: size 8192 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  // RAISED-DAG: [[@LINE-1]]:13: remark: malloc(8192) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  // LOWERED-DAG: [[@LINE-2]]:13: remark: malloc(8192) stays on the heap: size 8192 exceeds the stack limit of 32 bytes [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 8192);
  int v = p[i & 8191];
  free(p);
  return v;
}

int big_calloc(int i, int v) {
  int *a = calloc(2, 4096); // DEFAULT-DAG: [[@LINE]]:12: remark: calloc(2, 4096) stays on the heap: size 8192 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  // RAISED-DAG: [[@LINE-1]]:12: remark: calloc(2, 4096) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  // LOWERED-DAG: [[@LINE-2]]:12: remark: calloc(2, 4096) stays on the heap: size 8192 exceeds the stack limit of 32 bytes [site {{[0-9a-f]{16}\]}}
  a[i & 2047] = v;
  int s = 0;
  for (int k = 0; k < 2048; k += 9)
    s += a[k];
  free(a);
  return s;
}

int medium(const char *src, int i) {
  char *p = malloc(64); // DEFAULT-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  // RAISED-DAG: [[@LINE-1]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  // LOWERED-DAG: [[@LINE-2]]:13: remark: malloc(64) stays on the heap: size 64 exceeds the stack limit of 32 bytes [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 64);
  int v = p[i & 63];
  free(p);
  return v;
}

int at_lowered_limit(const char *src, int i) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  int v = p[i & 31];
  free(p);
  return v;
}

int small(const char *src, int i) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  int v = p[i & 15];
  free(p);
  return v;
}
