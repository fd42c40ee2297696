// top --lines, --functions and --focus on a real instrumented program at
// -O0 and -O2: two sites on one line are one row with --lines; --functions
// sums by the function the allocation is written in; --focus keeps sites
// whose file or function matches, including a function they are inlined
// into (at -O2 fill is inlined into main).
#include <stdlib.h>

void *volatile a, *volatile b;
volatile int n = 6;

static void fill(int k) {
  for (int i = 0; i < k; i++) {
    a = malloc(8); b = calloc(2, 8); /* line 13: two sites */
  }
}

int main(void) {
  fill(n);
  for (int i = 0; i < 4; i++)
    a = malloc(100); /* line 20 */
  return 0;
}

// RUN: %cc_as -O0 -g %s %rt -o %t.O0 && env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: %cc_as -O2 -g %s %rt -o %t.O2 && env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: cd %S && %allocsite-report top --lines %t.O0.json | FileCheck %s --match-full-lines --check-prefix=LINES
// RUN: cd %S && %allocsite-report top --lines %t.O2.json | FileCheck %s --match-full-lines --check-prefixes=LINES,LINES-O2
// LINES:      Total: 16 objects, 544 bytes in 3 sites (1 report), ranked by objects, by source line
// LINES-NEXT: (cum counts callers through inlined calls only{{.*}}
// LINES-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function{{.*}} sites promotable
// LINES-NEXT: 12 75.00% 12 75.00% 144 26.47% 144 26.47% 12 top_group.c:13 fill{{.*}} 2 0
// LINES-NEXT: 4 25.00% 4 25.00% 400 73.53% 400 73.53% 100 top_group.c:20 main 1 0
// At -O2 fill is inlined: the line of main that calls it gets cum, no flat.
// LINES-O2-NEXT: 0 0.00% 12 75.00% 0 0.00% 144 26.47% 12 top_group.c:18 main 0 0
// LINES-NOT: {{.}}
// RUN: cd %S && %allocsite-report top --functions --by bytes %t.O0.json | FileCheck %s --match-full-lines --check-prefixes=FUNCS,FUNCS-O0
// RUN: cd %S && %allocsite-report top --functions --by bytes %t.O2.json | FileCheck %s --match-full-lines --check-prefixes=FUNCS,FUNCS-O2
// FUNCS:      Total: 16 objects, 544 bytes in 3 sites (1 report), ranked by bytes, by function
// FUNCS-NEXT: (cum counts callers through inlined calls only{{.*}}
// FUNCS-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function sites promotable
// FUNCS-O0-NEXT: 4 25.00% 4 25.00% 400 73.53% 400 73.53% 100 top_group.c main 1 0
// FUNCS-O2-NEXT: 4 25.00% 16 100.00% 400 73.53% 544 100.00% 100 top_group.c main 1 0
// FUNCS-NEXT: 12 75.00% 12 75.00% 144 26.47% 144 26.47% 12 top_group.c fill 2 0
// FUNCS-NOT: {{.}}
// --cum ranks by cum (alone, by function): at -O2 main is first.
// RUN: cd %S && %allocsite-report top --cum %t.O2.json | FileCheck %s --match-full-lines --check-prefix=CUM
// RUN: cd %S && %allocsite-report top --functions --cum %t.O2.json | FileCheck %s --match-full-lines --check-prefix=CUM
// CUM:      Total: 16 objects, 544 bytes in 3 sites (1 report), ranked by cum objects, by function
// CUM-NEXT: (cum counts callers through inlined calls only{{.*}}
// CUM-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function sites promotable
// CUM-NEXT: 4 25.00% 16 100.00% 400 73.53% 544 100.00% 100 top_group.c main 1 0
// CUM-NEXT: 12 75.00% 12 75.00% 144 26.47% 144 26.47% 12 top_group.c fill 2 0
// CUM-NOT: {{.}}
// RUN: cd %S && %allocsite-report top --lines --cum %t.O2.json | FileCheck %s --match-full-lines --check-prefix=LINESCUM
// LINESCUM:      flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function{{.*}} sites promotable
// LINESCUM-NEXT: 12 75.00% 12 75.00% 144 26.47% 144 26.47% 12 top_group.c:13 fill{{.*}} 2 0
// LINESCUM-NEXT: 0 0.00% 12 75.00% 0 0.00% 144 26.47% 12 top_group.c:18 main 0 0
// LINESCUM-NEXT: 4 25.00% 4 25.00% 400 73.53% 400 73.53% 100 top_group.c:20 main 1 0
// LINESCUM-NOT: {{.}}
// --focus on a function: at -O2 fill's sites are inlined into main.
// RUN: cd %S && %allocsite-report top --focus '^main$' %t.O0.json | FileCheck %s --match-full-lines --check-prefixes=FOCUS,FOCUS-O0
// RUN: cd %S && %allocsite-report top --focus '^main$' %t.O2.json | FileCheck %s --match-full-lines --check-prefixes=FOCUS,FOCUS-O2
// FOCUS:         Total: 16 objects, 544 bytes in 3 sites (1 report), ranked by objects
// FOCUS-O0-NEXT: Focus: 1 of 3 sites
// FOCUS-O2-NEXT: Focus: 3 of 3 sites
// FOCUS-NEXT:    (cum counts callers through inlined calls only{{.*}}
// FOCUS-NEXT:    flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function{{.*}} allocator verdict
// FOCUS-O2-NEXT: 6 37.50% 6 37.50% 96 17.65% 96 17.65% 16 top_group.c:13:{{[0-9]+}} fill (inlined into main) calloc heap (stored-to-global)
// FOCUS-O2-NEXT: 6 37.50% 6 37.50% 48 8.82% 48 8.82% 8 top_group.c:13:{{[0-9]+}} fill (inlined into main) malloc heap (stored-to-global)
// FOCUS-NEXT:    4 25.00% 4 25.00% 400 73.53% 400 73.53% 100 top_group.c:20:9 main{{ *}} malloc heap (stored-to-global)
// FOCUS-NOT: {{.}}
// --focus on a file name.
// RUN: cd %S && %allocsite-report top --focus 'nomatch|top_group\.c$' -n 1 %t.O0.json | FileCheck %s --match-full-lines --check-prefix=FILE
// FILE:      Focus: 3 of 3 sites
// FILE:      2 more sites not shown (10 objects, 448 bytes); -n 0 shows all
// RUN: not %allocsite-report top --focus '(' %t.O0.json 2>&1 | FileCheck %s --check-prefix=BADFOCUS
// BADFOCUS: allocsite-report: error: --focus: {{.+}}
// RUN: not %allocsite-report top --lines --functions %t.O0.json 2>&1 | FileCheck %s --check-prefix=EXCL
// EXCL: allocsite-report: error: --lines, --functions and --skip-wrappers exclude each other
// RUN: not %allocsite-report top --skip-wrappers --cum %t.O0.json 2>&1 | FileCheck %s --check-prefix=SKIPCUM
// SKIPCUM: allocsite-report: error: --cum ranks by cum, which --skip-wrappers does not have (one row per stack)
// RUN: not %allocsite-report top --promotable --skip-wrappers %t.O0.json 2>&1 | FileCheck %s --check-prefix=PROMSKIP
// PROMSKIP: allocsite-report: error: --promotable selects sites; it does not combine with --skip-wrappers
