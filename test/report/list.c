// list on a real instrumented program at -O0 and -O2: each matching
// function's source with flat and cum per line and, under each line, its
// sites with verdict and reason; make_label is a wrapper (its call counts at
// line 84, flat, its malloc inside that call nothing); inlined at -O2 ("via"):
// flat 0, cum 4 at line 84; --source-dir; a missing source; no match: error.
// RUN: rm -rf %t.src && mkdir -p %t.src/proj/sub
// RUN: cp %s %t.src/proj/sub/list.c
// RUN: cd %t.src/proj/sub && %cc_as -O0 -g list.c %rt -o %t.O0 && %cc_as -O2 -g list.c %rt -o %t.O2
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: cd %t.src/proj/sub && %allocsite-report list '^main$' %t.O0.json | FileCheck %s --match-full-lines --check-prefixes=MAIN,MAIN-O0
// RUN: cd %t.src/proj/sub && %allocsite-report list '^main$' %t.O2.json | FileCheck %s --match-full-lines --check-prefixes=MAIN,MAIN-O2
// RUN: cd %t.src/proj/sub && %allocsite-report list '^main$' %t.O0.json | FileCheck %s --match-full-lines --check-prefix=NOTE
// MAIN:         ROUTINE ======================== main in list.c
// MAIN-NEXT:    flat cum flat-bytes cum-bytes line source
// MAIN-O0-NEXT:   14  14        704       704      (total for this function)
// MAIN-O2-NEXT:   10  14        640       704      (total for this function)
// MAIN-NEXT:       .   .          .         .   75  int main(void) {
// MAIN-NEXT:       .   .          .         .   76    int sum = 0;
// MAIN-NEXT:       .   .          .         .   77    for (int i = 0; i < ten; i++) {
// MAIN-NEXT:      10  10        640       640   78      char *p = malloc(64); /* line 78 */
// MAIN-NEXT:                         ^ malloc: 10 objects, 640 bytes; promotable [site {{[0-9a-f]+}}]
// MAIN-NEXT:       .   .          .         .   79      memset(p, i, 64);
// MAIN-NEXT:       .   .          .         .   80      sum += peek(p);
// MAIN-NEXT:       .   .          .         .   81      free(p);
// MAIN-NEXT:       .   .          .         .   82    }
// MAIN-NEXT:       .   .          .         .   83    for (int i = 0; i < four; i++)
// MAIN-O0-NEXT:    4   4         64        64   84      kept = make_label(i); /* line 84 */
// MAIN-O0-NEXT:                      ^ make_label: 4 objects, 64 bytes; heap (stored-to-global) [site {{[0-9a-f]+}}]
// MAIN-O0-NEXT:                        stored to global 'kept' at {{.*}}list.c:84:10
// MAIN-O2-NEXT:    0   4          0        64   84      kept = make_label(i); /* line 84 */
// MAIN-O2-NEXT:                      ^ via make_label (inlined) at list.c:71:13: malloc: 4 objects, 64 bytes; heap (stored-to-global) [site {{[0-9a-f]+}}]
// MAIN-O2-NEXT:                        stored to global 'kept' at {{.*}}/proj/sub/list.c:84:10
// MAIN-NEXT:       .   .          .         .   85    kept = (void *)(long)sum; /* observed, so -O2 keeps the work */ return 0;
// MAIN-NEXT:       .   .          .         .   86  }
// MAIN-NOT: {{.}}
// Without calling contexts a line says cum comes from inlining chains only.
// NOTE: (cum counts callers through inlined calls only: the report has no calling contexts; {{.*}})
// NOTE-NEXT: ROUTINE ======================== main in list.c
// The source moved: found with --source-dir, or only the allocating lines.
// RUN: mkdir -p %t.moved/elsewhere && cp %s %t.moved/elsewhere/list.c && rm -rf %t.src
// RUN: cd %t.moved && %allocsite-report list make_label %t.O0.json 2>&1 | FileCheck %s --match-full-lines --check-prefix=MISSING
// MISSING:      allocsite-report: error: cannot read source '{{.*}}/proj/sub/list.c': No such file or directory; use --source-dir DIR to say where the sources are
// MISSING-NEXT: (cum counts callers through inlined calls only{{.*}}
// MISSING-NEXT: ROUTINE ======================== make_label in {{.*}}/proj/sub/list.c
// MISSING-NEXT: flat cum flat-bytes cum-bytes line source
// MISSING-NEXT:    0   0          0         0      (total for this function)
// MISSING-NEXT:                    (source not found; lines with allocations only)
// MISSING-NEXT:    0   0          0         0   71
// MISSING-NEXT:                    ^ malloc: 0 objects, 0 bytes; heap (returned) [site {{[0-9a-f]+}}]
// MISSING-NEXT:                      returned: wrapper 'make_label', judged at each call of it
// MISSING-NOT: {{.}}
// RUN: cd %t.moved && %allocsite-report list make_label --source-dir %t.moved/elsewhere %t.O0.json 2>&1 | FileCheck %s --match-full-lines --check-prefix=MOVED
// MOVED:      ROUTINE ======================== make_label in {{.*}}/proj/sub/list.c
// MOVED-NEXT: flat cum flat-bytes cum-bytes line source
// MOVED-NEXT:    0   0          0         0      (total for this function)
// MOVED-NEXT:    .   .          .         .   70  static char *make_label(int n) {
// MOVED-NEXT:    0   0          0         0   71    char *s = malloc(16); /* line 71 */
// MOVED-NEXT:                      ^ malloc: 0 objects, 0 bytes; heap (returned) [site {{[0-9a-f]+}}]
// MOVED-NEXT:                        returned: wrapper 'make_label', judged at each call of it
// MOVED-NEXT:    .   .          .         .   72    memset(s, n, 16);
// MOVED-NEXT:    .   .          .         .   73    return s;
// MOVED-NEXT:    .   .          .         .   74  }
// MOVED-NOT: {{.}}
#include <stdlib.h>
#include <string.h>
void *volatile kept;
volatile int ten = 10, four = 4;
__attribute__((noinline)) static int peek(const char *p) { return p[3]; }
static char *make_label(int n) {
  char *s = malloc(16); /* line 71 */
  memset(s, n, 16);
  return s;
}
int main(void) {
  int sum = 0;
  for (int i = 0; i < ten; i++) {
    char *p = malloc(64); /* line 78 */
    memset(p, i, 64);
    sum += peek(p);
    free(p);
  }
  for (int i = 0; i < four; i++)
    kept = make_label(i); /* line 84 */
  kept = (void *)(long)sum; /* observed, so -O2 keeps the work */ return 0;
}
// No match, bad regex.
// RUN: not %allocsite-report list nosuchfunction %t.O0.json 2>&1 | FileCheck %s --match-full-lines --check-prefix=NOMATCH
// NOMATCH: allocsite-report: error: no function with allocations matches 'nosuchfunction'
// RUN: not %allocsite-report list '(' %t.O0.json 2>&1 | FileCheck %s --check-prefix=BADRE
// BADRE: allocsite-report: error: invalid regular expression '(': {{.+}}
