// Not a wrapper: returns a cached object on some calls, so its result is not
// always fresh memory.  Its malloc is judged as an ordinary site and its calls
// are not sites.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *cache;

__attribute__((noinline)) char *cached_buffer(size_t n) {
  if (cache)
    return cache;
  cache = malloc(n); // CHECK-DAG: [[@LINE]]:11: remark: malloc(...) stays on the heap: stored to global 'cache' at {{.*}}not_cached.c:19:9 [site {{[0-9a-f]{16}\]}}
  return cache;
}

int use(void) {
  char *b = cached_buffer(64);
  b[0] = 1;
  return b[0];
}
