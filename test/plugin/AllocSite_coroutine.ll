; In a function that uses llvm.coro.* intrinsics (a coroutine not yet split)
; every site keeps its own registration test: the coroutine may resume on
; another thread after a suspend, so a site before it dominating a site
; after it does not mean the second thread has registered.  The same code
; without the intrinsics needs one test, after the first site.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @sink(i8*)
declare token @llvm.coro.id(i32, i8*, i8*, i8*)
declare i64 @llvm.coro.size.i64()
declare i8* @llvm.coro.begin(token, i8*)
declare i8 @llvm.coro.suspend(token, i1)
declare i8* @llvm.coro.free(token, i8*)

; The frame's allocation, one before the suspend and one after: three tests.
; CHECK-LABEL: define {{.*}} @coroutine(
; CHECK: %frame = call {{.*}}, !allocsite.site
; CHECK: call void @__allocsite_register_thread
; CHECK: %a = call {{.*}}, !allocsite.site
; CHECK: call void @__allocsite_register_thread
; CHECK: resume:
; CHECK: %b = call {{.*}}, !allocsite.site
; CHECK: call void @__allocsite_register_thread
; CHECK: ret
define i8* @coroutine() {
entry:
  %id = call token @llvm.coro.id(i32 0, i8* null, i8* null, i8* null)
  %size = call i64 @llvm.coro.size.i64()
  %frame = call i8* @malloc(i64 %size)
  %hdl = call i8* @llvm.coro.begin(token %id, i8* %frame)
  %a = call i8* @malloc(i64 1)
  call void @sink(i8* %a)
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

; The same shape with an ordinary call for the suspend: %frame dominates
; the other two sites, so only it tests.
; CHECK-LABEL: define {{.*}} @not_a_coroutine(
; CHECK: %frame = call {{.*}}, !allocsite.site
; CHECK: call void @__allocsite_register_thread
; CHECK: %a = call {{.*}}, !allocsite.site
; CHECK-NOT: call void @__allocsite_register_thread
; CHECK: %b = call {{.*}}, !allocsite.site
; CHECK-NOT: call void @__allocsite_register_thread
; CHECK: ret
define i8* @not_a_coroutine(i64 %size) {
entry:
  %frame = call i8* @malloc(i64 %size)
  %a = call i8* @malloc(i64 1)
  call void @sink(i8* %a)
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
