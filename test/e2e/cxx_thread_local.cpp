// C++ thread_local objects whose destructors allocate, in worker threads (run
// when each thread exits) and in the main thread (run by exit, before the
// atexit handlers): all counted.
//
// RUN: %cxx_as -O0 -g -pthread %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0 | FileCheck %s
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
//
// RUN: %cxx_as -O2 -g -pthread %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2 | FileCheck %s
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim %t.O2.json
//
// CHECK: workers done
// CHECK-NEXT: main's thread_local destroyed
#include <cstdio>
#include <thread>
#include <vector>

static void *volatile sink;

struct PerThread {
  int *data;
  bool is_main;
  PerThread() : data(new int[8]), is_main(false) {} // EXPECT: objects=5 bytes=160
  ~PerThread() {
    delete[] data;
    for (int i = 0; i < 2; i++) {
      long *l = new long; // EXPECT: objects=10 bytes=80
      sink = l;
      delete l;
    }
    if (is_main)
      std::puts("main's thread_local destroyed");
  }
};
thread_local PerThread per_thread;

__attribute__((noinline)) void touch(bool is_main) {
  per_thread.is_main = is_main;
  sink = per_thread.data;
}

int main() {
  touch(true);
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; i++)
    workers.emplace_back([] { touch(false); });
  for (auto &w : workers)
    w.join();
  std::puts("workers done");
  return 0;
}
