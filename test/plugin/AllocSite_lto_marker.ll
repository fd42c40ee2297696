; With -flto the pass may run twice on the same code: when each file is
; compiled, and again when a linker that loads the plugin optimises the
; merged module.  Calls counted the first time carry !allocsite.site and are
; not counted again; a module marked allocsite.instrumented that has no new
; site gets no second table.  Calls from a module that was not instrumented
; are counted, in a table of their own.
;
; RUN: rm -rf %t && split-file %s %t
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S < %t/compiled.ll -o %t/once.ll
; RUN: FileCheck %s --check-prefix=ONCE < %t/once.ll
;
; Running the pass on its own output changes nothing at all (compared with
; the output read and written back, which only reorders `preds` comments).
; RUN: %opt -passes=verify -S < %t/once.ll -o %t/reread.ll
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S < %t/once.ll -o %t/twice.ll
; RUN: diff %t/reread.ll %t/twice.ll
;
; Full LTO: the instrumented module merged with one that was not.
; RUN: llvm-link -S %t/once.ll %t/not_instrumented.ll -o %t/linked.ll
; RUN: %opt -load-pass-plugin=%plugin -passes=allocsite -S %t/linked.ll | FileCheck %s --check-prefix=LINKED

;--- compiled.ll
declare i8* @_Znwm(i64)
declare void @sink(i8*)

; The first run marks the call and the module.
; ONCE-LABEL: define void @compiled(
; ONCE: %p = call {{.*}} @_Znwm(i64 8), !allocsite.site
; ONCE: !allocsite.instrumented = !{}
define void @compiled() {
  %p = call i8* @_Znwm(i64 8)
  call void @sink(i8* %p)
  ret void
}

;--- not_instrumented.ll
declare i8* @_Znwm(i64)
declare void @sink(i8*)

define void @not_instrumented() {
  %p = call i8* @_Znwm(i64 16)
  call void @sink(i8* %p)
  ret void
}

; A second table, of one site, and both tables registered.
; LINKED: @__allocsite_sites = internal constant [1 x
; LINKED: @__allocsite_sites.{{[0-9]+}} = internal constant [1 x
; LINKED: @llvm.global_ctors = appending global [2 x
;
; The call counted at compile time counts into the first table only.
; LINKED-LABEL: define void @compiled(
; LINKED-NOT: @__allocsite_thread_counters.{{[0-9]+}}
; LINKED: ret void
;
; The new call counts into the second.
; LINKED-LABEL: define void @not_instrumented(
; LINKED: %p = call {{.*}} @_Znwm(i64 16), !allocsite.site
; LINKED: @__allocsite_thread_counters.{{[0-9]+}}
; LINKED: ret void
