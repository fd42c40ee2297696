// A guarded site's stack buffer lives from its allocation to its free:
// the free's test ends the buffer's lifetime when the freed pointer is the
// buffer, so stack colouring may reuse its bytes and AddressSanitizer
// reports a use after the free as a use after scope, the way it reports a
// heap object's use after free.  (This program is wrong on purpose: it
// reads its object after freeing it.)
// RUN: %allocsite-cc --promote -O0 -g -fsanitize=address -Rpass=allocsite -fno-caret-diagnostics %s -o %t.O0 2> %t.O0.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O0.txt
// RUN: env ALLOCSITE_OUT=off not %t.O0 2>&1 | FileCheck %s
// RUN: %allocsite-cc --promote -O2 -g -fsanitize=address -Rpass=allocsite -fno-caret-diagnostics %s -o %t.O2 2> %t.O2.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O2.txt
// RUN: env ALLOCSITE_OUT=off not %t.O2 2>&1 | FileCheck %s
// Without the use after free, the same program runs clean.
// RUN: %allocsite-cc --promote -O2 -g -fsanitize=address -DNO_USE_AFTER_FREE %s -o %t.ok
// RUN: env ALLOCSITE_OUT=off %t.ok | FileCheck %s --check-prefix=OK
// CHECK: ERROR: AddressSanitizer: stack-use-after-scope
// OK: read 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) int read_after_free(size_t n) {
  char *p = malloc(n); // REMARK: [[@LINE]]:13: remark: malloc(...) does not escape: promoted to a stack buffer of 32 bytes, heap above
  memset(p, 1, n);
  volatile char *q = p + 1;
#ifdef NO_USE_AFTER_FREE
  int v = q[0];
  free(p);
  return v;
#else
  free(p);
  return q[0];
#endif
}

int main(int argc, char **argv) {
  (void)argv;
  printf("read %d\n", read_after_free((size_t)argc + 3));
  return 0;
}
