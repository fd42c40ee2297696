// Promotion's edge cases.  A free that may free nothing (free(c ? p : NULL))
// is deleted but does not end the object's lifetime: p is still used after
// it, which AddressSanitizer would report as a use after scope.  A function
// that calls setjmp keeps its sites on the heap (longjmp does not restore
// what SROA keeps in registers), as does a site in a cycle that is not a
// natural loop (at -O0: at -O2 LLVM deletes that allocation itself).
// RUN: %allocsite-cc --promote -O0 -g -fsanitize=address -Rpass=allocsite -fno-caret-diagnostics %s -o %t.O0 2> %t.O0.txt
// RUN: FileCheck %s --check-prefixes=REMARK,O0 < %t.O0.txt
// RUN: env ALLOCSITE_OUT=off ASAN_OPTIONS=detect_stack_use_after_return=1 %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: %allocsite-cc --promote -O2 -g -fsanitize=address -Rpass=allocsite -fno-caret-diagnostics %s -o %t.O2 2> %t.O2.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O2.txt
// RUN: env ALLOCSITE_OUT=off ASAN_OPTIONS=detect_stack_use_after_return=1 %t.O2 | FileCheck %s --check-prefix=OUT
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) int freed_or_not(int c) {
  char *p = malloc(16); // REMARK-DAG: [[@LINE]]:13: remark: malloc(16) does not escape: promoted to stack
  memset(p, 'a' + c, 16);
  char *q = c ? p : NULL;
  free(q);
  return c ? 0 : p[3];
}

static jmp_buf env;
__attribute__((noinline)) void jump(int v) { longjmp(env, v); }

__attribute__((noinline)) int with_setjmp(int n) {
  volatile int *counter = malloc(sizeof *counter); // REMARK-DAG: [[@LINE]]:27: remark: malloc(4) does not escape: can be stack-allocated (not promoted: its function calls setjmp or another function that returns twice)
  *counter = 0;
  if (setjmp(env) < n) {
    *counter += 1;
    jump(*counter);
  }
  int r = *counter;
  free((void *)counter);
  return r;
}

__attribute__((noinline)) int irreducible(int a, int n) {
  int total = 0, i = 0;
  if (a)
    goto inside;
  while (i < n) {
    total += 2;
  inside:;
    int *t = malloc(sizeof *t); // O0-DAG: [[@LINE]]:14: remark: malloc(4) does not escape: can be stack-allocated (not promoted: it is in a cycle that is not a natural loop)
    *t = i;
    total += *t;
    free(t);
    i++;
  }
  return total;
}

int main(void) {
  printf("%d %d %d %d\n", freed_or_not(0), freed_or_not(1), with_setjmp(3), irreducible(1, 4));
  return 0;
}
// OUT: 97 0 3 12
