; Reallocations that do not move a promoted object to the heap, so the site
; stays heap, `reallocated`: a realloc of a pointer that may be another
; site's object (the copy would come from the wrong memory), of an object
; that holds its own address (the heap copy would carry it off), a realloc
; variant (reallocarray), and a realloc in a callee (its parameter escapes
; there: the caller's site is passed to a call that may keep it).
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

declare i8* @malloc(i64)
declare i8* @realloc(i8*, i64)
declare i8* @reallocarray(i8*, i64, i64)
declare void @free(i8*)

; CHECK-LABEL: allocsite escape analysis of module
; CHECK: summary resize, parameter 1: escapes (reallocated)
; CHECK-NEXT: call 1 in either: malloc(8): heap, reallocated: reallocated
; CHECK-NEXT: flow: call -> select -> reallocated
; CHECK-NEXT: call 2 in either: malloc(16): heap, reallocated: reallocated
; CHECK-NEXT: flow: call -> select -> reallocated
; CHECK-NEXT: call 3 in either: realloc(..., 64): heap, reallocated: reallocated
define void @either(i1 %c) {
entry:
  %a = call i8* @malloc(i64 8)
  %b = call i8* @malloc(i64 16)
  %p = select i1 %c, i8* %a, i8* %b
  %q = call i8* @realloc(i8* %p, i64 64)
  %other = select i1 %c, i8* %b, i8* %a
  call void @free(i8* %other)
  call void @free(i8* %q)
  ret void
}

; CHECK-NEXT: call 4 in self_address: malloc(16): heap, reallocated: reallocated
; CHECK-NEXT: flow: call -> reallocated
; CHECK-NEXT: call 5 in self_address: realloc(..., 32): heap, reallocated: reallocated
define void @self_address() {
entry:
  %p = call i8* @malloc(i64 16)
  %slot = bitcast i8* %p to i8**
  store i8* %p, i8** %slot
  %q = call i8* @realloc(i8* %p, i64 32)
  call void @free(i8* %q)
  ret void
}

; CHECK-NEXT: call 6 in variant: malloc(16): heap, reallocated: reallocated
; CHECK-NEXT: flow: call -> reallocated
; CHECK-NEXT: call 7 in variant: reallocarray(..., 8, 4): heap, reallocated: reallocated
define void @variant() {
entry:
  %p = call i8* @malloc(i64 16)
  store i8 1, i8* %p
  %q = call i8* @reallocarray(i8* %p, i64 8, i64 4)
  call void @free(i8* %q)
  ret void
}

; Not a wrapper: it returns no pointer.
define internal i32 @resize(i8* %p) {
entry:
  %q = call i8* @realloc(i8* %p, i64 64)
  call void @free(i8* %q)
  ret i32 0
}

; CHECK-NEXT: call 8 in resize: realloc(..., 64): heap, reallocated: reallocated
; CHECK-NEXT: call 9 in in_callee: malloc(16): heap, passed-to-call: passed to 'resize' (argument 1), which may capture it,
; CHECK-NEXT: flow: call -> passed-to-call -> in 'resize': parameter 1 -> reallocated
define void @in_callee() {
entry:
  %p = call i8* @malloc(i64 16)
  store i8 1, i8* %p
  %r = call i32 @resize(i8* %p)
  ret void
}
