; Allocation wrappers are recognised before anything is judged, and the
; analysis reads them: a wrapper's call is a site judged where it is made,
; the allocation inside a wrapper says it is judged there, a free wrapper
; frees like free, a realloc-like wrapper reallocates.  Recognised here:
; pure wrappers defined in the module (chains too), one declared with
; malloc/alloc_size attributes, and, through the environment, named ones.
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s
; RUN: env ALLOCSITE_WRAPPERS=pool_alloc:1 ALLOCSITE_FREE_WRAPPERS=pool_free:1 %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s --check-prefixes=CHECK,NAMED
; A bad spec is an error (opt stops at it).
; RUN: env ALLOCSITE_WRAPPERS=pool_alloc:x not %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s --check-prefix=BAD
; BAD: error: allocsite: invalid allocation wrapper 'pool_alloc:x'

@g = global i8* null

declare i8* @malloc(i64)
declare i8* @calloc(i64, i64)
declare i8* @realloc(i8*, i64)
declare i8* @strdup(i8*)
declare void @free(i8*)
declare void @abort()
declare noalias i8* @zmalloc(i64) allocsize(0)
declare i8* @pool_alloc(i8*, i64)
declare void @pool_free(i8*, i8*)

; CHECK-LABEL: allocsite escape analysis of module
; CHECK: wrapper zmalloc: bytes = argument 0
; NAMED: wrapper pool_alloc: bytes = argument 1
; NAMED: free wrapper pool_free: frees argument 1

; CHECK: wrapper xmalloc: bytes = argument 0
define internal i8* @xmalloc(i64 %n) {
  %p = call i8* @malloc(i64 %n)
  %null = icmp eq i8* %p, null
  br i1 %null, label %fail, label %ok
fail:
  call void @abort()
  unreachable
ok:
  ret i8* %p
}

; CHECK: wrapper ymalloc: bytes = argument 0
define internal i8* @ymalloc(i64 %n) {
  %p = call i8* @xmalloc(i64 %n)
  ret i8* %p
}

; CHECK: wrapper xcalloc: bytes = 4 * argument 0
define internal i8* @xcalloc(i64 %n) {
  %p = call i8* @calloc(i64 %n, i64 4)
  ret i8* %p
}

; CHECK: wrapper new_buf: bytes = 32
define internal i8* @new_buf() {
  %p = call i8* @malloc(i64 32)
  ret i8* %p
}

; CHECK: wrapper xstrdup: bytes = strlen(result) + 1
define internal i8* @xstrdup(i8* %s) {
  %p = call i8* @strdup(i8* %s)
  ret i8* %p
}

; CHECK: wrapper xrealloc: resizes argument 0, bytes = argument 1
define internal i8* @xrealloc(i8* %old, i64 %n) {
  %p = call i8* @realloc(i8* %old, i64 %n)
  ret i8* %p
}

; CHECK: free wrapper xfree: frees argument 0
define internal void @xfree(i8* %p) {
  %null = icmp eq i8* %p, null
  br i1 %null, label %done, label %release
release:
  call void @free(i8* %p)
  br label %done
done:
  ret void
}

; Not a wrapper: it returns a pointer past a header it writes.
define internal i8* @with_header() {
  %p = call i8* @malloc(i64 64)
  store i8 7, i8* %p
  %q = getelementptr i8, i8* %p, i64 16
  ret i8* %q
}
; CHECK-NOT: wrapper with_header

; The allocations inside the wrappers, judged at their calls.
; CHECK: call {{[0-9]+}} in xmalloc: malloc(...): heap, returned: returned: wrapper 'xmalloc', judged at each call of it
; CHECK-NOT: flow
; CHECK: call {{[0-9]+}} in ymalloc: xmalloc(...): heap, returned: returned: wrapper 'ymalloc', judged at each call of it
; CHECK: call {{[0-9]+}} in xcalloc: calloc(...): heap, returned: returned: wrapper 'xcalloc', judged at each call of it
; CHECK: call {{[0-9]+}} in new_buf: malloc(32): heap, returned: returned: wrapper 'new_buf', judged at each call of it
; CHECK: call {{[0-9]+}} in xstrdup: strdup(...): heap, returned: returned: wrapper 'xstrdup', judged at each call of it
; CHECK: call {{[0-9]+}} in xrealloc: realloc(...): heap, returned: returned: wrapper 'xrealloc', judged at each call of it
; CHECK: call {{[0-9]+}} in with_header: malloc(64): heap, returned: returned to the caller

; CHECK: call {{[0-9]+}} in wrapped: ymalloc(48): promotable{{$}}
define void @wrapped() {
  %p = call i8* @ymalloc(i64 48)
  store i8 1, i8* %p
  call void @xfree(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in fixed: new_buf(): promotable, never-freed
define void @fixed() {
  %p = call i8* @new_buf()
  store i8 1, i8* %p
  ret void
}

; CHECK: call {{[0-9]+}} in counted: xcalloc(4): promotable{{$}}
define void @counted() {
  %p = call i8* @xcalloc(i64 4)
  call void @free(i8* %p)
  ret void
}

; CHECK: call {{[0-9]+}} in resized: xmalloc(8): heap, reallocated: reallocated by wrapper 'xrealloc'
; CHECK: call {{[0-9]+}} in resized: xrealloc(..., 64): heap, reallocated: reallocated
define void @resized() {
  %p = call i8* @xmalloc(i64 8)
  %q = call i8* @xrealloc(i8* %p, i64 64)
  call void @xfree(i8* %q)
  ret void
}

; CHECK: call {{[0-9]+}} in declared: zmalloc(16): heap, stored-to-global: stored to global 'g'
define void @declared() {
  %p = call i8* @zmalloc(i64 16)
  store i8* %p, i8** @g
  ret void
}

; Named: pool_alloc's calls are sites, pool_free frees like free.
; NAMED: call {{[0-9]+}} in pooled: pool_alloc(24): promotable{{$}}
define void @pooled(i8* %pool) {
  %p = call i8* @pool_alloc(i8* %pool, i64 24)
  store i8 1, i8* %p
  call void @pool_free(i8* %pool, i8* %p)
  ret void
}
; CHECK-NOT: call {{[0-9]+}} in
