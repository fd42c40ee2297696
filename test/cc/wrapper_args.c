// What the wrapper adds to clang's command line, checked exactly by running
// it with ALLOCSITE_CLANG set to a script that records its arguments (then
// execs the real clang, so every command also really runs).  The user's
// arguments pass unchanged and in order; the plugin is added when source is
// compiled, the runtime when an executable is linked, nothing else.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: cp %S/Inputs/record-clang.sh %t/record && chmod +x %t/record
// RUN: export ALLOCSITE_CLANG=%t/record
// RUN: export RECORD_ARGS=%t/args
// RUN: export RECORD_REAL_CLANG=%clang
//
// Compile only: both plugin flags, first; no runtime.
// RUN: %allocsite-cc -O2 -g -c %s -o %t/main.o
// RUN: FileCheck --check-prefix=COMPILE --match-full-lines %s < %t/args
// COMPILE:      {{.*}}/record
// COMPILE-NEXT: -fplugin={{/.*}}/lib/allocsite.so
// COMPILE-NEXT: -fpass-plugin={{/.*}}/lib/allocsite.so
// COMPILE-NEXT: -idirafter
// COMPILE-NEXT: {{/.*}}/include
// COMPILE-NEXT: -O2
// COMPILE-NEXT: -g
// COMPILE-NEXT: -c
// COMPILE-NEXT: {{.*}}wrapper_args.c
// COMPILE-NEXT: -o
// COMPILE-NEXT: {{.*}}main.o
// COMPILE-EMPTY:
// RUN: %allocsite-cc -S %s -o %t/main.s
// RUN: FileCheck --check-prefix=COMPILE-NO-LINK %s < %t/args
// RUN: %allocsite-cc -c -emit-llvm %s -o %t/main.bc
// RUN: FileCheck --check-prefix=COMPILE-NO-LINK %s < %t/args
// COMPILE-NO-LINK: -fpass-plugin=
// COMPILE-NO-LINK-NOT: liballocsite_rt.a
//
// Link only: the exports and the runtime after the user's arguments; no plugin.
// RUN: %allocsite-cc %t/main.o -o %t/app -lm
// RUN: FileCheck --check-prefix=LINK --match-full-lines %s < %t/args
// LINK:      {{.*}}/record
// LINK-NEXT: {{.*}}/main.o
// LINK-NEXT: -o
// LINK-NEXT: {{.*}}/app
// LINK-NEXT: -lm
// LINK-NEXT: -Wl,--export-dynamic-symbol=__allocsite_*
// LINK-NEXT: -Wl,--export-dynamic-symbol=__allocsite_register_module_v6
// LINK:      -Wl,--export-dynamic-symbol=allocsite_*
// LINK-NEXT: -Wl,--export-dynamic-symbol=allocsite_totals
// LINK:      -Wl,--whole-archive
// LINK-NEXT: {{/.*}}/lib/liballocsite_rt.a
// LINK-NEXT: -Wl,--no-whole-archive
// LINK-EMPTY:
// RUN: env ALLOCSITE_OUT=%t/app.json %t/app
// RUN: FileCheck --check-prefix=REPORT %s < %t/app.json
//
// Compile and link in one step: both.
// RUN: %allocsite-cc -g %s -o %t/app2
// RUN: FileCheck --check-prefix=BOTH %s < %t/args
// BOTH:      -fplugin=
// BOTH-NEXT: -fpass-plugin=
// BOTH:      -Wl,--export-dynamic-symbol=__allocsite_*
// BOTH:      liballocsite_rt.a
// RUN: env ALLOCSITE_OUT=%t/app2.json %t/app2
// RUN: FileCheck --check-prefix=REPORT %s < %t/app2.json
//
// Preprocessing and syntax checks: -fplugin only (so that -mllvm options of
// the plugin are accepted), never the pass or the runtime.
// RUN: %allocsite-cc -E %s -o %t/main.i
// RUN: FileCheck --check-prefix=FRONTEND %s < %t/args
// RUN: %allocsite-cc -MM %s -o %t/main.d
// RUN: FileCheck --check-prefix=FRONTEND %s < %t/args
// RUN: %allocsite-cc -fsyntax-only %s
// RUN: FileCheck --check-prefix=FRONTEND %s < %t/args
// FRONTEND:     -fplugin=
// FRONTEND-NOT: -fpass-plugin=
// FRONTEND-NOT: liballocsite_rt.a
//
// Shared libraries and relocatable links get nothing (the runtime lives in
// the executable).  A compile in the same step still gets the plugin.
// RUN: %allocsite-cc -fPIC -c %s -o %t/pic.o
// RUN: %allocsite-cc -shared %t/pic.o -o %t/lib.so
// RUN: FileCheck --check-prefix=NOTHING %s < %t/args
// RUN: %allocsite-cc -Wl,-shared %t/pic.o -o %t/lib2.so
// RUN: FileCheck --check-prefix=NOTHING %s < %t/args
// RUN: %allocsite-cc -Xlinker -shared %t/pic.o -o %t/lib3.so
// RUN: FileCheck --check-prefix=NOTHING %s < %t/args
// RUN: %allocsite-cc -r %t/pic.o -o %t/partial.o
// RUN: FileCheck --check-prefix=NOTHING %s < %t/args
// RUN: %allocsite-cc -c %S/Inputs/asm.s -o %t/asm.o
// RUN: FileCheck --check-prefix=NOTHING %s < %t/args
// RUN: %allocsite-cc --version
// RUN: FileCheck --check-prefix=NOTHING %s < %t/args
// NOTHING-NOT: allocsite
// RUN: %allocsite-cc -shared -fPIC %s -o %t/lib4.so
// RUN: FileCheck --check-prefix=SHARED-COMPILE %s < %t/args
// SHARED-COMPILE:     -fpass-plugin=
// SHARED-COMPILE-NOT: liballocsite_rt.a
// SHARED-COMPILE-NOT: --export-dynamic-symbol
//
// The value of an option is not an input: "-o x.c" and "-MT x.c" name no source.
// RUN: %allocsite-cc %t/main.o -o %t/out.c
// RUN: FileCheck --check-prefix=LINK-ONLY %s < %t/args
// LINK-ONLY-NOT: -fplugin=
// LINK-ONLY:     liballocsite_rt.a
//
// With -x and a language, a file without a source suffix is compiled, and the wrapper ends
// the -x before the runtime it appends (else clang would compile it as C).
// RUN: cp %s %t/source-without-suffix
// RUN: %allocsite-cc -g -x c %t/source-without-suffix -o %t/app3
// RUN: FileCheck --check-prefix=LANG --match-full-lines %s < %t/args
// LANG:      -fpass-plugin={{.*}}
// LANG:      {{.*}}/source-without-suffix
// LANG:      -x
// LANG-NEXT: none
// LANG-NEXT: -Wl,--whole-archive
// RUN: env ALLOCSITE_OUT=%t/app3.json %t/app3
// RUN: FileCheck --check-prefix=REPORT %s < %t/app3.json
//
// "--": everything after it is an input, so the wrapper's additions go
// before it (the runtime is linked whole, so it needs no place after the
// objects), and an -x in effect is ended for the runtime and then restored.
// RUN: %allocsite-cc -g -o %t/app4 -- %s
// RUN: FileCheck --check-prefix=DASHDASH --match-full-lines %s < %t/args
// DASHDASH:      {{.*}}/record
// DASHDASH-NEXT: -fplugin={{.*}}
// DASHDASH-NEXT: -fpass-plugin={{.*}}
// DASHDASH-NEXT: -idirafter
// DASHDASH-NEXT: {{/.*}}/include
// DASHDASH-NEXT: -g
// DASHDASH-NEXT: -o
// DASHDASH-NEXT: {{.*}}/app4
// DASHDASH-NEXT: -Wl,--export-dynamic-symbol=__allocsite_*
// DASHDASH:      -Wl,--whole-archive
// DASHDASH-NEXT: {{/.*}}/lib/liballocsite_rt.a
// DASHDASH-NEXT: -Wl,--no-whole-archive
// DASHDASH-NEXT: --
// DASHDASH-NEXT: {{.*}}wrapper_args.c
// DASHDASH-EMPTY:
// RUN: env ALLOCSITE_OUT=%t/app4.json %t/app4
// RUN: FileCheck --check-prefix=REPORT %s < %t/app4.json
// RUN: llvm-nm -D %t/app4 | FileCheck --check-prefix=EXPORTS %s
// EXPORTS: T __allocsite_register_module_v6
// EXPORTS: T __allocsite_unregister_module_v6
// EXPORTS: T allocsite_reset
// EXPORTS: T allocsite_totals
// EXPORTS: T allocsite_write_report
// RUN: %allocsite-cc -g -x c -o %t/app6 -- %t/source-without-suffix
// RUN: FileCheck --check-prefix=DASHDASH-LANG --match-full-lines %s < %t/args
// DASHDASH-LANG:      -x
// DASHDASH-LANG-NEXT: c
// DASHDASH-LANG:      -x
// DASHDASH-LANG-NEXT: none
// DASHDASH-LANG-NEXT: -Wl,--whole-archive
// DASHDASH-LANG-NEXT: {{/.*}}/lib/liballocsite_rt.a
// DASHDASH-LANG-NEXT: -Wl,--no-whole-archive
// DASHDASH-LANG-NEXT: -x
// DASHDASH-LANG-NEXT: c
// DASHDASH-LANG-NEXT: --
// DASHDASH-LANG-NEXT: {{.*}}/source-without-suffix
// DASHDASH-LANG-EMPTY:
// RUN: env ALLOCSITE_OUT=%t/app6.json %t/app6
// RUN: FileCheck --check-prefix=REPORT %s < %t/app6.json
//
// Response files are read to see what the command does, and passed on as
// they are (clang expands them).
// RUN: echo '-O1 -g "%s" -o %t/app5' > %t/link.rsp
// RUN: %allocsite-cc @%t/link.rsp
// RUN: FileCheck --check-prefix=RSP --match-full-lines %s < %t/args
// RSP:      {{.*}}/record
// RSP-NEXT: -fplugin={{.*}}
// RSP-NEXT: -fpass-plugin={{.*}}
// RSP-NEXT: -idirafter
// RSP-NEXT: {{/.*}}/include
// RSP-NEXT: @{{.*}}/link.rsp
// RSP-NEXT: -Wl,--export-dynamic-symbol=__allocsite_*
// RUN: env ALLOCSITE_OUT=%t/app5.json %t/app5
// RUN: FileCheck --check-prefix=REPORT %s < %t/app5.json
// RUN: echo '-c' > %t/compile.rsp
// RUN: %allocsite-cc @%t/compile.rsp %s -o %t/rsp.o
// RUN: FileCheck --check-prefix=COMPILE-NO-LINK %s < %t/args
#include <stdlib.h>

void *volatile keep;

int main(void) {
  // REPORT: "file": "{{.*}}/{{wrapper_args.c|source-without-suffix}}", "line": [[@LINE+1]], {{.*}}"objects": 1, "bytes": 11}
  keep = malloc(11);
  return 0;
}
