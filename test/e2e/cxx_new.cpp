// C++ allocation functions: new, new[] (with an array cookie), nothrow new,
// aligned new, new whose call is an invoke (inside try), a constructor that
// throws after operator new succeeded, operator new that throws bad_alloc
// (not counted), and delete.  Exact at -O0 and -O2, and equal to what
// count_shim.so counts on its own.
//
// RUN: %cxx_as -std=c++17 -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
//
// RUN: %cxx_as -std=c++17 -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2 | FileCheck %s --check-prefix=OUT
// RUN: %check-expect %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim %t.O2.json
//
// The try block really is compiled to invokes of the allocation functions:
// RUN: %cxx_as -std=c++17 -O2 -g -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// IR: invoke {{.*}} @_Znwm(
//
// The allocator names the report gives each kind:
// RUN: FileCheck %s --check-prefix=KINDS < %t.O0.json
// KINDS-DAG: "allocator": "operator new",
// KINDS-DAG: "allocator": "operator new[]",
// KINDS-DAG: "allocator": "operator new(nothrow)",
// KINDS-DAG: "allocator": "operator new[](nothrow)",
// KINDS-DAG: "allocator": "operator new(align_val_t)",
// KINDS-DAG: "allocator": "operator new[](align_val_t)",
//
// OUT: thrower caught
// OUT-NEXT: bad_alloc caught
// OUT-NEXT: nothrow failure gave null
// OUT-NEXT: done
#include <cstdint>
#include <cstdio>
#include <new>
#include <stdexcept>

struct Obj {
  long a, b, c; // 24 bytes
};
struct WithDtor {
  long a, b; // 16 bytes; a destructor makes new[] add an 8-byte cookie
  ~WithDtor() { std::puts(""); }
};
struct alignas(64) Aligned {
  char bytes[64];
};
struct Thrower {
  long x;
  // Not inlined: otherwise -O2 sees the object never escapes and deletes the
  // operator new / operator delete pair (the shim then agrees: no allocation).
  __attribute__((noinline)) Thrower() { throw std::runtime_error("no"); }
};

static void *volatile sink;
static volatile size_t huge = SIZE_MAX;

// Called through an invoke from inside the try block in main.
__attribute__((noinline)) Obj *make_obj() {
  return new Obj{1, 2, 3}; // EXPECT: objects=3 bytes=72 allocator="operator new"
}

int main() {
  for (int i = 0; i < 5; i++) {
    Obj *o = new Obj; // EXPECT: objects=5 bytes=120 allocator="operator new"
    sink = o;
    delete o;
  }
  for (int n = 1; n <= 4; n++) {
    int *a = new int[n]; // EXPECT: objects=4 bytes=40 allocator="operator new[]"
    sink = a;
    delete[] a;
  }
  {
    volatile int three = 3;
    WithDtor *w = new WithDtor[three]; // EXPECT: objects=1 bytes=56 allocator="operator new[]"
    sink = w;
    delete[] w;
  }
  for (int i = 0; i < 2; i++) {
    Obj *o = new (std::nothrow) Obj; // EXPECT: objects=2 bytes=48 allocator="operator new(nothrow)"
    sink = o;
    delete o;
  }
  {
    char *c = new (std::nothrow) char[7]; // EXPECT: objects=1 bytes=7 allocator="operator new[](nothrow)"
    sink = c;
    delete[] c;
  }
  {
    Aligned *one = new Aligned; // EXPECT: objects=1 bytes=64 allocator="operator new(align_val_t)"
    sink = one;
    delete one;
    Aligned *two = new Aligned[2]; // EXPECT: objects=1 bytes=128 allocator="operator new[](align_val_t)"
    sink = two;
    delete[] two;
  }

  try {
    for (int i = 0; i < 3; i++) {
      Obj *o = make_obj();
      sink = o;
      delete o;
    }
    Obj *direct = new Obj{4, 5, 6}; // EXPECT: objects=1 bytes=24 allocator="operator new"
    sink = direct;
    delete direct;
    // operator new succeeds, then the constructor throws: counted once.
    sink = new Thrower; // EXPECT: objects=1 bytes=8 allocator="operator new"
  } catch (const std::runtime_error &) {
    std::puts("thrower caught");
  }

  try {
    // operator new[] throws bad_alloc: it never returned, so nothing counts.
    sink = new char[huge]; // EXPECT: objects=0 bytes=0 sites=1
    std::puts("huge allocation succeeded");
  } catch (const std::bad_alloc &) {
    std::puts("bad_alloc caught");
  }

  char *none = new (std::nothrow) char[huge]; // EXPECT: objects=0 bytes=0 sites=1
  sink = none;
  if (!sink)
    std::puts("nothrow failure gave null");
  std::puts("done");
  return 0;
}
// EXPECT-TOTAL: objects=20 bytes=567
