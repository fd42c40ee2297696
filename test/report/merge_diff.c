// merge and diff on a real instrumented program, at -O0 and -O2: runs with
// 0, 1 and 2 arguments allocate differently; merge sums them exactly and
// associatively (byte-identical whatever the grouping, and the same as
// summing on the command line), refuses reports of other builds or
// versions without writing anything; diff shows per-site and total changes
// and --fail-if-grew gates on the growth of objects.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: env ALLOCSITE_OUT=%t.dir/a.json %t.O0
// RUN: env ALLOCSITE_OUT=%t.dir/b.json %t.O0 x
// RUN: env ALLOCSITE_OUT=%t.dir/c.json %t.O0 x y
// RUN: cd %S && %allocsite-report merge -o %t.dir/abc.json %t.dir/a.json %t.dir/b.json %t.dir/c.json
// RUN: cd %S && %allocsite-report top %t.dir/abc.json | FileCheck %s --match-full-lines --check-prefix=MERGED
// MERGED:      Program: {{.*}}.O{{[02]}}
// MERGED-NEXT: Heap: 84 objects, 1059 bytes allocated by the process
// MERGED-NEXT: at instrumented sites: 84 objects (100.00%), 1059 bytes (100.00%)
// MERGED-NEXT: elsewhere (uninstrumented code, function pointers): 0 objects (0.00%), 0 bytes (0.00%)
// MERGED-NEXT: All allocations, each once: 84 objects, 1059 bytes (the sites, plus the heap allocated elsewhere)
// MERGED-NEXT: Total: 84 objects, 1059 bytes in 3 sites (1 report), ranked by objects
// MERGED-NEXT: (cum counts callers through inlined calls only{{.*}}
// MERGED-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// MERGED-NEXT: 60 71.43% 60 71.43% 960 90.65% 960 90.65% 16 merge_diff.c:106:12 main malloc heap (stored-to-global)
// MERGED-NEXT: 21 25.00% 21 25.00% 63 5.95% 63 5.95% 3 merge_diff.c:110:12 main malloc heap (stored-to-global)
// MERGED-NEXT: 3 3.57% 3 3.57% 36 3.40% 36 3.40% 12 merge_diff.c:114:12 main calloc heap (stored-to-global)
// MERGED-NOT: {{.}}
// Summing on the command line gives the same table as the merged report.
// RUN: cd %S && %allocsite-report top %t.dir/a.json %t.dir/b.json %t.dir/c.json | sed 's/(3 reports)/(1 report)/' > %t.dir/summed.txt
// RUN: cd %S && %allocsite-report top %t.dir/abc.json > %t.dir/merged.txt
// RUN: diff %t.dir/summed.txt %t.dir/merged.txt
// Associative: ((a b) c), (a (b c)), (c b a) and (a b c) are the same bytes.
// RUN: %allocsite-report merge -o %t.dir/ab.json %t.dir/a.json %t.dir/b.json
// RUN: %allocsite-report merge -o %t.dir/bc.json %t.dir/b.json %t.dir/c.json
// RUN: %allocsite-report merge -o %t.dir/ab_c.json %t.dir/ab.json %t.dir/c.json
// RUN: %allocsite-report merge -o %t.dir/a_bc.json %t.dir/a.json %t.dir/bc.json
// RUN: %allocsite-report merge -o %t.dir/cba.json %t.dir/c.json %t.dir/b.json %t.dir/a.json
// RUN: cmp %t.dir/abc.json %t.dir/ab_c.json
// RUN: cmp %t.dir/abc.json %t.dir/a_bc.json
// RUN: cmp %t.dir/abc.json %t.dir/cba.json
// The %p story: many processes, one report each, merged by a glob.
// RUN: rm -rf %t.many && mkdir -p %t.many
// RUN: env ALLOCSITE_OUT=%t.many/app.%%p.json %t.O0
// RUN: env ALLOCSITE_OUT=%t.many/app.%%p.json %t.O0 x
// RUN: env ALLOCSITE_OUT=%t.many/app.%%p.json %t.O0 x y
// RUN: %allocsite-report merge -o %t.dir/many.json %t.many/app.*.json
// RUN: cmp %t.dir/abc.json %t.dir/many.json

// Refused: another build of a site, an unknown version; nothing is written.
// RUN: cd %S/Inputs && not %allocsite-report merge -o %t.dir/bad.json report.json other-build.json 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=BUILD
// BUILD: allocsite-report: error: report.json and other-build.json disagree about site 00000000000000a2 (line 20 vs 21): they come from different builds, and counts of different builds cannot be combined
// RUN: cd %S/Inputs && not %allocsite-report merge -o %t.dir/bad.json report.json version6.json 2>&1 | FileCheck %s --match-full-lines --implicit-check-not='{{.}}' --check-prefix=VERSION
// VERSION: allocsite-report: error: version6.json: unsupported report version 6 (this allocsite-report reads versions 1 to 5)
// RUN: not test -e %t.dir/bad.json
// RUN: not %allocsite-report merge %t.dir/a.json 2>&1 | FileCheck %s --check-prefix=NOOUT
// NOOUT: allocsite-report: error: no output given (-o OUT)
// RUN: not %allocsite-report merge -o /nonexistent/dir/m.json %t.dir/a.json 2>&1 | FileCheck %s --match-full-lines --check-prefix=UNWRITABLE
// UNWRITABLE: allocsite-report: error: cannot write '/nonexistent/dir/m.json': No such file or directory

