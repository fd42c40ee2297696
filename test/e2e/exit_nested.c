// The program ends with exit() called two functions deep; allocations made
// before it, and in the atexit handlers main registered, are all counted,
// and nothing after exit() runs.  The exit status is the program's.
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
// CHECK: leaving through exit
// CHECK-NEXT: second handler
// CHECK-NEXT: first handler
// CHECK-NEXT: status=5
#include <stdio.h>
#include <stdlib.h>

static void *volatile sink;
static volatile int depth_limit = 2;

static void first_handler(void) {
  sink = realloc(NULL, 40); // EXPECT: objects=1 bytes=40
  free(sink);
  puts("first handler");
}

static void second_handler(void) {
  for (int i = 0; i < 4; i++) {
    sink = malloc(25); // EXPECT: objects=4 bytes=100
    free(sink);
  }
  puts("second handler");
}

__attribute__((noinline)) static void descend(int depth) {
  sink = malloc(10); // EXPECT: objects=3 bytes=30
  free(sink);
  if (depth == depth_limit) {
    puts("leaving through exit");
    fflush(stdout);
    exit(5);
  }
  descend(depth + 1);
  sink = malloc(1000); // EXPECT: objects=0 bytes=0 sites=1
}

int main(void) {
  atexit(first_handler);
  atexit(second_handler);
  descend(0);
  sink = malloc(2000); // EXPECT: objects=0 bytes=0 sites=1
  puts("not reached");
  return 0;
}
// EXPECT-TOTAL: objects=8 bytes=170
