// A program that defines its own malloc family (as programs linking a
// static allocator do) keeps it: the runtime's definitions are weak, the
// link succeeds, the program's allocator serves every allocation, sites
// still count, and the report says the heap was not interposed.
//
// RUN: %cc_as -O0 -g %s %S/Inputs/own_allocator.c %rt -o %t.O0
// RUN: rm -f %t.O0.json
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: FileCheck %s --check-prefix=HEAP < %t.O0.json
// RUN: %cc_as -O2 -g %s %S/Inputs/own_allocator.c %rt -o %t.O2
// RUN: rm -f %t.O2.json
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: FileCheck %s --check-prefix=HEAP < %t.O2.json
//
// CHECK: own allocator served 5 of 5
// HEAP: "heap": {"interposed": false, "objects": 0, "bytes": 0, "by_function": [], "at_sites": {"objects": 0, "bytes": 0}},
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int own_allocator_count(void);

void *volatile sink;

int main(void) {
  int before = own_allocator_count();
  for (int i = 0; i < 5; i++)
    sink = malloc(32); // EXPECT: objects=5 bytes=160
  char line[64];
  int len = snprintf(line, sizeof line, "own allocator served %d of 5\n", own_allocator_count() - before);
  return write(1, line, (size_t)len) == len ? 0 : 1;
}
