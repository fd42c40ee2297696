// pprof export checked with the real `go tool pprof` (Debian golang-go), at
// -O0 and -O2: -top with both sample types (-sample_index= and the legacy
// -alloc_objects/-alloc_space flags), -list with exact per-line counts
// (at -O2 dup_name is inlined: one location with two lines), and -raw for
// the labels (site ID, allocator, verdict).
#include <stdlib.h>
#include <string.h>

void *volatile kept;
volatile int twenty = 20, three = 3;

static char *dup_name(const char *s) {
  return strdup(s); /* line 13 */
}

int main(void) {
  for (int i = 0; i < twenty; i++)
    kept = malloc(64); /* line 18 */
  for (int i = 0; i < three; i++)
    kept = dup_name("abc"); /* line 20 */
  kept = calloc(1, 1000); /* line 21 */
  return 0;
}

// REQUIRES: go
// RUN: rm -rf %t.home && mkdir -p %t.home
// RUN: %cc_as -O0 -g %s %rt -o %t.O0 && %cc_as -O2 -g %s %rt -o %t.O2
// Site-based export: contexts off (pprof_contexts.test and test/heap cover stacks).
// RUN: env ALLOCSITE_DEPTH=0 ALLOCSITE_OUT=%t.O0.a.json %t.O0 && env ALLOCSITE_DEPTH=0 ALLOCSITE_OUT=%t.O0.b.json %t.O0
// RUN: env ALLOCSITE_DEPTH=0 ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: %allocsite-report pprof -o %t.O0.pb.gz %t.O0.a.json %t.O0.b.json
// RUN: %allocsite-report pprof -o %t.O2.pb.gz %t.O2.json
// The file is gzip (magic 1f 8b).
// RUN: od -An -tx1 -N2 %t.O0.pb.gz | FileCheck %s --check-prefix=GZIP
// GZIP: 1f 8b

// Two runs summed: 2 x (20 + 3 + 1) objects.  At -O0 dup_name is an
// allocation wrapper: its three calls in main are the sites that count.
// RUN: env HOME=%t.home %go tool pprof -top -sample_index=alloc_objects %t.O0.pb.gz | FileCheck %s --check-prefixes=TOP,TOP-O0
// RUN: env HOME=%t.home %go tool pprof -top -alloc_objects %t.O0.pb.gz | FileCheck %s --check-prefixes=TOP,TOP-O0
// TOP:      Type: alloc_objects
// TOP:      Showing nodes accounting for 48, 100% of 48 total
// TOP:      flat  flat%   sum%        cum   cum%
// TOP-O0-NEXT: 48   100%   100%         48   100%  main
// TOP-NOT: {{.}}
// RUN: env HOME=%t.home %go tool pprof -top -sample_index=alloc_objects %t.O2.pb.gz | FileCheck %s --check-prefix=TOP2
// TOP2:      Showing nodes accounting for 24, 100% of 24 total
// TOP2:      flat  flat%   sum%        cum   cum%
// TOP2-NEXT: 21 87.50% 87.50%         24   100%  main
// TOP2-NEXT:  3 12.50%   100%          3 12.50%  dup_name (inline)
// Bytes: 2 x (20 x 64 + 3 x 4 + 1000).
// RUN: env HOME=%t.home %go tool pprof -top -unit=B -sample_index=alloc_space %t.O0.pb.gz | FileCheck %s --check-prefix=SPACE
// RUN: env HOME=%t.home %go tool pprof -top -unit=B -alloc_space %t.O0.pb.gz | FileCheck %s --check-prefix=SPACE
// SPACE:      Type: alloc_space
// SPACE:      Showing nodes accounting for 4584B, 100% of 4584B total
// SPACE-NEXT:       flat  flat%   sum%        cum   cum%
// SPACE-NEXT:      4584B   100%   100%      4584B   100%  main

// -list: each line's count, in the source go finds through the profile.
// (pprof guesses a trim path from the current directory's name, "report",
// which is in the source's path: run it from elsewhere.)
// RUN: cd %t.home && env HOME=%t.home %go tool pprof -list='^main$' -sample_index=alloc_objects %t.O2.pb.gz | FileCheck %s --check-prefix=LIST
// LIST:      ROUTINE ======================== main in {{.*}}pprof.c
// LIST-NEXT:        21         24 (flat, cum)   100% of Total
// LIST:             20         20     18:    kept = malloc(64); /* line 18 */
// LIST:              .          3     20:    kept = dup_name("abc"); /* line 20 */
// LIST:              1          1     21:  kept = calloc(1, 1000); /* line 21 */

// -raw: the labels of each sample (a site) and its location's lines.
// RUN: env HOME=%t.home %go tool pprof -raw %t.O2.pb.gz | FileCheck %s --check-prefix=RAW
// RAW:      PeriodType: space bytes
// RAW:      alloc_objects/count[dflt] alloc_space/bytes
// RAW-DAG:           20       1280: {{[0-9]+}} {{$}}
// RAW-DAG:  allocator:[malloc] site:[{{[0-9a-f]+}}] verdict:[heap (stored-to-global)]
// RAW-DAG:           3         12: {{[0-9]+}} {{$}}
// RAW-DAG:  allocator:[strdup] site:[{{[0-9a-f]+}}] verdict:[heap (stored-to-global)]
// RAW-DAG:           1       1000: {{[0-9]+}} {{$}}
// RAW-DAG:  allocator:[calloc] site:[{{[0-9a-f]+}}] verdict:[heap (stored-to-global)]
// RAW:      Locations
// RAW-DAG:  dup_name {{.*}}pprof.c:13 s=0
// RAW-DAG:  main {{.*}}pprof.c:20 s=0
