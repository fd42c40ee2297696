// count_shim.so counts the C++ allocation functions the program calls
// (plain, array, nothrow, aligned, aligned nothrow, and the ones inlined
// std::vector code calls), not operator new's own malloc, and nothing for an
// operator new[] that throws bad_alloc.  Program built without allocsite.
//
// RUN: %clangxx -std=c++17 -O0 -g %s -o %t.O0
// RUN: rm -f %t.O0.shim
// RUN: env LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --match-full-lines < %t.O0.shim
//
// RUN: %clangxx -std=c++17 -O2 -g %s -o %t.O2
// RUN: rm -f %t.O2.shim
// RUN: env LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2 | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --match-full-lines < %t.O2.shim
//
// CHECK: objects=8 bytes=362
// CHECK-NOT: {{.}}
// OUT: bad_alloc caught
// OUT-NEXT: done
#include <cstdint>
#include <cstdio>
#include <new>
#include <vector>

struct Obj {
  long a, b, c; // 24 bytes
};
struct alignas(64) Aligned {
  char bytes[64];
};

static void *volatile sink;
static volatile size_t huge = SIZE_MAX;

int main() {
  for (int i = 0; i < 2; i++) {
    Obj *o = new Obj; // 2 x 24
    sink = o;
    delete o;
  }
  char *a = new char[10]; // 10
  sink = a;
  delete[] a;
  int *ni = new (std::nothrow) int[2]; // nothrow new[]: 8
  sink = ni;
  delete[] ni;
  Aligned *al = new Aligned; // 64
  sink = al;
  delete al;
  Aligned *aa = new Aligned[2]; // 128
  sink = aa;
  delete[] aa;
  Aligned *an = new (std::nothrow) Aligned; // aligned nothrow: 64
  sink = an;
  delete an;
  {
    std::vector<int> v(10); // 40, from inlined std::allocator code
    sink = v.data();
  }
  try {
    sink = new char[huge];
    std::puts("huge allocation succeeded");
  } catch (const std::bad_alloc &) {
    std::puts("bad_alloc caught");
  }
  std::puts("done");
  return 0;
}
