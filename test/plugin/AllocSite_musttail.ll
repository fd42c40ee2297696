; A musttail call of an allocator (or of an allocation wrapper) is not a
; site: nothing may come between it and the ret, so there is nowhere to put
; the counting code; the runtime's interposer sees those allocations.
; (The pass counts them in its NumSkippedMustTail statistic, which -stats
; cannot show here: Debian's LLVM is built without statistics.)
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s -o %t.ll
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=TABLE < %t.ll

declare i8* @malloc(i64)
declare void @free(i8*)

; The call is left exactly as it was: by name, unmarked, uncounted.
; CHECK-LABEL: define {{.*}} @tail_malloc(
; CHECK-NEXT: %p = musttail call {{.*}} @malloc(i64 %n){{$}}
; CHECK-NEXT: ret
define i8* @tail_malloc(i64 %n) {
  %p = musttail call i8* @malloc(i64 %n)
  ret i8* %p
}

; A pure wrapper: its malloc is a site (judged at the wrapper's calls).
; CHECK-LABEL: define {{.*}} @xmalloc(
; CHECK: %p = call {{.*}}, !allocsite.site
; CHECK: store atomic
; CHECK: ret
define dso_local i8* @xmalloc(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  ret i8* %p
}

; A musttail call of the wrapper is skipped like one of malloc.
; CHECK-LABEL: define {{.*}} @tail_xmalloc(
; CHECK-NEXT: %p = musttail call {{.*}} @xmalloc(i64 %n){{$}}
; CHECK-NEXT: ret
define i8* @tail_xmalloc(i64 %n) {
  %p = musttail call i8* @xmalloc(i64 %n)
  ret i8* %p
}

; A musttail free keeps calling free by name, not through the runtime's
; __allocsite_direct_free pointer.
; CHECK-LABEL: define {{.*}} @tail_free(
; CHECK-NEXT: musttail call void @free(
; CHECK-NEXT: ret void
define void @tail_free(i8* %p) {
  musttail call void @free(i8* %p)
  ret void
}

; A plain call in the same position is a site.
; CHECK-LABEL: define {{.*}} @call_malloc(
; CHECK: %p = call {{.*}}, !allocsite.site
; CHECK: store atomic
; CHECK: ret
define i8* @call_malloc(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  ret i8* %p
}

; Two sites in the table: xmalloc's malloc and call_malloc's (then malloc's
; NESTED record, allocsite_abi.h).
; TABLE: @__allocsite_sites = internal constant [3 x
