; Calls of one site (loop unrolling, tail duplication; here, without debug
; information, all of a function's calls of one allocator) each have their
; own verdict, and share one site verdict: heap if any call is, for the
; first heap call's reason, and never-freed only if no call is freed.  The
; printer shows each call's own verdict; the instrumentation pass, which
; names sites, remarks once per site with the shared one.
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=CALLS
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -pass-remarks=allocsite -pass-remarks-missed=allocsite -disable-output %s 2>&1 | FileCheck %s --check-prefix=SITE

@g = global i8* null

declare i8* @malloc(i64)
declare void @free(i8*)

; CALLS: call 1 in one_heap: malloc(8): promotable{{$}}
; CALLS-NEXT: call 2 in one_heap: malloc(8): heap, stored-to-global: stored to global 'g'
; CALLS: call 3 in one_heap: malloc(8): heap, converted-to-integer: converted to an integer
; SITE: remark: {{.*}}malloc(8) stays on the heap: stored to global 'g' [site
define void @one_heap() {
  %a = call i8* @malloc(i64 8)
  call void @free(i8* %a)
  %b = call i8* @malloc(i64 8)
  store i8* %b, i8** @g
  %c = call i8* @malloc(i64 8)
  %i = ptrtoint i8* %c to i64
  ret void
}

; CALLS: call 4 in one_freed: malloc(8): promotable, never-freed
; CALLS-NEXT: call 5 in one_freed: malloc(8): promotable{{$}}
; SITE-NEXT: remark: {{.*}}malloc(8) does not escape: can be stack-allocated [site
define void @one_freed() {
  %a = call i8* @malloc(i64 8)
  store i8 1, i8* %a
  %b = call i8* @malloc(i64 8)
  store i8 1, i8* %b
  call void @free(i8* %b)
  ret void
}

; CALLS: call 6 in none_freed: malloc(8): promotable, never-freed
; CALLS-NEXT: call 7 in none_freed: malloc(8): promotable, never-freed
; SITE-NEXT: remark: {{.*}}malloc(8) does not escape: can be stack-allocated (never freed: a leak) [site
define void @none_freed() {
  %a = call i8* @malloc(i64 8)
  store i8 1, i8* %a
  %b = call i8* @malloc(i64 8)
  store i8 1, i8* %b
  ret void
}
; CALLS-NOT: call {{[0-9]+}} in
; SITE-NOT: remark
