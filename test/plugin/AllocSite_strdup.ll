; strdup and strndup count the bytes they allocated: strlen(result) + 1,
; computed after the success test, on the pointer that test read (through
; the inline asm), which is not null there: strlen needs no guard.  A
; wrapper around strdup counts the same way at its calls.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @strdup(i8*)
declare i8* @strndup(i8*, i64)
declare i8* @__strdup(i8*)
declare void @sink(i8*)

; CHECK-LABEL: define {{.*}} @copies(
; CHECK: %a = call {{.*}} @strdup({{.*}}%s), !allocsite.site
; CHECK-NEXT: [[SEEN:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}} %a)
; CHECK-NEXT: [[OK:%allocsite.ok[0-9]*]] = icmp ne {{.*}} [[SEEN]], null
; CHECK-NEXT: br i1 [[OK]], label %[[COUNT:[a-z0-9.]+]], label
; CHECK: [[COUNT]]:
; CHECK-NEXT: [[LEN:%[a-z0-9.]+]] = call i64 @strlen({{.*}} [[SEEN]])
; CHECK-NEXT: [[BYTES:%[a-z0-9.]+]] = add i64 [[LEN]], 1
; CHECK: add i64 {{.*}}[[BYTES]]
; strndup(s, 3) may allocate less than 4 bytes: strlen again, not 3 + 1.
; CHECK: %b = call {{.*}} @strndup({{.*}}%s, i64 3), !allocsite.site
; CHECK-NEXT: [[SEEN:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}} %b)
; CHECK: call i64 @strlen({{.*}} [[SEEN]])
; glibc's internal name, which older <string.h> macros expand strdup to.
; CHECK: %c = call {{.*}} @__strdup({{.*}}%s), !allocsite.site
; CHECK-NEXT: [[SEEN:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}} %c)
; CHECK: call i64 @strlen({{.*}} [[SEEN]])
; CHECK: ret void
define void @copies(i8* %s) {
  %a = call i8* @strdup(i8* %s)
  call void @sink(i8* %a)
  %b = call i8* @strndup(i8* %s, i64 3)
  call void @sink(i8* %b)
  %c = call i8* @__strdup(i8* %s)
  call void @sink(i8* %c)
  ret void
}

; CHECK-LABEL: define {{.*}} @xstrdup(
define dso_local i8* @xstrdup(i8* %s) {
  %p = call i8* @strdup(i8* %s)
  ret i8* %p
}

; CHECK-LABEL: define {{.*}} @use_xstrdup(
; CHECK: %d = call {{.*}} @xstrdup({{.*}}%s), !allocsite.site
; CHECK: [[SEEN:%[a-z0-9.]+]] = call {{.*}} asm "", "=r,0"({{.*}} %d)
; CHECK: call i64 @strlen({{.*}} [[SEEN]])
define void @use_xstrdup(i8* %s) {
  %d = call i8* @xstrdup(i8* %s)
  call void @sink(i8* %d)
  ret void
}
