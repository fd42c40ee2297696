// Paths in every view: relative to the current directory when the source is
// below it, else relative to the program's directory (an in-tree build run
// from elsewhere), else absolute.  The program is built at the top of a
// project from a source three directories down, and its report read from
// the project, from another directory, and for a copy of the program kept
// outside the project.
#include <stdlib.h>

void *volatile kept;

int main(void) {
  for (int i = 0; i < 3; i++)
    kept = malloc(48); /* line 13 */
  return 0;
}

// RUN: rm -rf %t.proj %t.other %t.bin && mkdir -p %t.proj/src/deep/er %t.other %t.bin
// RUN: cp %s %t.proj/src/deep/er/paths.c
// RUN: cd %t.proj && %cc_as -O0 -g src/deep/er/paths.c %rt -o app
// RUN: env ALLOCSITE_OUT=%t.json %t.proj/app
// RUN: cp %t.proj/app %t.bin/app && env ALLOCSITE_OUT=%t.bin.json %t.bin/app
//
// From the project: relative to the current directory.
// RUN: cd %t.proj && %allocsite-report top %t.json | FileCheck %s --check-prefixes=TOP,INPROJ
// INPROJ: Program: app
// From elsewhere: relative to the program's directory; the program itself
// relative to the current directory only (here absolute).
// RUN: cd %t.other && %allocsite-report top %t.json | FileCheck %s --check-prefixes=TOP,OTHER
// OTHER: Program: /{{.+}}/app
// TOP: 3 100.00% 3 100.00% 144 100.00% 144 100.00% 48 src/deep/er/paths.c:13:12 main malloc heap (stored-to-global)
// RUN: cd %t.other && %allocsite-report top --lines %t.json | FileCheck %s --check-prefix=LINES
// LINES: 3 100.00% 3 100.00% 144 100.00% 144 100.00% 48 src/deep/er/paths.c:13 main 1 0
// RUN: cd %t.other && %allocsite-report list main --source-dir %t.proj %t.json | FileCheck %s --check-prefix=LIST
// LIST: ROUTINE ======================== main in src/deep/er/paths.c
// A program outside the source tree, read from elsewhere: absolute.
// RUN: cd %t.other && %allocsite-report top %t.bin.json | FileCheck %s --check-prefix=ABS
// ABS: 3 100.00% 3 100.00% 144 100.00% 144 100.00% 48 /{{.+}}/src/deep/er/paths.c:13:12 main malloc heap (stored-to-global)
