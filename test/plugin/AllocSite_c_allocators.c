// Every C allocator in the table becomes a site, at -O0 and -O2, with the
// size taken from the right argument and success told the right way.
// RUN: %cc_as -O0 -g -S -emit-llvm %s -o %t.O0.ll
// RUN: FileCheck %s < %t.O0.ll
// RUN: FileCheck %s --check-prefix=TABLE < %t.O0.ll
// RUN: %cc_as -O2 -g -S -emit-llvm %s -o %t.O2.ll
// RUN: FileCheck %s < %t.O2.ll
// RUN: FileCheck %s --check-prefix=TABLE < %t.O2.ll
#define _GNU_SOURCE
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

void sink(void *p);

// CHECK-LABEL: define {{.*}}void @use_malloc(
// The C malloc family is called through the runtime's pointer for it
// (runtime/direct_pointers.c: instrumented calls need not pass the interposer).
// CHECK: [[FN:%[a-z0-9.]+]] = load {{.*}}@__allocsite_direct_malloc
// CHECK: [[P:%[a-z0-9.]+]] = {{.*}}call {{.*}} [[FN]]({{.*}}, !allocsite.site
// CHECK: [[Q:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}}[[P]])
// CHECK: [[OK:%[a-z0-9.]+]] = icmp ne {{.*}}[[Q]], null
// CHECK: br i1 [[OK]], label %[[COUNT:[a-z0-9.]+]], label %[[FAILED:[a-z0-9.]+]]{{.*}}, !prof
// Then one test of the runtime's thread-state word (allocsite_abi.h):
// zero in the common case, straight to this thread's counters.
// CHECK: [[COUNT]]:
// CHECK: [[STATE:%[a-z0-9.]+]] = load i64, {{.*}}@__allocsite_thread_v6
// CHECK: [[SLOW:%[a-z0-9.]+]] = icmp ne i64 [[STATE]], 0
// CHECK: br i1 [[SLOW]], label %[[COLD:[a-z0-9.]+]], label %[[ADD:[a-z0-9.]+]]{{.*}}, !prof
// Cold: the `pending` byte makes the thread register its blocks first,
// CHECK: [[COLD]]:
// CHECK-NEXT: load atomic i8, {{.*}}@__allocsite_thread_v6{{.*}} i64 1) monotonic
// CHECK-NEXT: icmp ne i8
// CHECK-NEXT: br i1 {{.*}}, label %[[REGISTER:[a-z0-9.]+]], label %[[CHECKNESTED:[a-z0-9.]+]]
// CHECK: [[REGISTER]]:
// CHECK-NEXT: call void @__allocsite_thread_slow_v6({{.*}}@__allocsite_module
// CHECK-NEXT: br label %[[CHECKNESTED]]
// and inside an instrumented wrapper call (the `nested` byte) the call is
// counted at the wrapper's site: a direct call of malloc adds to the
// module's NESTED record for malloc (after the sites), for the heap.
// CHECK: [[CHECKNESTED]]:
// CHECK-NEXT: load i8, {{.*}}@__allocsite_thread_v6
// CHECK-NEXT: icmp ne i8
// CHECK-NEXT: br i1 {{.*}}, label %[[NESTED:[a-z0-9.]+]], label %[[ADD]]
// CHECK: [[NESTED]]:
// CHECK-NEXT: load atomic i64, {{.*}}@__allocsite_thread_counters{{.*}}, i32 2, i32 [[NESTEDSLOT:[0-9]+]], i32 0) monotonic
// CHECK: [[ADD]]:
// CHECK-NEXT: load atomic i64, {{.*}}@__allocsite_thread_counters{{.*}}, i32 2, i32 {{[0-9]+}}, i32 0) monotonic
// CHECK-NEXT: add i64 {{.*}}, 1
// CHECK-NEXT: store atomic i64 {{.*}}@__allocsite_thread_counters{{.*}} monotonic
// CHECK-NEXT: load atomic i64, {{.*}}@__allocsite_thread_counters{{.*}} monotonic
// CHECK-NEXT: add i64
// CHECK-NEXT: store atomic i64 {{.*}}@__allocsite_thread_counters{{.*}} monotonic
// A failed allocation counts nothing and needs no registration:
// CHECK: [[FAILED]]:
// CHECK-NEXT: call void @sink(
void use_malloc(size_t n) { sink(malloc(n)); }

// calloc: bytes are count times size.
// CHECK-LABEL: define {{.*}}void @use_calloc(
// CHECK: load {{.*}}@__allocsite_direct_calloc
// CHECK: call {{.*}}, !allocsite.site
// CHECK: mul i64
// CHECK: store atomic i64
void use_calloc(size_t n, size_t m) { sink(calloc(n, m)); }

