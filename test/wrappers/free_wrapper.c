// Free wrappers: xfree (null check, statistics counter, then free) and a
// chain xfree -> release_raw -> free are frees, so promotion can delete them.
// A function that reads the object before freeing it (destroy) is not a free
// wrapper: the object stays freed-elsewhere, as in the escape corpus.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 4
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long frees;

__attribute__((noinline)) static void release_raw(void *p) { free(p); }

__attribute__((noinline)) void xfree(void *p) {
  if (!p)
    return;
  frees++;
  release_raw(p);
}

volatile int seen;
__attribute__((noinline)) void destroy(char *p) {
  seen = p[0];
  free(p);
}

__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

int use(const char *s) {
  char *a = xmalloc(16); // CHECK-DAG: [[@LINE]]:13: remark: xmalloc(16) does not escape: can be stack-allocated (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  memcpy(a, s, 16);
  int k = a[3];
  xfree(a);
  char *b = malloc(20); // CHECK-DAG: [[@LINE]]:13: remark: malloc(20) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(b, s, 20);
  k += b[4];
  release_raw(b);
  char *c = xmalloc(12); // CHECK-DAG: [[@LINE]]:13: remark: xmalloc(12) stays on the heap: freed by 'destroy' at {{.*}}free_wrapper.c:[[@LINE+2]]:3 (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  memcpy(c, s, 12);
  destroy(c);
  return k;
}
