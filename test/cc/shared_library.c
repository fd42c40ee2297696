// An instrumented shared library built with `allocsite-cc -shared`, linked
// into an executable (DT_NEEDED): its sites and counts are in the
// executable's report.  The library does not contain the runtime (one
// runtime per process, in the executable); its references to the runtime
// resolve against the executable, which exports them.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: %allocsite-cc -O2 -g -fPIC -shared -DLIBRARY %s -o %t/libneeded.so
// RUN: %allocsite-cc -O2 -g %s -L%t -lneeded -Wl,-rpath,%t -o %t/app
// RUN: env ALLOCSITE_OUT=%t/report.json %t/app
// RUN: FileCheck %s < %t/report.json
//
// RUN: llvm-nm -D %t/libneeded.so | FileCheck --check-prefix=LIB %s
// LIB-NOT: T __allocsite_
// LIB: U __allocsite_register_module_v6
// LIB-NOT: T __allocsite_
// RUN: llvm-nm -D %t/app | FileCheck --check-prefix=APP %s
// APP: T __allocsite_register_module_v6
//
// Linked in two steps (objects, then -shared) it is the same.
// RUN: %allocsite-cc -O2 -g -fPIC -c -DLIBRARY %s -o %t/lib.o
// RUN: %allocsite-cc -shared %t/lib.o -o %t/libneeded.so
// RUN: env ALLOCSITE_OUT=%t/report2.json %t/app
// RUN: FileCheck %s < %t/report2.json
#include <stdlib.h>

#ifdef LIBRARY
void *lib_keep[64];

// The library's allocation sites.
void lib_alloc(int n) {
  for (int i = 0; i < n; i++)
    // CHECK-DAG: "file": "{{.*}}shared_library.c", "line": [[@LINE+1]], {{.*}}"function": "lib_alloc", {{.*}}"objects": 7, "bytes": 168}
    lib_keep[i] = malloc(24);
  // CHECK-DAG: "file": "{{.*}}shared_library.c", "line": [[@LINE+1]], {{.*}}"function": "lib_alloc", {{.*}}"allocator": "calloc", {{.*}}"objects": 1, "bytes": 12}
  lib_keep[63] = calloc(3, 4);
}

#else
void lib_alloc(int n);
static void *volatile keep;
static volatile int seven = 7;

int main(void) {
  // CHECK-DAG: "file": "{{.*}}shared_library.c", "line": [[@LINE+1]], {{.*}}"function": "main", {{.*}}"objects": 1, "bytes": 5}
  keep = malloc(5);
  lib_alloc(seven);
  return 0;
}
#endif
// CHECK: "at_sites": {"objects": 9, "bytes": 185}}
