; A call of an allocation wrapper is a site whose bytes map through to the
; wrapper's arguments (Wrappers.h): a pure wrapper defined here, or one the
; user names with ALLOCSITE_WRAPPERS (NAME:COUNTARG*SIZEARG, or NAME alone:
; 0 bytes).  A bad spec is an error, and nothing is instrumented.
;
; RUN: env "ALLOCSITE_WRAPPERS=my_alloc:0*1,pool_alloc" %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s
; RUN: env ALLOCSITE_WRAPPERS=my_alloc:x not %opt -load-pass-plugin=%plugin -passes=allocsite -S %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
; BAD: error: allocsite: invalid allocation wrapper 'my_alloc:x' (-allocsite-wrapper / ALLOCSITE_WRAPPERS): 'x' is not an argument number

declare i8* @calloc(i64, i64)
declare i8* @my_alloc(i32, i32)
declare i8* @pool_alloc(i8*)
declare void @sink(i8*)

; calloc(n, 16) inside: bytes are 16 * n at each call.
define dso_local i8* @xcalloc16(i64 %n) {
  %p = call i8* @calloc(i64 %n, i64 16)
  ret i8* %p
}

; CHECK-LABEL: define {{.*}} @use(
; CHECK: %a = call {{.*}} @xcalloc16(i64 %n), !allocsite.site
; CHECK: [[BYTES:%[0-9]+]] = mul i64 16, %n
; CHECK: add i64 %{{[0-9]+}}, [[BYTES]]
; my_alloc(count, size), both 32-bit: widened, then multiplied.
; CHECK: %b = call {{.*}} @my_alloc(i32 %c, i32 %s), !allocsite.site
; CHECK: zext i32 %c to i64
; CHECK: [[S:%[0-9]+]] = zext i32 %s to i64
; CHECK: [[BYTES:%[0-9]+]] = mul i64 %{{[0-9]+}}, [[S]]
; CHECK: add i64 %{{[0-9]+}}, [[BYTES]]
; pool_alloc(pool): named without a size, so one object of 0 bytes.
; CHECK: %d = call {{.*}} @pool_alloc({{.*}}%pool), !allocsite.site
; CHECK: add i64 %{{[0-9]+}}, 0
; CHECK: ret void
define void @use(i64 %n, i32 %c, i32 %s, i8* %pool) {
  %a = call i8* @xcalloc16(i64 %n)
  call void @sink(i8* %a)
  %b = call i8* @my_alloc(i32 %c, i32 %s)
  call void @sink(i8* %b)
  %d = call i8* @pool_alloc(i8* %pool)
  call void @sink(i8* %d)
  ret void
}
