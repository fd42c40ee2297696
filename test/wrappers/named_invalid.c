// Invalid wrapper specs are clang errors naming the spec and what is wrong,
// never a crash; the compilation fails.
// RUN: not %cc_as -fplugin=%plugin -O0 -c %s -o /dev/null -mllvm -allocsite-wrapper=pool_alloc:x 2>&1 | FileCheck %s --check-prefix=NOTNUM
// RUN: env ALLOCSITE_WRAPPERS=:1 not %cc_as -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONAME
// RUN: env ALLOCSITE_WRAPPERS=pool_alloc:5 not %cc_as -O2 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=RANGE
// RUN: env ALLOCSITE_WRAPPERS=pool_alloc:0 not %cc_as -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTINT
// RUN: env ALLOCSITE_WRAPPERS=count_things not %cc_as -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTPTR
// RUN: env 'ALLOCSITE_FREE_WRAPPERS=pool_free:0*1' not %cc_as -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FREEPROD
// RUN: env ALLOCSITE_FREE_WRAPPERS=pool_free:2 not %cc_as -O0 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FREERANGE
// NOTNUM: error: allocsite: invalid allocation wrapper 'pool_alloc:x' (-allocsite-wrapper / ALLOCSITE_WRAPPERS): 'x' is not an argument number (0, 1, ...); expected NAME, NAME:SIZEARG or NAME:COUNTARG*SIZEARG
// NONAME: error: allocsite: invalid allocation wrapper ':1' (-allocsite-wrapper / ALLOCSITE_WRAPPERS): no function name; expected NAME, NAME:SIZEARG or NAME:COUNTARG*SIZEARG
// RANGE: error: allocsite: allocation wrapper 'pool_alloc:5': argument 5 of 'pool_alloc' (counting from 0) is not an integer parameter; it has 2 parameter(s)
// NOTINT: error: allocsite: allocation wrapper 'pool_alloc:0': argument 0 of 'pool_alloc' (counting from 0) is not an integer parameter; it has 2 parameter(s)
// NOTPTR: error: allocsite: allocation wrapper 'count_things': 'count_things' does not return a pointer
// FREEPROD: error: allocsite: invalid free wrapper 'pool_free:0*1' (-allocsite-free-wrapper / ALLOCSITE_FREE_WRAPPERS): a free wrapper takes one argument number; expected NAME or NAME:POINTERARG
// FREERANGE: error: allocsite: free wrapper 'pool_free:2': argument 2 of 'pool_free' (counting from 0) is not a pointer parameter
#include <stddef.h>

struct pool;
void *pool_alloc(struct pool *p, size_t n);
void pool_free(struct pool *p, void *q);
int count_things(void);

int use(struct pool *pool) {
  char *a = pool_alloc(pool, 40);
  int s = a[0] + count_things();
  pool_free(pool, a);
  return s;
}
