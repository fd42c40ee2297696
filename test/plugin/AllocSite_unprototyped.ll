; Old-style C declares the allocator without a prototype (char *malloc(););
; clang then declares @malloc as variadic and calls it with a variadic call
; type, `i8* (i32, ...)`, on LLVM 14 and 19 alike.  Such a call is a direct
; call of malloc and should be a site.
;
; XFAIL: *
; Bug: it is not.  classifyAllocationCall (plugin/AllocatorTable.cpp) rejects
; it twice: callMatchesPrototype refuses a variadic call type, and the
; TargetLibraryInfo check refuses the variadic declaration (`declare i8*
; @malloc(...)` is not libc's prototype).  The allocation is counted only by
; the runtime's interposer, in the report's "heap" section, not as a site.
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
