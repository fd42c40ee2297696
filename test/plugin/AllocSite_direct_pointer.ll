; Instrumented calls of the C malloc family, and frees (all but musttail
; ones: AllocSite_musttail.ll), go through the runtime's pointers
; (__allocsite_direct_<name>, set before main; see runtime/direct_pointers.c)
; instead of by name.  Allocators that call another allocator inside the C
; library (strdup, strndup, reallocarray, operator new) and wrapper calls
; stay direct calls: the interposer counts what they allocate inside.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @malloc(i64)
declare i8* @calloc(i64, i64)
declare i8* @realloc(i8*, i64)
declare i8* @aligned_alloc(i64, i64)
declare i8* @memalign(i64, i64)
declare i8* @valloc(i64)
declare i8* @pvalloc(i64)
declare i32 @posix_memalign(i8**, i64, i64)
declare i8* @strdup(i8*)
declare i8* @strndup(i8*, i64)
declare i8* @reallocarray(i8*, i64, i64)
declare i8* @_Znwm(i64)
declare void @free(i8*)
declare void @sink(i8*)
declare i32 @__gxx_personality_v0(...)

; One external pointer per function, declared by the pass.
; CHECK-DAG: @__allocsite_direct_malloc = external global
; CHECK-DAG: @__allocsite_direct_posix_memalign = external global
; CHECK-DAG: @__allocsite_direct_free = external global
; CHECK-NOT: @__allocsite_direct_strdup
; CHECK-NOT: @__allocsite_direct_reallocarray

; Each call loads its pointer right before it and calls what it loaded,
; with the same arguments.
; CHECK-LABEL: define {{.*}} @malloc_family(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_malloc
; CHECK-NEXT: %a = call {{.*}} [[F]](i64 %n), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_calloc
; CHECK-NEXT: %b = call {{.*}} [[F]](i64 %n, i64 8), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_realloc
; CHECK-NEXT: %c = call {{.*}} [[F]]({{.*}}%b, i64 %n), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_aligned_alloc
; CHECK-NEXT: %d = call {{.*}} [[F]](i64 64, i64 %n), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_memalign
; CHECK-NEXT: %e = call {{.*}} [[F]](i64 64, i64 %n), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_valloc
; CHECK-NEXT: %f = call {{.*}} [[F]](i64 %n), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_pvalloc
; CHECK-NEXT: %g = call {{.*}} [[F]](i64 %n), !allocsite.site
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_posix_memalign
; CHECK-NEXT: %h = call i32 [[F]]({{.*}}%out, i64 64, i64 %n), !allocsite.site
; CHECK: ret void
define void @malloc_family(i64 %n, i8** %out) {
  %a = call i8* @malloc(i64 %n)
  call void @sink(i8* %a)
  %b = call i8* @calloc(i64 %n, i64 8)
  %c = call i8* @realloc(i8* %b, i64 %n)
  call void @sink(i8* %c)
  %d = call i8* @aligned_alloc(i64 64, i64 %n)
  call void @sink(i8* %d)
  %e = call i8* @memalign(i64 64, i64 %n)
  call void @sink(i8* %e)
  %f = call i8* @valloc(i64 %n)
  call void @sink(i8* %f)
  %g = call i8* @pvalloc(i64 %n)
  call void @sink(i8* %g)
  %h = call i32 @posix_memalign(i8** %out, i64 64, i64 %n)
  ret void
}

; These are sites too, but called by name.
; CHECK-LABEL: define {{.*}} @by_name(
; CHECK-NOT: @__allocsite_direct_
; CHECK: %a = call {{.*}} @strdup({{.*}}%s), !allocsite.site
; CHECK-NOT: @__allocsite_direct_
; CHECK: %b = call {{.*}} @strndup({{.*}}%s, i64 3), !allocsite.site
; CHECK-NOT: @__allocsite_direct_
; CHECK: %c = call {{.*}} @reallocarray({{.*}}%p, i64 %n, i64 8), !allocsite.site
; CHECK-NOT: @__allocsite_direct_
; CHECK: %d = call {{.*}} @_Znwm(i64 %n), !allocsite.site
; CHECK-NOT: @__allocsite_direct_
; CHECK: %e = call {{.*}} @xmalloc(i64 %n), !allocsite.site
; CHECK-NOT: @__allocsite_direct_
; CHECK: ret void
define void @by_name(i8* %s, i8* %p, i64 %n) {
  %a = call i8* @strdup(i8* %s)
  call void @sink(i8* %a)
  %b = call i8* @strndup(i8* %s, i64 3)
  call void @sink(i8* %b)
  %c = call i8* @reallocarray(i8* %p, i64 %n, i64 8)
  call void @sink(i8* %c)
  %d = call i8* @_Znwm(i64 %n)
  call void @sink(i8* %d)
  %e = call i8* @xmalloc(i64 %n)
  call void @sink(i8* %e)
  ret void
}

; A pure wrapper: its call above is by name, its own malloc goes through
; the pointer.
; CHECK-LABEL: define {{.*}} @xmalloc(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_malloc
; CHECK-NEXT: %p = call {{.*}} [[F]](i64 %n), !allocsite.site
define dso_local i8* @xmalloc(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  ret i8* %p
}

; An invoke of malloc is rewritten the same way.
; CHECK-LABEL: define {{.*}} @invoke_malloc(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_malloc
; CHECK-NEXT: %p = invoke {{.*}} [[F]](i64 %n)
define void @invoke_malloc(i64 %n) personality i32 (...)* @__gxx_personality_v0 {
entry:
  %p = invoke i8* @malloc(i64 %n) to label %ok unwind label %lpad
ok:
  call void @sink(i8* %p)
  ret void
lpad:
  %lp = landingpad { i8*, i32 } cleanup
  resume { i8*, i32 } %lp
}

; Every free goes through __allocsite_direct_free, also in a function with
; no site.
; CHECK-LABEL: define {{.*}} @frees_only(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_free
; CHECK-NEXT: call void [[F]]({{.*}}%p)
; CHECK-NOT: call void @free
; CHECK: ret void
define void @frees_only(i8* %p) {
  call void @free(i8* %p)
  ret void
}
