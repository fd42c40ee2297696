; strlen, which the pass adds to count a strdup's bytes, should take the
; allocation's debug location, like the runtime call on the cold path
; (AllocSite_debug_location.ll), or line 0 when the allocation has none.
;
; (It once took the location of the instruction after the allocation: the
; builder's location was replaced when its insertion point moved to a new
; instruction; the counting code now moves between blocks only.)
;
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %s | FileCheck %s

declare i8* @strdup(i8*)
declare void @sink(i8*)

; CHECK-LABEL: define {{.*}} @located(
; CHECK: %a = call {{.*}} @strdup({{.*}}), !dbg [[LOC:![0-9]+]]
; CHECK: call i64 @strlen({{.*}}), !dbg [[LOC]]
define void @located(i8* %s) !dbg !5 {
  %a = call i8* @strdup(i8* %s), !dbg !7
  call void @sink(i8* %a), !dbg !9
  ret void, !dbg !9
}

; CHECK-LABEL: define {{.*}} @unlocated(
; CHECK: call i64 @strlen({{.*}}), !dbg [[LINE0:![0-9]+]]
define void @unlocated(i8* %s) !dbg !8 {
  %a = call i8* @strdup(i8* %s)
  call void @sink(i8* %a)
  ret void
}

; CHECK-DAG: [[LOC]] = !DILocation(line: 3, column: 14, scope: [[LOCATED:![0-9]+]])
; CHECK-DAG: [[LINE0]] = !DILocation(line: 0, scope: [[UNLOCATED:![0-9]+]])
; CHECK-DAG: [[UNLOCATED]] = distinct !DISubprogram(name: "unlocated"

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "hand-written", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "debug_location_strlen.c", directory: "/src")
!2 = !{i32 7, !"Dwarf Version", i32 4}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !DISubroutineType(types: !{null})
!5 = distinct !DISubprogram(name: "located", scope: !1, file: !1, line: 2, type: !4, scopeLine: 2, spFlags: DISPFlagDefinition, unit: !0)
!7 = !DILocation(line: 3, column: 14, scope: !5)
!9 = !DILocation(line: 4, column: 3, scope: !5)
!8 = distinct !DISubprogram(name: "unlocated", scope: !1, file: !1, line: 8, type: !4, scopeLine: 8, spFlags: DISPFlagDefinition, unit: !0)
