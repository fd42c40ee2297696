; With promotion on, a promotable site becomes a stack slot and is still
; counted: its counting code has no success test (a stack slot is never
; null) and nothing goes through the runtime's direct pointers (neither the
; allocation nor its free, which is deleted).  An invoke of operator new
; loses its unwind edge first.
;
; RUN: env ALLOCSITE_PROMOTE=1 %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @malloc(i64)
declare void @free(i8*)
declare i8* @_Znwm(i64)
declare void @_ZdlPv(i8*)
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define {{.*}} @local_malloc(
; CHECK-NOT: {{@malloc|@free|@__allocsite_direct_|asm}}
; CHECK: store atomic
; CHECK-NOT: {{@malloc|@free|@__allocsite_direct_|asm}}
; CHECK: ret i8
define i8 @local_malloc(i8 %v) {
  %p = call i8* @malloc(i64 16)
  store i8 %v, i8* %p
  %r = load i8, i8* %p
  call void @free(i8* %p)
  ret i8 %r
}

; CHECK-LABEL: define {{.*}} @local_new(
; CHECK-NOT: {{invoke|@_Znwm|asm}}
; CHECK: store atomic
; CHECK-NOT: {{landingpad|@_ZdlPv}}
; CHECK: ret i8
define i8 @local_new(i8 %v) personality i32 (...)* @__gxx_personality_v0 {
entry:
  %p = invoke i8* @_Znwm(i64 16) to label %ok unwind label %lpad
ok:
  store i8 %v, i8* %p
  %r = load i8, i8* %p
  call void @_ZdlPv(i8* %p)
  ret i8 %r
lpad:
  %lp = landingpad { i8*, i32 } cleanup
  resume { i8*, i32 } %lp
}

; The escape analysis's copies of the functions it judged are gone.
; CHECK-NOT: define {{.*}}allocsite.analysis
