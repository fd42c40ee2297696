// C++ objects with static storage: a global whose constructor (before main)
// and destructor (during exit) allocate, and a function-local static built
// in main whose destructor allocates.  All are counted: the runtime's exit
// handler is registered before any of these destructors, so it runs after
// them.
//
// RUN: %cxx_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0 | FileCheck %s
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
//
// RUN: %cxx_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2 | FileCheck %s
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim %t.O2.json
//
// CHECK: global constructed
// CHECK-NEXT: main
// CHECK-NEXT: local destroyed
// CHECK-NEXT: global destroyed
#include <cstdio>
#include <cstdlib>

static void *volatile sink;

struct Global {
  Global() {
    for (int i = 0; i < 3; i++) {
      int *p = new int[4]; // EXPECT: objects=3 bytes=48
      sink = p;
      delete[] p;
    }
    std::puts("global constructed");
  }
  ~Global() {
    sink = std::malloc(11); // EXPECT: objects=1 bytes=11
    std::free(sink);
    std::puts("global destroyed");
  }
};
Global global;

struct Local {
  ~Local() {
    for (int i = 0; i < 2; i++) {
      double *d = new double; // EXPECT: objects=2 bytes=16
      sink = d;
      delete d;
    }
    std::puts("local destroyed");
  }
};

__attribute__((noinline)) void use_local() {
  static Local local;
  sink = &local;
}

int main() {
  std::puts("main");
  use_local();
  return 0;
}
// EXPECT-TOTAL: objects=6 bytes=75