// -O2: the same counts.
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: env ALLOCSITE_OUT=%t.dir/a2.json %t.O2
// RUN: env ALLOCSITE_OUT=%t.dir/b2.json %t.O2 x
// RUN: env ALLOCSITE_OUT=%t.dir/c2.json %t.O2 x y
// RUN: %allocsite-report merge -o %t.dir/abc2.json %t.dir/c2.json %t.dir/a2.json %t.dir/b2.json
// RUN: cd %S && %allocsite-report top %t.dir/abc2.json | FileCheck %s --match-full-lines --check-prefix=MERGED

// diff from one argument (a) to three (c): total and per-site changes,
// largest change in objects first; the other way round, shrinking.
// RUN: cd %S && %allocsite-report diff %t.dir/a.json %t.dir/c.json | FileCheck %s --match-full-lines --check-prefix=DIFF
// RUN: cd %S && %allocsite-report diff %t.dir/a2.json %t.dir/c2.json | FileCheck %s --match-full-lines --check-prefix=DIFF
// DIFF:      Base: {{.*}}a{{2?}}.json: 16 objects, 178 bytes in 3 sites
// DIFF-NEXT: New:  {{.*}}c{{2?}}.json: 40 objects, 528 bytes in 3 sites
// DIFF-NEXT: Change: +24 objects (+150.00%), +350 bytes (+196.63%)
// DIFF-NEXT: objects  delta   delta%  bytes  delta   delta%  location             function  allocator  status
// DIFF-NEXT:      30    +20  +200.00%    480   +320  +200.00%  merge_diff.c:106:{{[0-9]+}}  main      malloc
// DIFF-NEXT:       2     +2      new     24    +24      new  merge_diff.c:114:{{[0-9]+}}  main      calloc
// DIFF-NEXT:       8     +2   +33.33%     24     +6   +33.33%  merge_diff.c:110:{{[0-9]+}}  main      malloc
// DIFF-NOT: {{.}}
// RUN: cd %S && %allocsite-report diff -n 1 %t.dir/c.json %t.dir/a.json | FileCheck %s --match-full-lines --check-prefix=SHRINK
// SHRINK:      Change: -24 objects (-60.00%), -350 bytes (-66.29%)
// SHRINK-NEXT: objects  delta   delta%  bytes  delta   delta%  location             function  allocator  status
// SHRINK-NEXT:      10    -20  -66.67%    160   -320  -66.67%  merge_diff.c:106:{{[0-9]+}}  main      malloc
// SHRINK-NEXT: 2 more changed sites not shown; -n 0 shows all
// RUN: %allocsite-report diff %t.dir/a.json %t.dir/a.json | FileCheck %s --match-full-lines --check-prefix=SAME
// SAME: Change: 0 objects (0.00%), 0 bytes (0.00%)
// SAME-NEXT: 3 sites unchanged

// --fail-if-grew: objects grew by exactly 150%.
// RUN: %allocsite-report diff --fail-if-grew 150 %t.dir/a.json %t.dir/c.json > /dev/null
// RUN: %allocsite-report diff --fail-if-grew 10 %t.dir/c.json %t.dir/a.json > /dev/null
// RUN: sh -c '%allocsite-report diff --fail-if-grew 149.5 %t.dir/a.json %t.dir/c.json > /dev/null 2> %t.dir/grew.txt; echo "exit $?"' | FileCheck %s --check-prefix=EXIT3
// EXIT3: exit 3
// RUN: FileCheck %s --match-full-lines --check-prefix=GREW < %t.dir/grew.txt
// GREW: allocsite-report: error: objects grew by +150.00% (16 to 40), more than the 149.5% --fail-if-grew allows
// RUN: not %allocsite-report diff --fail-if-grew ten %t.dir/a.json %t.dir/c.json 2>&1 | FileCheck %s --check-prefix=BADPCT
// BADPCT: allocsite-report: error: --fail-if-grew expects a non-negative percentage, got 'ten'
// RUN: not %allocsite-report diff %t.dir/a.json 2>&1 | FileCheck %s --check-prefix=ONE
// ONE: allocsite-report: error: diff needs two reports, BASE and NEW
#include <stdlib.h>

void *volatile sink;
volatile int ten = 10, five = 5;

int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < ten * argc; i++) {
    sink = malloc(16); /* line 105 */
    free(sink);
  }
  for (int i = 0; i < five + argc; i++) {
    sink = malloc(3); /* line 109 */
    free(sink);
  }
  for (int i = 0; i < argc - 1; i++) {
    sink = calloc(3, 4); /* line 113 */
    free(sink);
  }
  return 0;
}
