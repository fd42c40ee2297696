// The wrapper runs clang in every mode a build uses, adding only what that
// mode takes: a compile error is clang's (its diagnostic, its exit status);
// -E, -M, -MM and -fsyntax-only work and print nothing extra; -Werror passes
// on steps that compile nothing (a pure link, an assembly file), where
// compile-only flags would draw "argument unused during compilation".
//
// A compile error: clang's diagnostic, clang's exit status (1), no object.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %allocsite-cc -c -DBROKEN -DVALUE=1 %s -o %t/broken.o 2> %t/broken.err
// RUN: FileCheck --check-prefix=BROKEN %s < %t/broken.err
// RUN: not test -e %t/broken.o
// RUN: sh -c '%allocsite-cc -c -DBROKEN -DVALUE=1 %s -o %t/broken.o 2>/dev/null; echo "status $?"' | FileCheck --check-prefix=STATUS %s
// STATUS: status 1
//
// -E: the preprocessed source, no diagnostics, nothing added to it.
// RUN: %allocsite-cc -E -Werror -DVALUE=42 %s -o %t/pp.i 2> %t/pp.err
// RUN: count 0 < %t/pp.err
// RUN: FileCheck --check-prefix=PP %s < %t/pp.i
// PP: int value = 42;
// PP-NOT: allocsite
//
// Also preprocessing stdin, which clang accepts without -x only for -E.
// RUN: echo 'int from_stdin = VALUE;' | %allocsite-cc -E -DVALUE=7 - | FileCheck --check-prefix=STDIN %s
// STDIN: int from_stdin = 7;
#ifdef BROKEN
// BROKEN: compile_modes.c:[[@LINE+2]]:{{[0-9]+}}: error: use of undeclared identifier 'undeclared_identifier'
// BROKEN-NOT: allocsite
int broken(void) { return undeclared_identifier; }
#endif
int value = VALUE;
int main(void) { return 0; }
//
// RUN: %allocsite-cc -MM -Werror -DVALUE=1 %s 2>&1 | FileCheck --check-prefix=DEPS %s
// RUN: %allocsite-cc -M -Werror -DVALUE=1 %s 2>&1 | FileCheck --check-prefix=DEPS %s
// DEPS: compile_modes.o:
// DEPS: compile_modes.c
// DEPS-NOT: warning
//
// -fsyntax-only: no output file, no diagnostics, and errors still fail.
// RUN: cd %t && %allocsite-cc -fsyntax-only -Werror -Wall -DVALUE=1 %s 2>&1 | count 0
// RUN: not %allocsite-cc -fsyntax-only -DBROKEN -DVALUE=1 %s 2>&1 | FileCheck --check-prefix=BROKEN %s
//
// -Werror on steps that compile nothing: linking an executable, a shared
// library and a relocatable object from objects; assembling a .s file.
// RUN: %allocsite-cc -c -fPIC -DVALUE=1 %s -o %t/obj.o
// RUN: %allocsite-cc -Werror -Wall %t/obj.o -o %t/exe 2>&1 | count 0
// RUN: %allocsite-cc -Werror -Wall -shared %t/obj.o -o %t/lib.so 2>&1 | count 0
// RUN: %allocsite-cc -Werror -Wall -r %t/obj.o -o %t/partial.o 2>&1 | count 0
// RUN: %allocsite-cc -Werror -Wall -c %S/Inputs/asm.s -o %t/asm.o 2>&1 | count 0
// RUN: %allocsite-cxx -Werror -Wall %t/obj.o -o %t/exe++ 2>&1 | count 0
//
// -MD/-MMD compile too (unlike -M/-MM) and write the dependencies aside.
// RUN: %allocsite-cc -c -MMD -MF %t/md.d -DVALUE=1 %s -o %t/md.o
// RUN: FileCheck --check-prefix=MD %s < %t/md.d
// MD: md.o:
// MD: compile_modes.c
// RUN: test -s %t/md.o
//
// The plugin is loaded into clang's frontend too (-fplugin), before clang
// reads -mllvm options, so its -allocsite-* options are known in every mode.
// RUN: %allocsite-cc -fsyntax-only -DVALUE=1 %s -mllvm --help-hidden | FileCheck --check-prefix=OPTIONS %s
// RUN: %allocsite-cc -E -DVALUE=1 %s -mllvm --help-hidden | FileCheck --check-prefix=OPTIONS %s
// OPTIONS: -allocsite-
//
// Queries without input files pass straight through.
// RUN: %allocsite-cc --version | FileCheck --check-prefix=VERSION %s
// RUN: %allocsite-cxx -dumpversion | FileCheck --check-prefix=DUMPVERSION -DMAJOR=%llvm-major %s
// VERSION: clang version
// DUMPVERSION: {{^}}[[MAJOR]].
