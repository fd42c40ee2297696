; A module with code but no allocation site still gets a table, empty, and
; its constructor, so that every instrumented program writes a report.  A
; module with no code at all (only declarations) gets nothing.
;
; RUN: rm -rf %t && split-file %s %t
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S < %t/no_allocation.ll | FileCheck %s --check-prefix=EMPTY
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S < %t/declarations.ll | FileCheck %s --check-prefix=NOTHING

;--- no_allocation.ll
; EMPTY: @__allocsite_sites = internal constant [0 x
; EMPTY: @llvm.global_ctors = {{.*}}@__allocsite_module_ctor
; EMPTY: !allocsite.instrumented = !{}
define i32 @no_allocation(i32 %x) {
  ret i32 %x
}

;--- declarations.ll
; NOTHING-NOT: {{@__allocsite|!allocsite}}
declare i8* @malloc(i64)
declare void @free(i8*)
