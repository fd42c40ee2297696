; Calls that are copies of one source allocation (same debug location and
; inlined-at chain, same allocator: loop unrolling, tail duplication) are
; one site: they carry the same ID, share one counter slot and get one
; remark.  Without debug info, a function's calls to one allocator are one
; site.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s -o %t.ll -pass-remarks-analysis=allocsite 2> %t.remarks
; RUN: FileCheck %s < %t.ll
; RUN: FileCheck %s --check-prefix=TABLE < %t.ll
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

declare i8* @_Znwm(i64)
declare i8* @malloc(i64)
declare void @sink(i8*)

; Four sites: @unrolled's line 3 and line 4, @no_debug_info's operator new
; and its malloc (then malloc's NESTED record, allocsite_abi.h).
; TABLE: @__allocsite_sites = internal constant [5 x

; %a and %b are one site (two copies of line 3), %c another.
; CHECK-LABEL: define {{.*}} @unrolled(
; CHECK: %a = call {{.*}} !allocsite.site [[LINE3:![0-9]+]]
; CHECK: %b = call {{.*}} !allocsite.site [[LINE3]]
; CHECK: %c = call {{.*}} !allocsite.site [[LINE4:![0-9]+]]
define void @unrolled() !dbg !5 {
  %a = call i8* @_Znwm(i64 8), !dbg !7
  call void @sink(i8* %a), !dbg !7
  %b = call i8* @_Znwm(i64 8), !dbg !7
  call void @sink(i8* %b), !dbg !7
  %c = call i8* @_Znwm(i64 8), !dbg !9
  call void @sink(i8* %c), !dbg !9
  ret void, !dbg !9
}

; REMARK: site_copies.c:3:10: heap allocation site [[ID:[0-9a-f]+]]: operator new
; REMARK-NOT: heap allocation site [[ID]]
; REMARK: site_copies.c:4:10: heap allocation site

; CHECK-LABEL: define {{.*}} @no_debug_info(
; CHECK: %a = call {{.*}} !allocsite.site [[NEW:![0-9]+]]
; CHECK: %b = call {{.*}} !allocsite.site [[NEW]]
; CHECK: %c = call {{.*}} !allocsite.site [[MALLOC:![0-9]+]]
define void @no_debug_info() {
  %a = call i8* @_Znwm(i64 8)
  call void @sink(i8* %a)
  %b = call i8* @_Znwm(i64 16)
  call void @sink(i8* %b)
  %c = call i8* @malloc(i64 8)
  call void @sink(i8* %c)
  ret void
}

; Four different IDs (two equal ones would be a single metadata node, and
; two of the lines below cannot match one line).
; CHECK-DAG: [[LINE3]] = !{!"{{[0-9a-f]+}}"}
; CHECK-DAG: [[LINE4]] = !{!"{{[0-9a-f]+}}"}
; CHECK-DAG: [[NEW]] = !{!"{{[0-9a-f]+}}"}
; CHECK-DAG: [[MALLOC]] = !{!"{{[0-9a-f]+}}"}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "hand-written", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "site_copies.c", directory: "/src")
!2 = !{i32 7, !"Dwarf Version", i32 4}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !DISubroutineType(types: !{null})
!5 = distinct !DISubprogram(name: "unrolled", scope: !1, file: !1, line: 2, type: !4, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!7 = !DILocation(line: 3, column: 10, scope: !5)
!9 = !DILocation(line: 4, column: 10, scope: !5)
