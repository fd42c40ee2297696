// The program ends by returning from main; an atexit handler that main
// registers allocates too, and is counted (the runtime's own exit handler is
// registered earlier, so it runs later).  The exit status is the program's.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json sh -c '%t.O0; echo "status=$?"' | FileCheck %s
// RUN: %check-expect %s %t.O0.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json sh -c '%t.O2; echo "status=$?"' | FileCheck %s
// RUN: %check-expect %s %t.O2.json
//
// CHECK: main returns
// CHECK-NEXT: handler ran
// CHECK-NEXT: status=7
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

static void at_exit_handler(void) {
  for (int i = 0; i < 6; i++) {
    sink = malloc(100); // EXPECT: objects=6 bytes=600
    free(sink);
  }
  sink = strdup("at exit"); // EXPECT: objects=1 bytes=8
  free(sink);
  puts("handler ran");
}

int main(void) {
  if (atexit(at_exit_handler) != 0)
    return 1;
  for (int i = 0; i < 3; i++) {
    sink = calloc(4, 8); // EXPECT: objects=3 bytes=96
    free(sink);
  }
  puts("main returns");
  return 7;
}
// EXPECT-TOTAL: objects=10 bytes=704
