// Verdicts are for sites as compiled: these differ between -O0 and -O2.
//  - a helper that returns the site, inlined at -O2 into a caller that frees
//    it: returned at -O0, promotable at -O2 (judged in the caller);
//  - a helper that stores the site into its pointer parameter, inlined at
//    -O2 into a caller whose struct is local: the same;
// And two that must not differ, because -O0 code is analysed with its local
// variables in SSA form (the verdicts a -O0 user reads are as good as -O2's):
//  - a size held in a local variable: the constant 64 at both levels;
//  - a call through a local function pointer: a direct call to a reader of
//    this file at both levels.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefixes=CHECK,O0 --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --check-prefixes=CHECK,O2 --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 4
#include <stdlib.h>
#include <string.h>

static inline char *make_buffer(const char *src) {
  char *p = malloc(32); // O0-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: returned to the caller at {{.*}}optimisation_dependent_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);   // O2-DAG: [[@LINE-1]]:13: remark: malloc(32) does not escape: can be stack-allocated (inlined into inlined_maker at {{.*}}optimisation_dependent_1.c:[[@LINE+5]]:13) [site {{[0-9a-f]{16}\]}}
  return p;
}

int inlined_maker(const char *src, int i) {
  char *b = make_buffer(src);
  int v = b[i & 31];
  free(b);
  return v;
}

struct holder {
  char *buf;
};

static inline void holder_init(struct holder *h, const char *src) {
  h->buf = malloc(24); // O0-DAG: [[@LINE]]:12: remark: malloc(24) stays on the heap: stored to memory that outlives the function at {{.*}}optimisation_dependent_1.c:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
  memcpy(h->buf, src, 24); // O2-DAG: [[@LINE-1]]:12: remark: malloc(24) does not escape: can be stack-allocated (inlined into inlined_initialiser at {{.*}}optimisation_dependent_1.c:[[@LINE+5]]:3) [site {{[0-9a-f]{16}\]}}
}

int inlined_initialiser(const char *src, int i) {
  struct holder h;
  holder_init(&h, src);
  int v = h.buf[i % 24];
  free(h.buf);
  return v;
}

int size_in_local_variable(const char *src, int i) {
  size_t n = 64;
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, n);
  int v = p[i & 63];
  free(p);
  return v;
}

__attribute__((noinline)) int first_byte(const char *p) { return p[0]; }

int call_through_local_pointer(const char *src) {
  int (*reader)(const char *) = first_byte;
  char *p = malloc(8); // CHECK-DAG: [[@LINE]]:13: remark: malloc(8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 8);
  int v = reader(p);
  free(p);
  return v;
}
