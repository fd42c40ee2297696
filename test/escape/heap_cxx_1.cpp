// Heap, C++: a vector-like object keeps its new[] array in a member (of a
// reference parameter, and of *this in a member function); new'd objects
// returned, passed to an external function, deleted by a function of this
// file; new[] too large, and new[] of a run-time count kept in a global.
// RUN: %cxx_as -std=c++17 -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 7
// RUN: %cxx_as -std=c++17 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 7
#include <cstddef>
#include <cstring>

struct IntVec {
  int *data;
  std::size_t size, cap;
  void reserve_exact(std::size_t n);
};

void vec_init4(IntVec &v) {
  v.data = new int[4]; // CHECK-DAG: [[@LINE]]:12: remark: operator new[](16) stays on the heap: stored to memory that outlives the function at {{.*}}heap_cxx_1.cpp:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
  v.size = 0;
  v.cap = 4;
}

void IntVec::reserve_exact(std::size_t n) {
  int *fresh = new int[8]; // CHECK-DAG: [[@LINE]]:16: remark: operator new[](32) stays on the heap: stored to memory that outlives the function at {{.*}}heap_cxx_1.cpp:[[@LINE+3]]:8 [site {{[0-9a-f]{16}\]}}
  for (std::size_t k = 0; k < size && k < 8; k++)
    fresh[k] = data[k];
  data = fresh;
  cap = n < 8 ? n : 8;
}

int *make_counter(int start) {
  int *c = new int(start); // CHECK-DAG: [[@LINE]]:12: remark: operator new(4) stays on the heap: returned to the caller at {{.*}}heap_cxx_1.cpp:[[@LINE+1]]:3 [site {{[0-9a-f]{16}\]}}
  return c;
}

extern "C" void take(int *p);

void give_away(int v) {
  int *p = new int(v); // CHECK-DAG: [[@LINE]]:12: remark: operator new(4) stays on the heap: passed to 'take' (argument 1), which may capture it, at {{.*}}heap_cxx_1.cpp:[[@LINE+1]]:3 [site {{[0-9a-f]{16}\]}}
  take(p);
}

volatile int g_seen;

extern "C" __attribute__((noinline)) void drop(int *p) {
  g_seen = *p;
  delete p;
}

void deleted_by_local_function(int v) {
  int *p = new int(v); // CHECK-DAG: [[@LINE]]:12: remark: operator new(4) stays on the heap: freed by 'drop' at {{.*}}heap_cxx_1.cpp:[[@LINE+1]]:3 [site {{[0-9a-f]{16}\]}}
  drop(p);
}

__attribute__((noinline)) int sum_bytes(const char *p, int n) {
  int s = 0;
  for (int k = 0; k < n; k++)
    s += p[k];
  return s;
}

int big_array(const char *src) {
  char *buf = new char[5000]; // CHECK-DAG: [[@LINE]]:15: remark: operator new[](5000) stays on the heap: size 5000 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  std::memcpy(buf, src, 5000);
  int r = sum_bytes(buf, 5000);
  delete[] buf;
  return r;
}

// The size is no obstacle (promotable_if_small_cxx_1.cpp): the address is.
char *g_kept;
int runtime_count(const char *src, int n) {
  char *buf = new char[n]; // CHECK-DAG: [[@LINE]]:15: remark: operator new[](...) stays on the heap: stored to global 'g_kept' at {{.*}}heap_cxx_1.cpp:[[@LINE+3]]:10 [site {{[0-9a-f]{16}\]}}
  std::memcpy(buf, src, n);
  int r = sum_bytes(buf, n);
  g_kept = buf;
  return r;
}
