; A call of malloc or free through a cast of the function (C code such as
; ((void *(*)(int))malloc)(n); typed pointers, LLVM 14) is a site with the
; call's own argument types: the size widens to 64 bits, and the call loads
; the one __allocsite_direct_malloc pointer with the call's function type.
; (LLVM 19 parses the casts away: the same calls, with opaque pointers.)
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @sink(i8*)

; One pointer for both prototypes.
; CHECK: @__allocsite_direct_malloc = external global
; CHECK-NOT: @__allocsite_direct_malloc.

; CHECK-LABEL: define {{.*}} @cast_first(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_malloc
; CHECK-NEXT: %p = call {{.*}} [[F]](i32 %n), !allocsite.site
; CHECK: zext i32 %n to i64
; CHECK: ret
define i8* @cast_first(i32 %n) {
  %p = call i8* bitcast (i8* (i64)* @malloc to i8* (i32)*)(i32 %n)
  ret i8* %p
}

; CHECK-LABEL: define {{.*}} @declared_prototype(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_malloc
; CHECK-NEXT: %p = call {{.*}} [[F]](i64 %n), !allocsite.site
define i8* @declared_prototype(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  ret i8* %p
}

; ((void (*)(int *))free)(p)
; CHECK-LABEL: define {{.*}} @cast_free(
; CHECK: [[F:%allocsite.direct[0-9]*]] = load {{.*}}@__allocsite_direct_free
; CHECK-NEXT: call void [[F]]({{.*}} %p)
define void @cast_free(i32* %p) {
  call void bitcast (void (i8*)* @free to void (i32*)*)(i32* %p)
  ret void
}
