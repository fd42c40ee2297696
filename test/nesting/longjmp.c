// A longjmp out of an allocation-wrapper call skips the store that clears
// the thread's `nested` byte after it; the setjmp that catches it puts the
// byte back (as it was when setjmp first returned), so allocations after
// the error are counted at their sites again.  Each failed call (one that
// jumped) counts nothing, nor what it allocated before jumping.  The jump
// goes through a function of its own (no setjmp there; the plugin takes it
// for a wrapper too), as in an interpreter; odd rounds jump.  -O0 and -O2.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O0 -g -I%S/Inputs %s %S/Inputs/jump_wrapper.c -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json %t/O0 | FileCheck %s
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect %S/Inputs/jump_wrapper.c %t/O0.json
// RUN: %allocsite-cc -O2 -g -I%S/Inputs %s %S/Inputs/jump_wrapper.c -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json %t/O2 | FileCheck %s
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect %S/Inputs/jump_wrapper.c %t/O2.json
//
// CHECK: errors=2 evaluated=3 after=5
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include "jump_wrapper.h"

void *volatile sink;

__attribute__((noinline)) static void *evaluate(size_t n) {
  return checked_alloc(n); // EXPECT: objects=0 bytes=0
}

int main(void) {
  jmp_buf handler;
  error_handler = &handler;
  volatile int errors = 0, evaluated = 0, after = 0;
  for (volatile int i = 0; i < 5; i++) {
    if (setjmp(handler) == 0) {
      sink = evaluate(i % 2 ? 100000 : 32); // EXPECT: objects=3 bytes=96
      evaluated = evaluated + 1;
      free(sink);
    } else {
      errors = errors + 1;
    }
    sink = malloc(24); // EXPECT: objects=5 bytes=120
    after = after + 1;
    free(sink);
  }
  sink = checked_alloc(4000); // EXPECT: objects=1 bytes=4000
  free(sink);
  printf("errors=%d evaluated=%d after=%d\n", errors, evaluated, after);
  return 0;
}
