// ALLOCSITE_DEPTH: how many frames each calling context keeps.  Unset or 0,
// no contexts are recorded (the heap is still counted); a value that is not
// a number from 0 to 64 is an error that names the variable, and no contexts
// are recorded; the program's output and exit status never change.
//
// RUN: %cc_as -O2 -g %s %rt -o %t
// RUN: rm -f %t.*.json
// RUN: env ALLOCSITE_OUT=%t.off.json ALLOCSITE_DEPTH=0 %t | FileCheck %s
// RUN: FileCheck %s --check-prefix=OFF < %t.off.json
// RUN: %check-expect %s %t.off.json
// RUN: env ALLOCSITE_OUT=%t.one.json ALLOCSITE_DEPTH=1 %t | FileCheck %s
// RUN: FileCheck %s --check-prefix=ONE < %t.one.json
// RUN: %check-expect %s %t.one.json
// Built at -O2 without -fno-omit-frame-pointer, a context stops at the
// allocating call, and one warning names the file without frame pointers;
// with them, no warning.
// RUN: env ALLOCSITE_OUT=%t.eight.json ALLOCSITE_DEPTH=8 %t 2>%t.eight.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=EIGHT < %t.eight.json
// RUN: FileCheck %s --check-prefix=NOFP --match-full-lines --implicit-check-not='{{.}}' < %t.eight.err
// RUN: %cc_as -O2 -g -fno-omit-frame-pointer %s %rt -o %t.fp
// RUN: env ALLOCSITE_OUT=%t.fp.json ALLOCSITE_DEPTH=8 %t.fp 2>%t.fp.err | FileCheck %s
// RUN: %check-expect %s %t.fp.json
// RUN: test ! -s %t.fp.err
// RUN: env -u ALLOCSITE_DEPTH ALLOCSITE_OUT=%t.default.json %t | FileCheck %s
// RUN: FileCheck %s --check-prefix=OFF < %t.default.json
// RUN: env ALLOCSITE_OUT=%t.bad.json ALLOCSITE_DEPTH=lots %t 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=BAD --match-full-lines --implicit-check-not='{{.}}' < %t.err
// RUN: FileCheck %s --check-prefix=OFF < %t.bad.json
// RUN: env ALLOCSITE_OUT=%t.big.json ALLOCSITE_DEPTH=65 %t 2>&1 | FileCheck %s --check-prefix=BIG
//
// CHECK: made 10
// OFF: "contexts": null,
// OFF: "heap": {"interposed": true, "objects": 10, "bytes": 160,
// ONE: "contexts": {"depth": 1, "stacks": [
// ONE-NEXT: {"function": "malloc", "objects": 10, "bytes": 160, "frames": [{"module": 0, "offset": "0x{{[0-9a-f]+}}"}]}
// ONE-NEXT: ],
// EIGHT: "contexts": {"depth": 8, "stacks": [
// EIGHT-NEXT: {"function": "malloc", "objects": 10, "bytes": 160, "frames": [{"module": 0, "offset": "0x{{[0-9a-f]+}}"}]}
// EIGHT-NEXT: ],
// NOFP: allocsite: warning: ALLOCSITE_DEPTH is set, but '{{.*}}depth.c' was compiled without frame pointers: calling contexts stop at its functions (compile with -fno-omit-frame-pointer)
// BAD: allocsite: error: ALLOCSITE_DEPTH='lots' is not a number from 0 to 64; recording no calling contexts
// BIG: allocsite: error: ALLOCSITE_DEPTH='65' is not a number from 0 to 64; recording no calling contexts
// BIG: made 10
//
// EXPECT-HEAP: objects=10 bytes=160
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void *volatile sink;
volatile int rounds = 10; /* not a constant: the loop must not be unrolled into 10 sites */

int main(void) {
  for (int i = 0; i < rounds; i++) {
    sink = malloc(16); // EXPECT: objects=10 bytes=160
    free(sink);
  }
  char line[32];
  int len = snprintf(line, sizeof line, "made %d\n", 10);
  return write(1, line, (size_t)len) == len ? 0 : 1;
}
