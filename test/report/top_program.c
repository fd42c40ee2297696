// top on a real instrumented program, at -O0 and -O2: exact counts per site,
// ranked by objects (the default) and by bytes, which disagree here (many
// small allocations vs one big one); -n; and two runs summed by site.
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: env ALLOCSITE_OUT=%t.O0.arg.json %t.O0 x
// RUN: cd %S && %allocsite-report top %t.O0.json | FileCheck %s --match-full-lines --check-prefixes=OBJ,OBJ-O0
// RUN: cd %S && %allocsite-report top --by bytes %t.O0.json | FileCheck %s --match-full-lines --check-prefix=BYTES
// RUN: cd %S && %allocsite-report top -n 2 %t.O0.json | FileCheck %s --match-full-lines --check-prefix=LIMIT
// RUN: cd %S && %allocsite-report top -n 0 --by=objects %t.O0.json | FileCheck %s --match-full-lines --check-prefixes=OBJ,OBJ-O0
// RUN: cd %S && %allocsite-report top %t.O0.json %t.O0.arg.json | FileCheck %s --match-full-lines --check-prefix=SUM
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: cd %S && %allocsite-report top %t.O2.json | FileCheck %s --match-full-lines --check-prefixes=OBJ,OBJ-O2
#include <stdlib.h>
#include <string.h>

void *volatile sink;
/* Trip counts the optimiser cannot see, so -O2 does not unroll the loops
 * into one site per copy. */
volatile int many = 100, some = 10, few = 3;

static char *copy_name(const char *name) {
  return strdup(name); /* line 24 */
}

int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < many; i++) {
    sink = malloc(16); /* line 30 */
    free(sink);
  }
  sink = malloc(100000); /* line 33 */
  free(sink);
  for (int i = 0; i < some; i++) {
    sink = calloc(3, 8); /* line 36 */
    free(sink);
  }
  for (int i = 0; i < few; i++) {
    sink = copy_name("hello"); /* line 40 */
    free(sink);
  }
  if (argc > 1) {
    sink = malloc(7); /* line 44: runs only when given an argument */
    free(sink);
  }
  return 0;
}

// copy_name is an allocation wrapper (it returns strdup's result): at -O0 its
// calls at line 40 are the rows and its own strdup, inside those calls, counts
// nothing (a row of 0); at -O2 it is inlined and the strdup at line 24 is the row.
// OBJ:      Program: {{.*}}.O{{[02]}}
// OBJ-NEXT: Heap: 114 objects, 101858 bytes allocated by the process
// OBJ-NEXT: at instrumented sites: 114 objects (100.00%), 101858 bytes (100.00%)
// OBJ-NEXT: elsewhere (uninstrumented code, function pointers): 0 objects (0.00%), 0 bytes (0.00%)
// OBJ-O0-NEXT: (a call of an allocation wrapper is one object of the size it asks for at its site, whatever the wrapper allocates inside it)
// OBJ-NEXT: All allocations, each once: 114 objects, 101858 bytes (the sites, plus the heap allocated elsewhere)
// OBJ-O0-NEXT: Total: 114 objects, 101858 bytes in 6 sites (1 report), ranked by objects
// OBJ-O2-NEXT: Total: 114 objects, 101858 bytes in 5 sites (1 report), ranked by objects
// OBJ-NEXT: (cum counts callers through inlined calls only{{.*}}
// OBJ-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function{{ +}}allocator verdict
// OBJ-NEXT: 100 87.72% 100 87.72% 1600 1.57% 1600 1.57% 16 top_program.c:30:12 main{{ +}}malloc heap (stored-to-global)
// OBJ-NEXT: 10 8.77% 10 8.77% 240 0.24% 240 0.24% 24 top_program.c:36:12 main{{ +}}calloc heap (stored-to-global)
// OBJ-O0-NEXT: 3 2.63% 3 2.63% 18 0.02% 18 0.02% 6 top_program.c:40:12 main copy_name heap (stored-to-global) [wrapper-call]
// OBJ-O2-NEXT: 3 2.63% 3 2.63% 18 0.02% 18 0.02% 6 top_program.c:24:10 copy_name (inlined into main) strdup heap (stored-to-global)
// OBJ-NEXT: 1 0.88% 1 0.88% 100000 98.18% 100000 98.18% 100000 top_program.c:33:10 main{{ +}}malloc heap (too-large)
// OBJ-O0-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - top_program.c:24:10 copy_name strdup heap (returned) [in-wrapper]
// OBJ-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - top_program.c:44:12 main{{ +}}malloc heap (stored-to-global)
// OBJ-NOT: {{.}}

