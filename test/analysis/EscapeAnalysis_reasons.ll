; One allocation per reason the analysis decides on its own, each in its own
; function, in the order of runtime/allocsite_abi.inc; the printer gives the verdict, the
; reason code and the message (no debug info: no locations).
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

@g = global i8* null

declare i8* @malloc(i64)
declare i8* @calloc(i64, i64)
declare i8* @realloc(i8*, i64)
declare i8* @reallocarray(i8*, i64, i64)
declare i32 @posix_memalign(i8**, i64, i64)
declare i8* @strdup(i8*)
declare void @free(i8*)
declare void @unknown(i8*)
declare i32 @pthread_create(i8*, i8*, i8* (i8*)*, i8*)
declare i8* @worker(i8*)
declare void @llvm.donothing()

; CHECK-LABEL: allocsite escape analysis of module
; CHECK: call {{[0-9]+}} in returned: malloc(8): heap, returned: returned to the caller
define i8* @returned() {
  %p = call i8* @malloc(i64 8)
  ret i8* %p
}

; CHECK: call {{[0-9]+}} in global: malloc(8): heap, stored-to-global: stored to global 'g'
define void @global() {
  %p = call i8* @malloc(i64 8)
  store i8* %p, i8** @g
  ret void
}

; Stored through a pointer the function was given.
; CHECK: call {{[0-9]+}} in escaping_memory: malloc(8): heap, stored-to-escaping-memory: stored to memory that outlives the function
define void @escaping_memory(i8** %out) {
  %p = call i8* @malloc(i64 8)
  store i8* %p, i8** %out
  ret void
}

; CHECK: call {{[0-9]+}} in passed: malloc(8): heap, passed-to-call: passed to 'unknown' (argument 1), which may capture it,
define void @passed() {
  %p = call i8* @malloc(i64 8)
  call void @unknown(i8* %p)
  call void @free(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in indirect: malloc(8): heap, passed-to-unknown-callee: passed to an indirect call, which may capture it,
define void @indirect(void (i8*)* %fn) {
  %p = call i8* @malloc(i64 8)
  call void %fn(i8* %p)
  call void @free(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in thread: malloc(8): heap, thread-argument: handed to another thread by 'pthread_create'
define void @thread(i8* %tid) {
  %p = call i8* @malloc(i64 8)
  %r = call i32 @pthread_create(i8* %tid, i8* null, i8* (i8*)* @worker, i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in to_integer: malloc(8): heap, converted-to-integer: converted to an integer
define i64 @to_integer() {
  %p = call i8* @malloc(i64 8)
  %i = ptrtoint i8* %p to i64
  call void @free(i8* %p)
  ret i64 %i
}

; realloc is a site that reallocates; a pointer handed to reallocarray is
; reallocated (one handed to realloc in its own function moves to the heap
; there instead: EscapeAnalysis_realloc_moves.ll).
; CHECK: call {{[0-9]+}} in reallocating: realloc(..., 16): heap, reallocated: reallocated
define i8* @reallocating(i8* %old) {
  %q = call i8* @realloc(i8* %old, i64 16)
  ret i8* %q
}

; CHECK: call {{[0-9]+}} in reallocated: malloc(8): heap, reallocated: reallocated
; CHECK: call {{[0-9]+}} in reallocated: reallocarray(..., 4, 8): heap, reallocated: reallocated
define i8* @reallocated() {
  %p = call i8* @malloc(i64 8)
  %r = call i8* @reallocarray(i8* %p, i64 4, i64 8)
  ret i8* %r
}

; A size that is not constant is no escape: promotable if small, the size
; being the reason (the stack buffer is -allocsite-stack-buffer-size's).
; CHECK: call {{[0-9]+}} in non_constant: malloc(...): promotable-if-small, up to 32 bytes, non-constant-size: size is not a compile-time constant
define void @non_constant(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  call void @free(i8* %p)
  ret void
}

; strdup's size is strlen(result) + 1: never constant.
; CHECK: call {{[0-9]+}} in duplicate: strdup(...): promotable-if-small, up to 32 bytes, non-constant-size: size is not a compile-time constant
define void @duplicate(i8* %s) {
  %p = call i8* @strdup(i8* %s)
  call void @free(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in too_large: calloc(1000, 8): heap, too-large: size 8000 exceeds the stack limit of 4096 bytes
define void @too_large() {
  %p = call i8* @calloc(i64 1000, i64 8)
  call void @free(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in called: malloc(8): heap, unanalysable-use: called as a function
define void @called() {
  %p = call i8* @malloc(i64 8)
  %f = bitcast i8* %p to void ()*
  call void %f()
  ret void
}

; CHECK: call {{[0-9]+}} in bundle: malloc(8): heap, unanalysable-use: used in an operand bundle
define void @bundle() {
  %p = call i8* @malloc(i64 8)
  call void @llvm.donothing() [ "deopt"(i8* %p) ]
  call void @free(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in asm: malloc(8): heap, unanalysable-use: used by an instruction allocsite cannot analyse ('call')
define void @asm() {
  %p = call i8* @malloc(i64 8)
  call void asm sideeffect "", "r"(i8* %p)
  call void @free(i8* %p)
  ret void
}

; posix_memalign returns its pointer through memory.
; CHECK: call {{[0-9]+}} in memalign: posix_memalign(64, 32): heap, unanalysable-use: the address is returned through memory ('posix_memalign')
define void @memalign(i8** %out) {
  %r = call i32 @posix_memalign(i8** %out, i64 64, i64 32)
  ret void
}

; CHECK: call {{[0-9]+}} in leak: malloc(8): promotable, never-freed: does not escape, and is never freed: a leak
define void @leak() {
  %p = call i8* @malloc(i64 8)
  store i8 1, i8* %p
  ret void
}

; CHECK: call {{[0-9]+}} in freed: malloc(8): promotable{{$}}
define void @freed() {
  %p = call i8* @malloc(i64 8)
  store i8 1, i8* %p
  call void @free(i8* %p)
  ret void
}
; CHECK-NOT: call {{[0-9]+}} in
