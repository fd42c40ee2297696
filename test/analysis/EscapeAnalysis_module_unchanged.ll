; The analysis looks at -O0 functions as mem2reg would leave them, on copies
; made in a private module: the user's module is left exactly as it was (no
; copies, no declarations mem2reg would add, such as llvm.dbg.value), so
; "all analyses preserved" is true.  The verdicts are those of SSA form.
;
; RUN: %opt -passes=verify -S %s -o %t.before.ll
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -S %s -o %t.after.ll 2> %t.txt
; RUN: diff %t.before.ll %t.after.ll
; RUN: FileCheck %s < %t.txt

declare i8* @malloc(i64)
declare void @free(i8*)
declare void @llvm.dbg.declare(metadata, metadata, metadata)

; xmalloc at -O0: its result goes through a stack slot.
; CHECK: wrapper xmalloc: bytes = argument 0
define internal i8* @xmalloc(i64 %n) !dbg !3 {
entry:
  %n.addr = alloca i64
  %p = alloca i8*
  store i64 %n, i64* %n.addr
  %0 = load i64, i64* %n.addr
  %call = call i8* @malloc(i64 %0), !dbg !10
  store i8* %call, i8** %p
  %1 = load i8*, i8** %p
  ret i8* %1
}

; CHECK: call {{[0-9]+}} in main at /src/unchanged.c:9:13: xmalloc(64): promotable{{$}}
define i32 @main() !dbg !4 {
entry:
  %q = alloca i8*
  call void @llvm.dbg.declare(metadata i8** %q, metadata !20, metadata !DIExpression()), !dbg !11
  %call = call i8* @xmalloc(i64 64), !dbg !11
  store i8* %call, i8** %q, !dbg !11
  %0 = load i8*, i8** %q, !dbg !12
  store i8 1, i8* %0, !dbg !12
  %1 = load i8*, i8** %q, !dbg !13
  call void @free(i8* %1), !dbg !13
  ret i32 0
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!1}
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !2, emissionKind: FullDebug)
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !DIFile(filename: "unchanged.c", directory: "/src")
!3 = distinct !DISubprogram(name: "xmalloc", scope: !2, file: !2, line: 2, spFlags: DISPFlagDefinition, unit: !0)
!4 = distinct !DISubprogram(name: "main", scope: !2, file: !2, line: 8, spFlags: DISPFlagDefinition, unit: !0, retainedNodes: !21)
!10 = !DILocation(line: 3, column: 13, scope: !3)
!11 = !DILocation(line: 9, column: 13, scope: !4)
!12 = !DILocation(line: 10, column: 3, scope: !4)
!13 = !DILocation(line: 11, column: 3, scope: !4)
!20 = !DILocalVariable(name: "q", scope: !4, file: !2, line: 9, type: !22)
!21 = !{!20}
!22 = !DIDerivedType(tag: DW_TAG_pointer_type, baseType: null, size: 64)
