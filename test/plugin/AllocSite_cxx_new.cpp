// Every operator new/new[] variant is a site, as a call or as an invoke; an
// invoke is counted in its normal destination.
// RUN: %cxx_as -std=c++17 -O0 -g -S -emit-llvm %s -o - | FileCheck %s
// RUN: %cxx_as -std=c++17 -O2 -g -S -emit-llvm %s -o - | FileCheck %s
#include <new>

void sink(void *);
struct alignas(64) Wide { char bytes[64]; };

// CHECK-LABEL: define {{.*}}@_Z5plainv(
// CHECK: call {{.*}} @_Znwm(i64 {{.*}}4){{.*}}, !allocsite.site
// CHECK: store atomic i64
// CHECK: call {{.*}} @_Znam(i64 {{.*}}40){{.*}}, !allocsite.site
// CHECK: store atomic i64
void plain() {
  sink(new int(1));
  sink(new int[10]);
}

// CHECK-LABEL: define {{.*}}@_Z7nothrowv(
// CHECK: call {{.*}} @_ZnwmRKSt9nothrow_t({{.*}}, !allocsite.site
// CHECK: icmp ne
// CHECK: call {{.*}} @_ZnamRKSt9nothrow_t({{.*}}, !allocsite.site
void nothrow() {
  sink(new (std::nothrow) int(1));
  sink(new (std::nothrow) int[10]);
}

// CHECK-LABEL: define {{.*}}@_Z7alignedv(
// CHECK: call {{.*}} @_ZnwmSt11align_val_t(i64 {{.*}}64, i64 {{.*}}64){{.*}}, !allocsite.site
// CHECK: call {{.*}} @_ZnamSt11align_val_t({{.*}}, !allocsite.site
void aligned() {
  sink(new Wide);
  sink(new Wide[2]);
}

struct Thrower { Thrower(); ~Thrower(); };
void may_throw();

// CHECK-LABEL: define {{.*}}@_Z6in_tryv(
// CHECK: [[P:%[a-z0-9.]+]] = invoke {{.*}} @_Znwm(
// CHECK-NEXT: to label %[[NORMAL:[a-z0-9.]+]] unwind label {{.*}}, !allocsite.site
// CHECK: [[NORMAL]]:
// CHECK: asm "", "=r,0"({{.*}}[[P]])
// CHECK: store atomic i64
int in_try() {
  Thrower t;
  try {
    int *p = new int(3);
    may_throw();
    sink(p);
  } catch (...) {
    return 1;
  }
  return 0;
}