// CHECK-LABEL: define {{.*}}void @use_realloc(
// CHECK: load {{.*}}@__allocsite_direct_realloc
// CHECK: call {{.*}}, !allocsite.site
// CHECK: store atomic i64
void use_realloc(void *p, size_t n) { sink(realloc(p, n)); }

// CHECK-LABEL: define {{.*}}void @use_reallocarray(
// CHECK: call {{.*}} @reallocarray({{.*}}, !allocsite.site
// CHECK: mul i64
// CHECK: store atomic i64
void use_reallocarray(void *p, size_t n, size_t m) { sink(reallocarray(p, n, m)); }

// CHECK-LABEL: define {{.*}}void @use_aligned(
// CHECK: load {{.*}}@__allocsite_direct_aligned_alloc
// CHECK: call {{.*}}, !allocsite.site
// CHECK: load {{.*}}@__allocsite_direct_memalign
// CHECK: call {{.*}}, !allocsite.site
// CHECK: load {{.*}}@__allocsite_direct_valloc
// CHECK: call {{.*}}, !allocsite.site
// CHECK: load {{.*}}@__allocsite_direct_pvalloc
// CHECK: call {{.*}}, !allocsite.site
void use_aligned(size_t n) {
  sink(aligned_alloc(64, n));
  sink(memalign(64, n));
  sink(valloc(n));
  sink(pvalloc(n));
}

// posix_memalign succeeds when it returns 0; the pointer comes back through
// its first argument.
// CHECK-LABEL: define {{.*}}void @use_posix_memalign(
// CHECK: [[PM:%[a-z0-9.]+]] = load {{.*}}@__allocsite_direct_posix_memalign
// CHECK: [[R:%[a-z0-9.]+]] = {{.*}}call {{.*}} [[PM]]({{.*}}, !allocsite.site
// CHECK: icmp eq i32 [[R]], 0
// CHECK: store atomic i64
void use_posix_memalign(size_t n) {
  void *p;
  if (posix_memalign(&p, 64, n) == 0)
    sink(p);
}

// strdup/strndup: bytes actually allocated, strlen(result) + 1, on the
// path where the result read through the asm is not null.
// CHECK-LABEL: define {{.*}}void @use_strdup(
// CHECK: [[S:%[a-z0-9.]+]] = {{.*}}call {{.*}} @strdup({{.*}}, !allocsite.site
// CHECK: [[Q:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}}[[S]])
// CHECK: [[OK:%[a-z0-9.]+]] = icmp ne {{.*}}[[Q]], null
// CHECK: br i1 [[OK]]
// CHECK: call i64 @strlen({{.*}}[[Q]])
// CHECK: call {{.*}} @strndup({{.*}}, !allocsite.site
// CHECK: call i64 @strlen(
void use_strdup(const char *s) {
  sink(strdup(s));
  sink(strndup(s, 3));
}

// A function that is not an allocator is never a site.
// CHECK-LABEL: define {{.*}}void @not_a_site(
// CHECK-NOT: store atomic
// CHECK: ret void
void *my_alloc(size_t n);
void not_a_site(size_t n) { sink(my_alloc(n)); }

// The module table: 11 sites, then one NESTED record for each of the 8
// allocators called through the direct pointers, registered from a
// constructor; the descriptor ends with the thread_block function.  The
// runtime's thread state is reached at a fixed offset from the thread
// pointer (the default PIE code goes into an executable).
// TABLE: @__allocsite_thread_counters = internal thread_local global { i64, i64, [19 x { i64, i64 }] } zeroinitializer, align 16
// TABLE: @__allocsite_settled = internal global [19 x { i64, i64 }] zeroinitializer
// TABLE: @__allocsite_thread_v6 = external thread_local(localexec) global i64
// TABLE: @__allocsite_module = internal global { i32, i32, {{.*}} } { i32 6, i32 19, {{.*}}@__allocsite_thread_block
// TABLE: @__allocsite_sites = internal constant [19 x
// TABLE: @llvm.global_ctors = {{.*}} { i32 102, {{.*}}@__allocsite_module_ctor
// TABLE: @llvm.global_dtors = {{.*}} { i32 102, {{.*}}@__allocsite_module_dtor
// TABLE: define internal {{.*}}@__allocsite_thread_block()
// TABLE-NEXT: ret {{.*}}@__allocsite_thread_counters
// TABLE: define internal void @__allocsite_module_ctor()
// TABLE-NEXT: call void @__allocsite_register_module_v6(
// TABLE: define internal void @__allocsite_module_dtor()
// TABLE-NEXT: call void @__allocsite_unregister_module_v6(
