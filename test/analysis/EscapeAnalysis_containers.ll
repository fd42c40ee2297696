; Local memory at -O0: functions are analysed as mem2reg leaves them, and
; stack slots mem2reg cannot promote (arrays, structs) are containers: the
; address may be stored in one while the container itself stays local, and
; loads from it carry the address on.  Each function is -O0 style code.
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @unknown(i8**)

; p lives in a promotable slot (SSA in the analysis), then in an array.
; CHECK: call 1 in in_array: malloc(8): promotable{{$}}
define void @in_array() {
entry:
  %p.addr = alloca i8*
  %arr = alloca [2 x i8*]
  %p = call i8* @malloc(i64 8)
  store i8* %p, i8** %p.addr
  %v = load i8*, i8** %p.addr
  %slot = getelementptr [2 x i8*], [2 x i8*]* %arr, i64 0, i64 0
  store i8* %v, i8** %slot
  %back = load i8*, i8** %slot
  store i8 1, i8* %back
  call void @free(i8* %back)
  ret void
}

; The container's own address leaves the function: so may the object's.
; CHECK: call 2 in container_escapes: malloc(8): heap, stored-to-escaping-memory: stored to memory that outlives the function
; CHECK-NEXT: flow: store -> stored-to-escaping-memory
define void @container_escapes() {
entry:
  %arr = alloca [2 x i8*]
  %p = call i8* @malloc(i64 8)
  %slot = getelementptr [2 x i8*], [2 x i8*]* %arr, i64 0, i64 1
  store i8* %p, i8** %slot
  call void @unknown(i8** %slot)
  call void @free(i8* %p)
  ret void
}

; Two objects in two fields of one struct.  The load of field 0 can only
; be the first object (stores to other bytes are told apart), so its free
; frees only that one: site 3 is promotable alone.  For site 4 every load
; from the container may be its address (loads are not told apart by
; offset), so that free may free either: promotable together with site 3.
%pair = type { i8*, i8* }
; CHECK: call 3 in fields: malloc(8): promotable{{$}}
; CHECK: call 4 in fields: calloc(2, 8): promotable, freed together with call 3
declare i8* @calloc(i64, i64)
define void @fields() {
entry:
  %s = alloca %pair
  %a = call i8* @malloc(i64 8)
  %b = call i8* @calloc(i64 2, i64 8)
  %fa = getelementptr %pair, %pair* %s, i32 0, i32 0
  %fb = getelementptr %pair, %pair* %s, i32 0, i32 1
  store i8* %a, i8** %fa
  store i8* %b, i8** %fb
  %x = load i8*, i8** %fa
  call void @free(i8* %x)
  ret void
}

; The object holds its own address: every load through it may yield it.
; CHECK: call 5 in self: malloc(16): heap, returned: returned to the caller
; CHECK-NEXT: flow: call -> bitcast -> load -> returned
define i8* @self() {
entry:
  %p = call i8* @malloc(i64 16)
  %pp = bitcast i8* %p to i8**
  store i8* %p, i8** %pp
  %q = load i8*, i8** %pp
  ret i8* %q
}
; CHECK-NOT: call {{[0-9]+}} in
