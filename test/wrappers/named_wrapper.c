// Wrappers named by the user, for functions defined elsewhere without
// attributes: -mllvm -allocsite-wrapper=pool_alloc:1 (size is argument 1,
// counting from 0), a product spec for pool_calloc, and the matching free
// pool_free:1 (frees argument 1), through options and through the
// environment.  Without the names the calls are ordinary external calls.
// RUN: %cc_as -fplugin=%plugin -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null -mllvm -allocsite-wrapper=pool_alloc:1,pool_calloc:1*2 -mllvm -allocsite-free-wrapper=pool_free:1 -mllvm -allocsite-wrapper=plain_alloc 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 4
// RUN: env ALLOCSITE_WRAPPERS='pool_alloc:1, pool_calloc:1*2,plain_alloc' ALLOCSITE_FREE_WRAPPERS=pool_free:1 %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 4
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.none
// RUN: not grep remark: %t.none
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pool;
void *pool_alloc(struct pool *p, size_t n);
void *pool_calloc(struct pool *p, size_t n, size_t m);
void pool_free(struct pool *p, void *q);
void *plain_alloc(int kind);
void keep(void *);

int use(struct pool *pool, int v) {
  char *a = pool_alloc(pool, 40); // CHECK-DAG: [[@LINE]]:13: remark: pool_alloc(40) does not escape: can be stack-allocated (through wrapper pool_alloc) [site {{[0-9a-f]{16}\]}}
  a[v & 31] = 1;
  int s = a[0];
  pool_free(pool, a);
  int *b = pool_calloc(pool, 3, 8); // CHECK-DAG: [[@LINE]]:12: remark: pool_calloc(3, 8) does not escape: can be stack-allocated (never freed: a leak) (through wrapper pool_calloc) [site {{[0-9a-f]{16}\]}}
  b[v & 1] = v;
  s += b[0];
  char *c = pool_alloc(pool, 16); // CHECK-DAG: [[@LINE]]:13: remark: pool_alloc(16) stays on the heap: passed to 'keep' (argument 1), which may capture it, at {{.*}}named_wrapper.c:[[@LINE+1]]:3 (through wrapper pool_alloc) [site {{[0-9a-f]{16}\]}}
  keep(c);
  char *d = plain_alloc(2); // CHECK-DAG: [[@LINE]]:13: remark: plain_alloc(...) stays on the heap: size is not a compile-time constant (through wrapper plain_alloc) [site {{[0-9a-f]{16}\]}}
  return s + d[0];
}
