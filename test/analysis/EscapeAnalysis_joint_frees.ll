; Joint frees: a free of a pointer that may hold either of two sites'
; objects is deleted by promotion only if both are promoted, so such sites
; are promotable together or not at all.  One heap site among them makes the
; others heap, `freed-elsewhere`, naming where it was allocated; chains of
; such sites settle to a fixed point.  A free of a pointer that may also hold
; something that is no site of this function (a parameter) keeps the site on
; the heap.  A site promotable only if small (its size is not constant)
; shares a free with no other site: it and its partners stay heap.  (The sites are told apart by their debug locations.)
;
; RUN: %opt -load-pass-plugin=%plugin -passes='print<allocsite-escape>' -disable-output %s 2>&1 | FileCheck %s

@g = global i8* null

declare i8* @malloc(i64)
declare void @free(i8*)

; CHECK-LABEL: allocsite escape analysis of module
; CHECK-NEXT: call 1 in together at /src/joint.c:2:7: malloc(8): promotable, freed together with call 2
; CHECK-NEXT: call 2 in together at /src/joint.c:2:19: malloc(16): promotable, freed together with call 1
define void @together(i1 %c) !dbg !3 {
entry:
  br i1 %c, label %a, label %b
a:
  %p = call i8* @malloc(i64 8), !dbg !10
  br label %join
b:
  %q = call i8* @malloc(i64 16), !dbg !11
  br label %join
join:
  %r = phi i8* [ %p, %a ], [ %q, %b ]
  store i8 1, i8* %r
  call void @free(i8* %r)
  ret void
}

; CHECK-NEXT: call 3 in one_heap at /src/joint.c:5:7: malloc(8): heap, freed-elsewhere: freed through a pointer that may point to another object (allocated at /src/joint.c:5:19)
; CHECK-NEXT: call 4 in one_heap at /src/joint.c:5:19: malloc(...): heap, freed-elsewhere: freed through a pointer that may point to another object (allocated at /src/joint.c:5:7)
define void @one_heap(i1 %c, i64 %n) !dbg !4 {
entry:
  br i1 %c, label %a, label %b
a:
  %p = call i8* @malloc(i64 8), !dbg !12
  br label %join
b:
  %q = call i8* @malloc(i64 %n), !dbg !13
  br label %join
join:
  %r = phi i8* [ %p, %a ], [ %q, %b ]
  call void @free(i8* %r)
  ret void
}

; Site 7 escapes; site 6 shares a free with it, site 5 with site 6.
; CHECK-NEXT: call 5 in chain at /src/joint.c:8:3: malloc(8): heap, freed-elsewhere: freed through a pointer that may point to another object (allocated at /src/joint.c:9:3)
; CHECK-NEXT: call 6 in chain at /src/joint.c:9:3: malloc(8): heap, freed-elsewhere: freed through a pointer that may point to another object (allocated at /src/joint.c:10:3)
; CHECK-NEXT: call 7 in chain at /src/joint.c:10:3: malloc(8): heap, stored-to-global: stored to global 'g' at /src/joint.c:11:3
; CHECK-NEXT: flow: call at /src/joint.c:10:3 -> stored-to-global at /src/joint.c:11:3
define void @chain(i1 %c) !dbg !5 {
entry:
  %a = call i8* @malloc(i64 8), !dbg !14
  %b = call i8* @malloc(i64 8), !dbg !15
  %x = call i8* @malloc(i64 8), !dbg !16
  store i8* %x, i8** @g, !dbg !17
  %ab = select i1 %c, i8* %a, i8* %b
  call void @free(i8* %ab)
  %bx = select i1 %c, i8* %b, i8* %x
  call void @free(i8* %bx)
  ret void
}

; CHECK-NEXT: call 8 in mixed at /src/joint.c:14:3: malloc(8): heap, freed-elsewhere: freed through a pointer that may point to another object at /src/joint.c:15:3
; CHECK-NEXT: flow: call at /src/joint.c:14:3 -> select -> freed-elsewhere at /src/joint.c:15:3
define void @mixed(i1 %c, i8* %other) !dbg !6 {
entry:
  %p = call i8* @malloc(i64 8), !dbg !18
  %r = select i1 %c, i8* %p, i8* %other
  call void @free(i8* %r), !dbg !19
  ret void
}
; CHECK-NOT: call {{[0-9]+}} in

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!1}
!0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !2, emissionKind: FullDebug)
!1 = !{i32 2, !"Debug Info Version", i32 3}
!2 = !DIFile(filename: "joint.c", directory: "/src")
!3 = distinct !DISubprogram(name: "together", scope: !2, file: !2, line: 1, spFlags: DISPFlagDefinition, unit: !0)
!4 = distinct !DISubprogram(name: "one_heap", scope: !2, file: !2, line: 4, spFlags: DISPFlagDefinition, unit: !0)
!5 = distinct !DISubprogram(name: "chain", scope: !2, file: !2, line: 7, spFlags: DISPFlagDefinition, unit: !0)
!6 = distinct !DISubprogram(name: "mixed", scope: !2, file: !2, line: 13, spFlags: DISPFlagDefinition, unit: !0)
!10 = !DILocation(line: 2, column: 7, scope: !3)
!11 = !DILocation(line: 2, column: 19, scope: !3)
!12 = !DILocation(line: 5, column: 7, scope: !4)
!13 = !DILocation(line: 5, column: 19, scope: !4)
!14 = !DILocation(line: 8, column: 3, scope: !5)
!15 = !DILocation(line: 9, column: 3, scope: !5)
!16 = !DILocation(line: 10, column: 3, scope: !5)
!17 = !DILocation(line: 11, column: 3, scope: !5)
!18 = !DILocation(line: 14, column: 3, scope: !6)
!19 = !DILocation(line: 15, column: 3, scope: !6)
