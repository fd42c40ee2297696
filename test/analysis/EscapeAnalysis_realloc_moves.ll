; A site given to the C library's realloc in its own function stays local:
; promotion makes that realloc move the object to the heap (StackPromotion.h),
; so the verdict is promotable, or promotable if small, "moved to the heap
; by N realloc(s)".  What a realloc returns is another site's object (always
; heap, reallocated); a free or realloc of a phi that mixes it with the
; object is still this object's (grow loops).  A realloc also counts as the
; object's end: a site freed only by one is not "never freed".
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

declare i8* @malloc(i64)
declare i8* @realloc(i8*, i64)
declare void @free(i8*)

; CHECK-LABEL: allocsite escape analysis of module
; CHECK-NEXT: call 1 in once: malloc(...): promotable-if-small, up to 32 bytes, non-constant-size: size is not a compile-time constant, moved to the heap by 1 realloc(s)
; CHECK-NEXT: call 2 in once: realloc(...): heap, reallocated: reallocated
define i8 @once(i64 %n) {
entry:
  %p = call i8* @malloc(i64 %n)
  store i8 1, i8* %p
  %m = shl i64 %n, 1
  %q = call i8* @realloc(i8* %p, i64 %m)
  %v = load i8, i8* %q
  call void @free(i8* %q)
  ret i8 %v
}

; Never freed but by the realloc, whose result is returned.
; CHECK-NEXT: call 3 in returned_result: malloc(16): promotable, moved to the heap by 1 realloc(s)
; CHECK-NEXT: call 4 in returned_result: realloc(..., 64): heap, reallocated: reallocated
define i8* @returned_result() {
entry:
  %p = call i8* @malloc(i64 16)
  store i8 1, i8* %p
  %q = call i8* @realloc(i8* %p, i64 64)
  ret i8* %q
}

; The grow loop: the header's phi holds the first block or a realloc's, and
; is resized again and freed after the loop; on failure the old block (the
; phi) is freed.
; CHECK-NEXT: call 5 in grow: malloc(16): promotable, moved to the heap by 1 realloc(s)
; CHECK-NEXT: call 6 in grow: realloc(...): heap, reallocated: reallocated
define i32 @grow(i64 %count) {
entry:
  %first = call i8* @malloc(i64 16)
  br label %loop
loop:
  %a = phi i8* [ %first, %entry ], [ %next, %latch ]
  %cap = phi i64 [ 16, %entry ], [ %cap.next, %latch ]
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %full = icmp eq i64 %i, %cap
  br i1 %full, label %resize, label %latch
resize:
  %cap2 = shl i64 %cap, 1
  %b = call i8* @realloc(i8* %a, i64 %cap2)
  %failed = icmp eq i8* %b, null
  br i1 %failed, label %fail, label %latch
fail:
  call void @free(i8* %a)
  ret i32 -1
latch:
  %next = phi i8* [ %a, %loop ], [ %b, %resize ]
  %cap.next = phi i64 [ %cap, %loop ], [ %cap2, %resize ]
  %slot = getelementptr i8, i8* %next, i64 %i
  store i8 7, i8* %slot
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %count
  br i1 %done, label %exit, label %loop
exit:
  %v = load i8, i8* %next
  call void @free(i8* %next)
  %r = zext i8 %v to i32
  ret i32 %r
}
