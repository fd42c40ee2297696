// A runtime linked into a shared library as well as the executable (CMake
// does this when it records the runtime as an implicit link library): the
// process still has one registry and one complete report, whichever copy the
// dynamic linker resolves the entry points to.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O0 -g -fPIC -shared -DLIBRARY %s %rt -o %t/libtwo.so
//
// Executable linked by allocsite-cc (exports its runtime): the library's copy forwards.
// RUN: %allocsite-cc -O0 -g %s -L%t -ltwo -Wl,-rpath,%t -o %t/app
// RUN: env ALLOCSITE_OUT=%t/exported.json %t/app
// RUN: FileCheck %s < %t/exported.json
//
// Executable linked by hand without exporting: the executable's copy forwards to the library's.
// RUN: %cc_as -O0 -g %s -L%t -ltwo -Wl,-rpath,%t %rt -o %t/app2
// RUN: env ALLOCSITE_OUT=%t/unexported.json %t/app2
// RUN: FileCheck %s < %t/unexported.json
#include <stdlib.h>

#ifdef LIBRARY
void *lib_alloc(void) {
  return malloc(7); // CHECK-DAG: "line": [[@LINE]], {{.*}}"objects": 1, "bytes": 7}
}
#else
void *lib_alloc(void);
void *volatile keep;
int main(void) {
  keep = malloc(3); // CHECK-DAG: "line": [[@LINE]], {{.*}}"objects": 1, "bytes": 3}
  keep = lib_alloc();
  return 0;
}
#endif
// CHECK: "at_sites": {"objects": 2, "bytes": 10}}
