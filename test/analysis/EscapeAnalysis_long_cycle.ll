; A recursive component of 20 functions, each passing two pointers on to
; the next, the last storing the second one in a global.  The escape of the
; second parameter reaches each function one look later, so the component
; is looked at about 20 times; the first parameter escapes nowhere.  (The
; summaries used to stop after 16 rounds and assume the worst for every
; parameter: this allocation was heap, passed-to-call.)
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

@g = global i8* null

declare i8* @malloc(i64)
declare void @free(i8*)

define internal void @g1(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g2(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g2(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g3(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g3(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g4(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g4(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g5(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g5(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g6(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g6(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g7(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g7(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g8(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g8(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g9(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g9(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g10(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g10(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g11(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g11(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g12(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g12(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g13(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g13(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g14(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g14(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g15(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g15(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g16(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g16(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g17(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g17(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g18(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g18(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g19(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g19(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  call void @g20(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

define internal void @g20(i8* %p, i8* %q, i32 %n) {
entry:
  %done = icmp sle i32 %n, 0
  br i1 %done, label %exit, label %next
next:
  %c = load i8, i8* %p
  %cx = sext i8 %c to i32
  %m = sub i32 %n, %cx
  store i8* %q, i8** @g
  call void @g1(i8* %p, i8* %q, i32 %m)
  br label %exit
exit:
  ret void
}

; CHECK-DAG: summary g1, parameter 1: nothing
; CHECK-DAG: summary g1, parameter 2: escapes (passed to 'g2' (argument 2), which may capture it,)
; CHECK-DAG: summary g19, parameter 1: nothing
; CHECK-DAG: summary g20, parameter 1: nothing
; CHECK-DAG: summary g20, parameter 2: escapes (stored to global 'g')

; CHECK: call 1 in main: malloc(16): promotable{{$}}
define i32 @main(i32 %argc, i8* %name) {
  %p = call i8* @malloc(i64 16)
  store i8 1, i8* %p
  call void @g1(i8* %p, i8* %name, i32 %argc)
  call void @free(i8* %p)
  ret i32 0
}
