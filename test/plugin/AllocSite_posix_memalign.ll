; posix_memalign returns a status, not the pointer: the allocation
; succeeded when the status is 0, and only then does the site count
; (bytes: its third argument).  Pointer-returning allocators count when the
; result, read through an empty inline asm, is not null.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i32 @posix_memalign(i8**, i64, i64)
declare i8* @malloc(i64)

; The status itself is tested: no inline asm, no null test.
; CHECK-LABEL: define {{.*}} @aligned(
; CHECK: %r = call i32 {{.*}}({{.*}}%out, i64 64, i64 %n), !allocsite.site
; CHECK-NOT: asm
; CHECK: [[OK:%[a-z0-9.]+]] = icmp eq i32 %r, 0
; CHECK: br i1 [[OK]], label %[[COUNT:[a-z0-9.]+]], label
; CHECK: [[COUNT]]:
; CHECK: store atomic
; CHECK: ret i32 %r
define i32 @aligned(i8** %out, i64 %n) {
  %r = call i32 @posix_memalign(i8** %out, i64 64, i64 %n)
  ret i32 %r
}

; For contrast, malloc: the pointer, through the asm, against null.
; CHECK-LABEL: define {{.*}} @plain(
; CHECK: %p = call {{.*}}(i64 %n), !allocsite.site
; CHECK: [[SEEN:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}} %p)
; CHECK: [[OK:%[a-z0-9.]+]] = icmp ne {{.*}} [[SEEN]], null
; CHECK: br i1 [[OK]], label %[[COUNT:[a-z0-9.]+]], label
; CHECK: [[COUNT]]:
; CHECK: store atomic
; CHECK: ret
define i8* @plain(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  ret i8* %p
}
