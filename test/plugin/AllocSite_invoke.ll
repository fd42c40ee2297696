; An invoke of operator new is a site whose counting code goes at the start
; of its normal destination (an invoke ends its block), in a block of its
; own split off the edge when other edges also reach that destination, so
; that only the path through the invoke counts.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @_Znwm(i64)
declare void @sink(i8*)
declare i32 @__gxx_personality_v0(...)

; The normal destination has no other predecessor: counted there, before
; its own code.
; CHECK-LABEL: define {{.*}} @single_predecessor(
; CHECK: %p = invoke {{.*}} @_Znwm(i64 8)
; CHECK-NEXT: to label %ok unwind label %lpad, !allocsite.site
; CHECK: ok:
; CHECK-NOT: call void @sink
; CHECK: store atomic
; CHECK: call void @sink
define void @single_predecessor() personality i32 (...)* @__gxx_personality_v0 {
entry:
  %p = invoke i8* @_Znwm(i64 8) to label %ok unwind label %lpad
ok:
  call void @sink(i8* %p)
  ret void
lpad:
  %lp = landingpad { i8*, i32 } cleanup
  resume { i8*, i32 } %lp
}

; %join is also reached from %entry, which allocated nothing: the invoke's
; edge gets its own block, and the phi takes %p from the end of it.
; CHECK-LABEL: define {{.*}} @shared_destination(
; CHECK: entry:
; CHECK-NEXT: br i1 %c, label %alloc, label %join
; CHECK: %p = invoke {{.*}} @_Znwm(i64 8)
; CHECK-NEXT: to label %[[EDGE:[a-z0-9._]+]] unwind label %lpad, !allocsite.site
; CHECK: [[EDGE]]:
; CHECK-NOT: {{^}}join:
; CHECK: store atomic
; CHECK: br label %join
; CHECK: join:
; CHECK-NEXT: %q = phi {{.*}} [ null, %entry ], [ %p, %{{[a-z0-9._]+}} ]
; CHECK-NOT: store atomic
; CHECK: ret void
define void @shared_destination(i1 %c) personality i32 (...)* @__gxx_personality_v0 {
entry:
  br i1 %c, label %alloc, label %join
alloc:
  %p = invoke i8* @_Znwm(i64 8) to label %join unwind label %lpad
join:
  %q = phi i8* [ null, %entry ], [ %p, %alloc ]
  call void @sink(i8* %q)
  ret void
lpad:
  %lp = landingpad { i8*, i32 } cleanup
  resume { i8*, i32 } %lp
}

; An invoke whose normal destination is its own block (a loop): the back
; edge is split the same way.
; CHECK-LABEL: define {{.*}} @loop_to_itself(
; CHECK: loop:
; CHECK-NEXT: %q = phi {{.*}} [ null, %entry ], [ %p, %{{[a-z0-9._]+}} ]
; CHECK: %p = invoke {{.*}} @_Znwm(i64 8)
; CHECK-NEXT: to label %[[BACK:[a-z0-9._]+]] unwind label %lpad, !allocsite.site
; CHECK: [[BACK]]:
; CHECK: store atomic
; CHECK: br label %loop
define void @loop_to_itself() personality i32 (...)* @__gxx_personality_v0 {
entry:
  br label %loop
loop:
  %q = phi i8* [ null, %entry ], [ %p, %loop ]
  call void @sink(i8* %q)
  %p = invoke i8* @_Znwm(i64 8) to label %loop unwind label %lpad
lpad:
  %lp = landingpad { i8*, i32 } cleanup
  resume { i8*, i32 } %lp
}

; A site on the unwind path, reached when the first operator new threw, is
; instrumented in the landing pad like any other.
; CHECK-LABEL: define {{.*}} @site_on_unwind_path(
; CHECK: %p = invoke {{.*}} @_Znwm(i64 8)
; CHECK: lpad:
; CHECK: %q = call {{.*}} @_Znwm(i64 16), !allocsite.site
; CHECK: call void @__allocsite_thread_slow
; CHECK: resume
define void @site_on_unwind_path() personality i32 (...)* @__gxx_personality_v0 {
entry:
  %p = invoke i8* @_Znwm(i64 8) to label %ok unwind label %lpad
ok:
  call void @sink(i8* %p)
  ret void
lpad:
  %lp = landingpad { i8*, i32 } cleanup
  %q = call i8* @_Znwm(i64 16)
  call void @sink(i8* %q)
  resume { i8*, i32 } %lp
}
