; Parameter summaries of recursive functions: each strongly connected
; component of the call graph is summarised callees first, and a recursive
; one starts optimistic (nothing escapes) and is looked at again until no
; summary changes.  The least fixed point is what recursion that only reads
; through a pointer needs; an escape anywhere in a cycle reaches every
; function of it.
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

@g = global i8* null

declare i8* @malloc(i64)
declare void @free(i8*)

; Self-recursion that only reads: nothing escapes.
define internal i32 @walk(i8* %p, i32 %n) {
entry:
  %done = icmp eq i32 %n, 0
  br i1 %done, label %base, label %step
base:
  ret i32 0
step:
  %next = getelementptr i8, i8* %p, i64 1
  %m = sub i32 %n, 1
  %r = call i32 @walk(i8* %next, i32 %m)
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %s = add i32 %r, %cx
  ret i32 %s
}

; Mutual recursion where one function stores the pointer on one path: it
; escapes from both.
define internal i32 @odd(i8* %p, i32 %n) {
entry:
  %done = icmp eq i32 %n, 0
  br i1 %done, label %base, label %step
base:
  ret i32 0
step:
  %m = sub i32 %n, 1
  %r = call i32 @even(i8* %p, i32 %m)
  ret i32 %r
}

define internal i32 @even(i8* %p, i32 %n) {
entry:
  %seven = icmp eq i32 %n, 7
  br i1 %seven, label %keep, label %go
keep:
  store i8* %p, i8** @g
  br label %go
go:
  %done = icmp eq i32 %n, 0
  br i1 %done, label %base, label %step
base:
  ret i32 1
step:
  %m = sub i32 %n, 1
  %r = call i32 @odd(i8* %p, i32 %m)
  ret i32 %r
}

; Mutual recursion that frees at the end, and one that returns its pointer.
define internal void @release(i8* %p, i32 %n) {
entry:
  %done = icmp eq i32 %n, 0
  br i1 %done, label %base, label %step
base:
  call void @free(i8* %p)
  ret void
step:
  %m = sub i32 %n, 1
  call void @release_again(i8* %p, i32 %m)
  ret void
}

define internal void @release_again(i8* %p, i32 %n) {
  call void @release(i8* %p, i32 %n)
  ret void
}

define internal i8* @same(i8* %p, i32 %n) {
entry:
  %done = icmp eq i32 %n, 0
  br i1 %done, label %base, label %step
base:
  ret i8* %p
step:
  %m = sub i32 %n, 1
  %r = call i8* @same(i8* %p, i32 %m)
  ret i8* %r
}

; CHECK-LABEL: allocsite escape analysis of module
; CHECK-DAG: summary walk, parameter 1: nothing
; CHECK-DAG: summary odd, parameter 1: escapes (passed to 'even' (argument 1), which may capture it,)
; CHECK-DAG: summary even, parameter 1: escapes (stored to global 'g')
; CHECK-DAG: summary release, parameter 1: frees
; CHECK-DAG: summary release_again, parameter 1: frees
; CHECK-DAG: summary same, parameter 1: returned

; CHECK: call 1 in reads: malloc(16): promotable{{$}}
define i32 @reads() {
  %p = call i8* @malloc(i64 16)
  %r = call i32 @walk(i8* %p, i32 3)
  call void @free(i8* %p)
  ret i32 %r
}

; The flow goes into the callee: how its parameter escapes there.
; CHECK: call 2 in stores: malloc(16): heap, passed-to-call: passed to 'odd' (argument 1), which may capture it,
; CHECK-NEXT: flow: call -> passed-to-call -> in 'odd': parameter 1 -> passed to 'even' (argument 1), which may capture it,
define i32 @stores() {
  %p = call i8* @malloc(i64 16)
  %r = call i32 @odd(i8* %p, i32 3)
  call void @free(i8* %p)
  ret i32 %r
}

; CHECK: call 3 in frees: malloc(16): heap, freed-elsewhere: freed by 'release'
define void @frees() {
  %p = call i8* @malloc(i64 16)
  call void @release(i8* %p, i32 3)
  ret void
}

; What @same returns is the object's address again: the analysis follows it.
; CHECK: call 4 in returns: malloc(16): heap, stored-to-global: stored to global 'g'
; CHECK-NEXT: flow: call -> call -> stored-to-global
define void @returns() {
  %p = call i8* @malloc(i64 16)
  %q = call i8* @same(i8* %p, i32 3)
  store i8* %q, i8** @g
  ret void
}
