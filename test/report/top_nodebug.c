// Without -g a site has no file or line, only its function and translation
// unit; top names the unit and says why the line is missing.  make_item is
// an allocation wrapper: its calls in main are the row, not its own malloc.
// RUN: %cc_as -O0 %s %rt -o %t
// RUN: env ALLOCSITE_OUT=%t.json %t
// RUN: %allocsite-report top %t.json | FileCheck %s --match-full-lines
#include <stdlib.h>

void *volatile sink;

void *make_item(void) { return malloc(10); }

int main(void) {
  for (int i = 0; i < 4; i++)
    sink = make_item();
  sink = calloc(2, 50);
  return 0;
}

// CHECK:      Total: 5 objects, 140 bytes in 3 sites (1 report), ranked by objects
// CHECK-NEXT: (cum counts callers through inlined calls only{{.*}}
// CHECK-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// CHECK-NEXT: 4 80.00% 4 80.00% 40 28.57% 40 28.57% 10 top_nodebug.c: (file:line needs -g) main make_item heap (stored-to-global) [wrapper-call]
// CHECK-NEXT: 1 20.00% 1 20.00% 100 71.43% 100 71.43% 100 top_nodebug.c: (file:line needs -g) main calloc heap (stored-to-global)
// CHECK-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - top_nodebug.c: (file:line needs -g) make_item malloc heap (returned) [in-wrapper]
// CHECK-NOT: {{.}}
