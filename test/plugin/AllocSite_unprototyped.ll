; Old-style C declares the allocator without a prototype (char *malloc(););
; clang then declares @malloc as variadic and calls it with a variadic call
; type, `i8* (i32, ...)`, on LLVM 14 and 19 alike.  Such a call is a direct
; call of malloc and is a site.
;
; Such a call used to be refused twice (a variadic call type; a declaration
; that is not libc's prototype) and counted only by the runtime's
; interposer; test/e2e/unprototyped.c runs a whole program.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @malloc(...)

; CHECK-LABEL: define {{.*}} @unprototyped(
; CHECK: %p = call {{.*}}(i32 %n), !allocsite.site
; CHECK: store atomic
define i8* @unprototyped(i32 %n) {
  %p = call i8* (i32, ...) bitcast (i8* (...)* @malloc to i8* (i32, ...)*)(i32 %n)
  ret i8* %p
}
