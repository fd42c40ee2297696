; Sites in a block that the entry does not reach (clang -O0 keeps such a
; block when a label follows a return) are instrumented without crashing,
; each with its own test of the thread state and cold path, like every
; other site.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @_Znwm(i64)
declare void @sink(i8*)

; CHECK-LABEL: define {{.*}} @dead_block(
; CHECK: %a = call {{.*}} @_Znwm(i64 1), !allocsite.site
; CHECK: call void @__allocsite_thread_slow
; CHECK: ret void
; CHECK: dead:
; CHECK: %b = call {{.*}} @_Znwm(i64 2), !allocsite.site
; CHECK: call void @__allocsite_thread_slow
; CHECK: %c = call {{.*}} @_Znwm(i64 3), !allocsite.site
; CHECK: call void @__allocsite_thread_slow
; CHECK: br label %dead
define void @dead_block() {
entry:
  %a = call i8* @_Znwm(i64 1)
  call void @sink(i8* %a)
  ret void
dead:                       ; only its own back edge reaches it
  %b = call i8* @_Znwm(i64 2)
  call void @sink(i8* %b)
  %c = call i8* @_Znwm(i64 3)
  call void @sink(i8* %c)
  br label %dead
}

