; qsort and bsearch call the comparator with pointers into the array: the
; array stays local if the comparator (a function of this file) keeps none
; of them.  The comparator's summary is part of the call graph of the
; function that passes it, so it is made callees first like any other.
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

@last = global i8* null

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @qsort(i8*, i64, i64, i32 (i8*, i8*)*)

define internal i32 @compare(i8* %a, i8* %b) {
  %x = load i8, i8* %a
  %y = load i8, i8* %b
  %d = sub i8 %x, %y
  %r = sext i8 %d to i32
  ret i32 %r
}

define internal i32 @remember(i8* %a, i8* %b) {
  store i8* %a, i8** @last
  ret i32 0
}

; CHECK-DAG: summary compare, parameter 1: nothing
; CHECK-DAG: summary compare, parameter 2: nothing
; CHECK-DAG: summary remember, parameter 1: escapes (stored to global 'last')
; CHECK-DAG: summary remember, parameter 2: nothing

; CHECK: call 1 in sorted: malloc(64): promotable{{$}}
define void @sorted() {
  %p = call i8* @malloc(i64 64)
  call void @qsort(i8* %p, i64 8, i64 8, i32 (i8*, i8*)* @compare)
  call void @free(i8* %p)
  ret void
}

; CHECK: call 2 in kept: malloc(64): heap, passed-to-call: passed to 'qsort' (argument 1), which may capture it,
define void @kept() {
  %p = call i8* @malloc(i64 64)
  call void @qsort(i8* %p, i64 8, i64 8, i32 (i8*, i8*)* @remember)
  call void @free(i8* %p)
  ret void
}
