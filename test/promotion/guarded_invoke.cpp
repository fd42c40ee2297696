// A new[] of a size that is not constant, in a function with a local whose
// destructor must run if it throws: the call is an invoke.  Promoted if
// small all the same: the size test comes first, the stack path joins the
// invoke's normal edge, and the unwind edge stays the heap path's.  Sizes
// 1, 4, ..., 79: the 11 up to 32 bytes take the buffer, the 16 above the
// heap; three calls throw after deleting their array, and every call's
// destructor runs.  Output, ASan and the report's counts are checked.
// RUN: %clangxx -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %allocsite-cxx --promote -O0 -g -Rpass=allocsite -fno-caret-diagnostics %s -o %t.O0 2> %t.O0.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O0.txt
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 > %t.O0.out
// RUN: diff %t.plain.out %t.O0.out
// RUN: %allocsite-report top %t.O0.json | FileCheck %s --check-prefix=TOP
// RUN: %allocsite-cxx --promote -O2 -g -Rpass=allocsite -fno-caret-diagnostics %s -o %t.O2 2> %t.O2.txt
// RUN: FileCheck %s --check-prefix=REMARK < %t.O2.txt
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 > %t.O2.out
// RUN: diff %t.plain.out %t.O2.out
// RUN: %allocsite-report top %t.O2.json | FileCheck %s --check-prefix=TOP
// RUN: %allocsite-cxx --promote -O2 -g -fsanitize=address %s -o %t.asan
// RUN: env ALLOCSITE_OUT=off ASAN_OPTIONS=detect_stack_use_after_return=1 %t.asan > %t.asan.out
// RUN: diff %t.plain.out %t.asan.out
// RUN: FileCheck %s --check-prefix=OUT < %t.plain.out
// OUT: total 2614 cleanups 27 thrown 3
// TOP-DAG: {{^ *}}16 {{.*}}guarded_invoke.cpp:{{[0-9]+}}:15 checked(char const*, int, int*) operator new[] promotable-if-small (non-constant-size) [stack-buffer]
// TOP-DAG: {{^ *}}11 {{.*}}guarded_invoke.cpp:{{[0-9]+}}:15 checked(char const*, int, int*) operator new[] promotable-if-small (non-constant-size) [promoted,stack-buffer]
#include <cstdio>
#include <cstring>
#include <stdexcept>

struct Counted {
  int *count;
  ~Counted() { ++*count; }
};

__attribute__((noinline)) int checked(const char *s, int n, int *cleanups) {
  Counted c{cleanups};
  char *buf = new char[n]; // REMARK: [[@LINE]]:15: remark: operator new[](...) does not escape: promoted to a stack buffer of 32 bytes, heap above
  std::memcpy(buf, s, n);
  if (buf[0] == '!') {
    delete[] buf;
    throw std::runtime_error("bang");
  }
  int r = buf[n - 1];
  delete[] buf;
  return r;
}

int main() {
  static char letters[100], bangs[100];
  for (int i = 0; i < 100; i++) {
    letters[i] = (char)('a' + i % 26);
    bangs[i] = '!';
  }
  int cleanups = 0, total = 0, thrown = 0;
  for (int n = 1; n < 80; n += 3) {
    try {
      total += checked(n % 10 == 0 ? bangs : letters, n, &cleanups);
    } catch (const std::exception &) {
      thrown++;
    }
  }
  std::printf("total %d cleanups %d thrown %d\n", total, cleanups, thrown);
  return 0;
}
