// -Rpass-analysis=allocsite shows the flow that decided a heap verdict, into
// same-file callees too (like Go's -m=2): from the allocation to the call,
// then inside the callee from its parameter to the escape.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass-analysis=allocsite %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass-analysis=allocsite %s -o /dev/null 2>&1 | FileCheck %s
#include <stdlib.h>
#include <string.h>

void *cache;

__attribute__((noinline)) static void remember(char *p) {
  cache = p + 1; // stored through a derived pointer
}

void keep(const char *src) {
  char *p = malloc(8);
  memcpy(p, src, 8);
  remember(p);
}
// CHECK: flow_chain.c:16:13: remark: flow of malloc(8) [site {{[0-9a-f]+}}]: {{.*}}passed-to-call at {{.*}}flow_chain.c:18:3 -> in 'remember': parameter 1 -> getelementptr at {{.*}}flow_chain.c:12:13 -> stored to global 'cache' at {{.*}}flow_chain.c:12:9
