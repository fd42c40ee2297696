// An exception out of an allocation-wrapper call skips the store that
// clears the thread's `nested` byte after it.  The landing pad that catches
// it puts the byte back (as it was when its function started), also when
// the wrapper was called (not invoked) by a function with nothing to clean
// up, and the unwind edge of an invoked wrapper call restores it before the
// cleanup's destructors run, so allocations after the error, and in those
// destructors, are counted at their sites.  -O0 and -O2.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cxx -O0 -g %s %S/Inputs/throwing_wrapper.cpp -o %t/O0
// RUN: env ALLOCSITE_OUT=%t/O0.json %t/O0 | FileCheck %s
// RUN: %check-expect %s %t/O0.json
// RUN: %check-expect %S/Inputs/throwing_wrapper.cpp %t/O0.json
// RUN: %allocsite-cxx -O2 -g %s %S/Inputs/throwing_wrapper.cpp -o %t/O2
// RUN: env ALLOCSITE_OUT=%t/O2.json %t/O2 | FileCheck %s
// RUN: %check-expect %s %t/O2.json
// RUN: %check-expect %S/Inputs/throwing_wrapper.cpp %t/O2.json
//
// CHECK: caught=2 logged=2
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

__attribute__((malloc, alloc_size(1))) void *checked_new(std::size_t n);

void *volatile sink, *volatile log_buffer;
static volatile std::size_t sizes[] = {32, 100000};
static int logged;

struct Logger {
  ~Logger() {
    log_buffer = std::malloc(16); // EXPECT: objects=2 bytes=32
    std::free(log_buffer);
    logged++;
  }
};

// Nothing to clean up: the wrapper is called, not invoked.  (Neither
// function returns the allocation, so neither is a wrapper itself.)
__attribute__((noinline)) static void plain(std::size_t n) {
  sink = checked_new(n); // EXPECT: objects=1 bytes=32
}

// A destructor to run: the wrapper is invoked.
__attribute__((noinline)) static void with_cleanup(std::size_t n) {
  Logger log;
  sink = checked_new(n); // EXPECT: objects=1 bytes=32
}

int main() {
  int caught = 0;
  for (int round = 0; round < 2; round++) {
    for (int k = 0; k < 2; k++) {
      try {
        if (k)
          with_cleanup(sizes[round]);
        else
          plain(sizes[round]);
        ::operator delete(sink);
      } catch (const std::length_error &) {
        caught++;
      }
    }
    sink = std::malloc(24); // EXPECT: objects=2 bytes=48
    std::free(sink);
  }
  std::printf("caught=%d logged=%d\n", caught, logged);
  return 0;
}
