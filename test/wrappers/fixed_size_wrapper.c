// Wrapper with a fixed size (a "new" function that only allocates): its calls
// have no size argument but a constant size, shown as "new_buf()".
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 2
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 2
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
  char data[56];
  long len;
};

__attribute__((noinline)) static struct buf *new_buf(void) {
  return malloc(sizeof(struct buf)); // CHECK-DAG: [[@LINE]]:10: remark: malloc(64) stays on the heap: returned: wrapper 'new_buf', judged at each call of it [site {{[0-9a-f]{16}\]}}
}

int use(const char *s) {
  struct buf *b = new_buf(); // CHECK-DAG: [[@LINE]]:19: remark: new_buf() does not escape: can be stack-allocated (through wrapper new_buf) [site {{[0-9a-f]{16}\]}}
  b->len = (long)strlen(s);
  memcpy(b->data, s, 8);
  int k = b->data[2] + (int)b->len;
  free(b);
  return k;
}
