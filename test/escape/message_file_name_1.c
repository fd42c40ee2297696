// The FILE in a message is the file name exactly as clang prints it in the
// remark's own location prefix (here: the path lit passes as %s), checked by
// capturing the prefix's file and requiring the same text after "at".  The
// other files match FILE loosely ({{.*}}name.c), so only this one fails
// when a message names the file differently.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: FileCheck %s --check-prefix=SAMEFILE --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: FileCheck %s --check-prefix=SAMEFILE --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
// SAMEFILE-COUNT-2: {{^}}[[F:[^:]+]]:{{[0-9]+:[0-9]+}}: remark: {{.*}} at [[F]]:{{[0-9]+:[0-9]+}} [site
#include <stdlib.h>
#include <string.h>

char *g_last;

char *returned(const char *src) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) stays on the heap: returned to the caller at {{.*}}message_file_name_1.c:[[@LINE+2]]:3 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  return p;
}

void stored(const char *src) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: stored to global 'g_last' at {{.*}}message_file_name_1.c:[[@LINE+2]]:10 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  g_last = p;
}
