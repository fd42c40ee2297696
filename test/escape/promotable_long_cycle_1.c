// Promotable: the pointer goes round a cycle of 20 mutually recursive
// functions that only read through it, while their second pointer escapes
// at the far end of the cycle (stored to a global).  That escape reaches each
// function one look later, so the cycle is looked at about 20 times until it
// settles; the first pointer escapes nowhere.  (Summaries used to give up
// after 16 rounds and assume every parameter escaped.)
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
#include <stdlib.h>

char *kept;

#define DECLARE(k) void g##k(char *p, char *q, int n);
#define STEP(k, next, keep)                                                                        \
  __attribute__((noinline)) void g##k(char *p, char *q, int n) {                                   \
    if (n <= 0)                                                                                    \
      return;                                                                                      \
    keep;                                                                                          \
    g##next(p, q, n - p[0]);                                                                       \
  }

DECLARE(1) DECLARE(2) DECLARE(3) DECLARE(4) DECLARE(5) DECLARE(6) DECLARE(7) DECLARE(8)
DECLARE(9) DECLARE(10) DECLARE(11) DECLARE(12) DECLARE(13) DECLARE(14) DECLARE(15)
DECLARE(16) DECLARE(17) DECLARE(18) DECLARE(19) DECLARE(20)

STEP(1, 2, ) STEP(2, 3, ) STEP(3, 4, ) STEP(4, 5, ) STEP(5, 6, ) STEP(6, 7, ) STEP(7, 8, )
STEP(8, 9, ) STEP(9, 10, ) STEP(10, 11, ) STEP(11, 12, ) STEP(12, 13, ) STEP(13, 14, )
STEP(14, 15, ) STEP(15, 16, ) STEP(16, 17, ) STEP(17, 18, ) STEP(18, 19, ) STEP(19, 20, )
STEP(20, 1, kept = q)

int long_cycle(const char *name, int n) {
  char *p = malloc(16); // CHECK: [[@LINE]]:13: remark: malloc(16) does not escape: can be stack-allocated [site
  p[0] = 1;
  g1(p, (char *)name, n);
  int r = p[0];
  free(p);
  return r;
}
