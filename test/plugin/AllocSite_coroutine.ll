; In a function that uses llvm.coro.* intrinsics (a coroutine not yet split)
; the thread's `nested` byte is not put back after a call that returns twice
; (WrapperNesting.h): the value saved before it could be another thread's
; once the coroutine resumes elsewhere.  The same code without the
; intrinsics saves and restores it around setjmp.  Every site, in both,
; tests the thread-state word after its call.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @sink(i8*)
declare i32 @setjmp(i8*) returns_twice
declare token @llvm.coro.id(i32, i8*, i8*, i8*)
declare i64 @llvm.coro.size.i64()
declare i8* @llvm.coro.begin(token, i8*)
declare i8 @llvm.coro.suspend(token, i1)
declare i8* @llvm.coro.free(token, i8*)

; CHECK-LABEL: define {{.*}} @coroutine(
; CHECK: %frame = call {{.*}}, !allocsite.site
; CHECK: load i64, {{.*}}@__allocsite_thread_v6
; CHECK: %a = call {{.*}}, !allocsite.site
; CHECK: load i64, {{.*}}@__allocsite_thread_v6
; CHECK-NOT: allocsite.outer
; CHECK: call i32 @setjmp(
; CHECK-NOT: store i8 {{.*}}@__allocsite_thread_v6
; CHECK: resume:
; CHECK: %b = call {{.*}}, !allocsite.site
; CHECK: load i64, {{.*}}@__allocsite_thread_v6
; CHECK: ret
define i8* @coroutine(i8* %env) {
entry:
  %id = call token @llvm.coro.id(i32 0, i8* null, i8* null, i8* null)
  %size = call i64 @llvm.coro.size.i64()
  %frame = call i8* @malloc(i64 %size)
  %hdl = call i8* @llvm.coro.begin(token %id, i8* %frame)
  %a = call i8* @malloc(i64 1)
  call void @sink(i8* %a)
  %j = call i32 @setjmp(i8* %env)
  %s = call i8 @llvm.coro.suspend(token none, i1 false)
  switch i8 %s, label %suspend [i8 0, label %resume
                                i8 1, label %cleanup]
resume:
  %b = call i8* @malloc(i64 2)
  call void @sink(i8* %b)
  br label %cleanup
cleanup:
  %mem = call i8* @llvm.coro.free(token %id, i8* %hdl)
  call void @free(i8* %mem)
  br label %suspend
suspend:
  ret i8* %hdl
}

; The same shape with an ordinary call for the suspend: the byte is read
; before setjmp and stored back after it (both returns).
; CHECK-LABEL: define {{.*}} @not_a_coroutine(
; CHECK: %frame = call {{.*}}, !allocsite.site
; CHECK: load i64, {{.*}}@__allocsite_thread_v6
; CHECK: %a = call {{.*}}, !allocsite.site
; CHECK: load i64, {{.*}}@__allocsite_thread_v6
; CHECK: [[OUTER:%allocsite.outer[0-9]*]] = load i8, {{.*}}@__allocsite_thread_v6
; CHECK-NEXT: call i32 @setjmp(
; CHECK-NEXT: store i8 [[OUTER]], {{.*}}@__allocsite_thread_v6
; CHECK: resume:
; CHECK: %b = call {{.*}}, !allocsite.site
; CHECK: load i64, {{.*}}@__allocsite_thread_v6
; CHECK: ret
define i8* @not_a_coroutine(i64 %size, i8* %env) {
entry:
  %frame = call i8* @malloc(i64 %size)
  %a = call i8* @malloc(i64 1)
  call void @sink(i8* %a)
  %j = call i32 @setjmp(i8* %env)
  %s = call i8 @suspend()
  switch i8 %s, label %suspend [i8 0, label %resume
                                i8 1, label %cleanup]
resume:
  %b = call i8* @malloc(i64 2)
  call void @sink(i8* %b)
  br label %cleanup
cleanup:
  call void @free(i8* %frame)
  br label %suspend
suspend:
  ret i8* %frame
}
declare i8 @suspend()
