// Promotable if small, C++: new[] of a count that is not a compile-time
// constant, deleted in its function and otherwise only read.
// RUN: %cxx_as -std=c++17 -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 2
// RUN: %cxx_as -std=c++17 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 2
#include <cstring>

__attribute__((noinline)) int sum_bytes(const char *p, int n) {
  int s = 0;
  for (int k = 0; k < n; k++)
    s += p[k];
  return s;
}

int array_new(const char *src, int n) {
  char *buf = new char[n]; // CHECK-DAG: [[@LINE]]:15: remark: operator new[](...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  std::memcpy(buf, src, n);
  int r = sum_bytes(buf, n);
  delete[] buf;
  return r;
}

int int_array_new(const int *src, int n) {
  int *a = new int[n]; // CHECK-DAG: [[@LINE]]:12: remark: operator new[](...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  std::memcpy(a, src, sizeof(int) * n);
  int r = n > 0 ? a[0] + a[n - 1] : 0;
  delete[] a;
  return r;
}