// BYTES:      Total: 114 objects, 101858 bytes in 6 sites (1 report), ranked by bytes
// BYTES-NEXT: (cum counts callers through inlined calls only{{.*}}
// BYTES-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// BYTES-NEXT: 1 0.88% 1 0.88% 100000 98.18% 100000 98.18% 100000 top_program.c:33:10 main malloc heap (too-large)
// BYTES-NEXT: 100 87.72% 100 87.72% 1600 1.57% 1600 1.57% 16 top_program.c:30:12 main malloc heap (stored-to-global)
// BYTES-NEXT: 10 8.77% 10 8.77% 240 0.24% 240 0.24% 24 top_program.c:36:12 main calloc heap (stored-to-global)
// BYTES-NEXT: 3 2.63% 3 2.63% 18 0.02% 18 0.02% 6 top_program.c:40:12 main copy_name heap (stored-to-global) [wrapper-call]
// BYTES-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - top_program.c:24:10 copy_name strdup heap (returned) [in-wrapper]
// BYTES-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - top_program.c:44:12 main malloc heap (stored-to-global)
// BYTES-NOT: {{.}}

// LIMIT:      Total: 114 objects, 101858 bytes in 6 sites (1 report), ranked by objects
// LIMIT-NEXT: (cum counts callers through inlined calls only{{.*}}
// LIMIT-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// LIMIT-NEXT: 100 87.72% 100 87.72% 1600 1.57% 1600 1.57% 16 top_program.c:30:12 main malloc heap (stored-to-global)
// LIMIT-NEXT: 10 8.77% 10 8.77% 240 0.24% 240 0.24% 24 top_program.c:36:12 main calloc heap (stored-to-global)
// LIMIT-NEXT: 4 more sites not shown (4 objects, 100018 bytes); -n 0 shows all
// LIMIT-NOT: {{.}}

// The second run also allocates at line 44, which the first never reached.
// SUM:      Program: {{.*}}.O0
// SUM-NEXT: Heap: 229 objects, 203723 bytes allocated by the process
// SUM-NEXT: at instrumented sites: 229 objects (100.00%), 203723 bytes (100.00%)
// SUM-NEXT: elsewhere (uninstrumented code, function pointers): 0 objects (0.00%), 0 bytes (0.00%)
// SUM-NEXT: (a call of an allocation wrapper is one object of the size it asks for at its site, whatever the wrapper allocates inside it)
// SUM-NEXT: All allocations, each once: 229 objects, 203723 bytes (the sites, plus the heap allocated elsewhere)
// SUM-NEXT: Total: 229 objects, 203723 bytes in 6 sites (2 reports), ranked by objects
// SUM-NEXT: (cum counts callers through inlined calls only{{.*}}
// SUM-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// SUM-NEXT: 200 87.34% 200 87.34% 3200 1.57% 3200 1.57% 16 top_program.c:30:12 main malloc heap (stored-to-global)
// SUM-NEXT: 20 8.73% 20 8.73% 480 0.24% 480 0.24% 24 top_program.c:36:12 main calloc heap (stored-to-global)
// SUM-NEXT: 6 2.62% 6 2.62% 36 0.02% 36 0.02% 6 top_program.c:40:12 main copy_name heap (stored-to-global) [wrapper-call]
// SUM-NEXT: 2 0.87% 2 0.87% 200000 98.17% 200000 98.17% 100000 top_program.c:33:10 main malloc heap (too-large)
// SUM-NEXT: 1 0.44% 1 0.44% 7 0.00% 7 0.00% 7 top_program.c:44:12 main malloc heap (stored-to-global)
// SUM-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - top_program.c:24:10 copy_name strdup heap (returned) [in-wrapper]
// SUM-NOT: {{.}}
