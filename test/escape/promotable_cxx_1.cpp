// Promotable, C++: new/delete of a scalar, new[]/delete[] of an array, a
// small struct, and a per-iteration array - each deleted in its own
// function and otherwise only read (by noinline readers of this file).
// RUN: %cxx_as -std=c++17 -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cxx_as -std=c++17 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <cstring>

__attribute__((noinline)) int read_int(const int *p) { return *p * 3; }

__attribute__((noinline)) int sum_bytes(const char *p, int n) {
  int s = 0;
  for (int k = 0; k < n; k++)
    s += p[k];
  return s;
}

int scalar_new(int v) {
  int *p = new int(v); // CHECK-DAG: [[@LINE]]:12: remark: operator new(4) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  int r = read_int(p);
  delete p;
  return r;
}

int array_new(const char *src) {
  char *buf = new char[32]; // CHECK-DAG: [[@LINE]]:15: remark: operator new[](32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  std::memcpy(buf, src, 32);
  int r = sum_bytes(buf, 32);
  delete[] buf;
  return r;
}

struct Point {
  int x, y;
  long tag;
};

__attribute__((noinline)) long manhattan(const Point *p) { return (p->x < 0 ? -p->x : p->x) + (p->y < 0 ? -p->y : p->y) + p->tag; }

long small_struct(int x, int y) {
  Point *p = new Point; // CHECK-DAG: [[@LINE]]:14: remark: operator new(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  p->x = x;
  p->y = y;
  p->tag = 1;
  long d = manhattan(p);
  delete p;
  return d;
}

long value_initialised_struct(int x) {
  Point *p = new Point(); // CHECK-DAG: [[@LINE]]:14: remark: operator new(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  p->x = x;
  long d = manhattan(p);
  delete p;
  return d;
}

int per_iteration_array(const char *src, int n) {
  int total = 0;
  for (int it = 0; it < n; it++) {
    char *tmp = new char[16]; // CHECK-DAG: [[@LINE]]:17: remark: operator new[](16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    std::memcpy(tmp, src + it, 16);
    total += sum_bytes(tmp, 16);
    delete[] tmp;
  }
  return total;
}
