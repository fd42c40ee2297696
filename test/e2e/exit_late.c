// The report is written as late as the runtime can run: after atexit
// handlers registered before the runtime's constructor (here from
// .preinit_array, which runs before every constructor), after the
// program's own destructors and after handlers registered while exit is
// already running.  All their allocations are counted.  The program's
// output order and exit status are its own.
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
// CHECK: main
// CHECK-NEXT: handler registered by main
// CHECK-NEXT: handler registered during exit
// CHECK-NEXT: destructor
// CHECK-NEXT: handler registered before any constructor
// CHECK-NEXT: status=9
#include <stdio.h>
#include <stdlib.h>

static void *volatile sink;

static void early_handler(void) {
  sink = malloc(3); // EXPECT: objects=1 bytes=3
  free(sink);
  puts("handler registered before any constructor");
}

static void register_early(void) { atexit(early_handler); }
__attribute__((section(".preinit_array"), used)) static void (*const preinit)(void) =
    register_early;

__attribute__((destructor)) static void destructor(void) {
  sink = calloc(2, 5); // EXPECT: objects=1 bytes=10
  free(sink);
  puts("destructor");
}

static void during_exit(void) {
  sink = malloc(7); // EXPECT: objects=1 bytes=7
  free(sink);
  puts("handler registered during exit");
}

static void main_handler(void) {
  atexit(during_exit);
  sink = malloc(20); // EXPECT: objects=1 bytes=20
  free(sink);
  puts("handler registered by main");
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  atexit(main_handler);
  puts("main");
  return 9;
}
// EXPECT-TOTAL: objects=4 bytes=40
