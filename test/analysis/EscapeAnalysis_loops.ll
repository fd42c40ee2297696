; A promoted object lives in one stack slot per frame, reused by every
; iteration of a loop: an object of one iteration must be dead before the
; next one begins.  Carried round a back edge (a phi in a loop header), or
; kept in a container the whole loop shares, it is `lives-across-iterations`.
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

declare i8* @malloc(i64)
declare void @free(i8*)

; Allocated and freed in each iteration.
; CHECK: call 1 in per_iteration: malloc(8): promotable{{$}}
define void @per_iteration(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %p = call i8* @malloc(i64 8)
  store i8 1, i8* %p
  call void @free(i8* %p)
  %next = add i32 %i, 1
  %more = icmp slt i32 %next, %n
  br i1 %more, label %loop, label %exit
exit:
  ret void
}

; Freed in the next iteration, after the next object is made: the previous
; object is still alive then.
; CHECK: call 2 in carried: malloc(8): heap, lives-across-iterations: kept across loop iterations
; CHECK-NEXT: flow: call -> lives-across-iterations
define void @carried(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %prev = phi i8* [ null, %entry ], [ %p, %loop ]
  %p = call i8* @malloc(i64 8)
  call void @free(i8* %prev)
  %next = add i32 %i, 1
  %more = icmp slt i32 %next, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(i8* %p)
  ret void
}

; Kept in an array that outlives the iteration.
; CHECK: call 3 in kept: malloc(8): heap, lives-across-iterations: kept across loop iterations
define void @kept(i32 %n) {
entry:
  %arr = alloca [4 x i8*]
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %p = call i8* @malloc(i64 8)
  %slot = getelementptr [4 x i8*], [4 x i8*]* %arr, i64 0, i32 %i
  store i8* %p, i8** %slot
  %next = add i32 %i, 1
  %more = icmp slt i32 %next, %n
  br i1 %more, label %loop, label %exit
exit:
  ret void
}
; Carried round the back edge but freed in the next iteration before the
; next object is made (what -O2's loop rotation makes of a loop freeing its
; object on two exits): one object at a time, so one slot serves.
; CHECK: call 4 in freed_before_next: malloc(8): promotable{{$}}
define void @freed_before_next(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %prev = phi i8* [ null, %entry ], [ %p, %loop ]
  call void @free(i8* %prev)
  %p = call i8* @malloc(i64 8)
  store i8 1, i8* %p
  %next = add i32 %i, 1
  %more = icmp slt i32 %next, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(i8* %p)
  ret void
}

; The same, but the old object is read after the next one is made.
; CHECK: call 5 in read_after_next: malloc(8): heap, lives-across-iterations: kept across loop iterations
define i8 @read_after_next(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %prev = phi i8* [ null, %entry ], [ %p, %loop ]
  %acc = phi i8 [ 0, %entry ], [ %sum, %loop ]
  %p = call i8* @malloc(i64 8)
  store i8 1, i8* %p
  %old = getelementptr i8, i8* %prev, i64 1
  %v = load i8, i8* %old
  %sum = add i8 %acc, %v
  call void @free(i8* %prev)
  %next = add i32 %i, 1
  %more = icmp slt i32 %next, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(i8* %p)
  ret i8 %sum
}
; CHECK-NOT: call {{[0-9]+}} in
