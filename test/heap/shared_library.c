// A shared library built without the plugin allocates on the program's
// behalf: no site sees those allocations, the heap count does (calloc'd
// table 512 bytes, 300 entries of 24 bytes, 300 keys "k-NNN" of 6 bytes),
// and so does an independent LD_PRELOAD count.  Their calling contexts point
// into the library, recorded by its path and load offset.
//
// RUN: mkdir -p %t.dir
// RUN: %clang -O2 -g -fPIC -shared %S/Inputs/table_lib.c -o %t.dir/libtable.so
// RUN: %cc_as -O0 -g %s %rt -L%t.dir -ltable -Wl,-rpath,%t.dir -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim.json %t.O0.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: FileCheck %s --check-prefix=MODULES -DLIB=%t.dir/libtable.so < %t.O0.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --heap-from %t.O0.heap %t.O0.shim.json
//
// RUN: %cc_as -O2 -g -fno-omit-frame-pointer %s %rt -L%t.dir -ltable -Wl,-rpath,%t.dir -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim.json %t.O2.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: FileCheck %s --check-prefix=MODULES -DLIB=%t.dir/libtable.so < %t.O2.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --heap-from %t.O2.heap %t.O2.shim.json
//
// The library's own lines (it was built with -g), and with its functions
// treated as wrappers, the program's lines that called it.
// RUN: cd %S && %allocsite-report top --skip-wrappers %t.O2.json | FileCheck %s --check-prefix=TOP
// RUN: cd %S && %allocsite-report top --skip-wrappers='^table_' %t.O2.json | FileCheck %s --check-prefix=CALLERS
// TOP-DAG: 300 49.92% 7200 75.69% 24 {{.*}}table_lib.c:22:21 table_put
// CALLERS: objects objects% bytes bytes% avg location function
// CALLERS-NEXT: 600 99.83% 9000 94.62% 15 shared_library.c:60:5 main
// CALLERS-NEXT: 1 0.17% 512 5.38% 512 shared_library.c:56:21 main
//
// Without contexts, top says how to get them.
// RUN: env ALLOCSITE_OUT=%t.nodepth.json %t.O2 | FileCheck %s
// RUN: cd %S && %allocsite-report top %t.nodepth.json | FileCheck %s --check-prefix=HINT
// HINT: Heap: 601 objects, 9512 bytes allocated by the process
// HINT-NEXT: at instrumented sites: 0 objects (0.00%), 0 bytes (0.00%)
// HINT-NEXT: elsewhere (uninstrumented code, function pointers): 601 objects (100.00%), 9512 bytes (100.00%)
// HINT-NEXT: (to see which code asked for those: build with -fno-omit-frame-pointer, run with ALLOCSITE_DEPTH=8, then top --skip-wrappers)
// HINT-NEXT: All allocations, each once: 601 objects, 9512 bytes (the sites, plus the heap allocated elsewhere)
//
// CHECK: entries=300
// MODULES: {"path": "[[LIB]]", "build_id":
//
// EXPECT-HEAP: objects=601 bytes=9512
#include <stdio.h>
#include <unistd.h>

struct table;
struct table *table_new(void);
void table_put(struct table *t, const char *key, int value);
void table_free(struct table *t);

int main(void) {
  struct table *t = table_new();
  for (int i = 0; i < 300; i++) {
    char key[16];
    snprintf(key, sizeof key, "k-%03d", i);
    table_put(t, key, i);
  }
  table_free(t);
  char line[64];
  int len = snprintf(line, sizeof line, "entries=%d\n", 300);
  return write(1, line, (size_t)len) == len ? 0 : 1;
}
