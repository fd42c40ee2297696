// flat and cum in top and list on a real program at -O0 and -O2, with and
// without calling contexts: main asks for memory through a function-pointer
// hook (new_item, no site), a three-deep wrapper chain (w3 -> w2 -> w1 ->
// malloc), recursion (rec: one allocation per call of rec, however deep) and
// an inlined helper (dup_name).  14 allocations, 268 bytes: 3 x 24 (hook),
// 4 x 40 (chain), 2 x 8 (recursion), 5 x 4 (helper).
#include <stdlib.h>
#include <string.h>

struct hooks {
  void *(*allocate)(size_t size);
};
static struct hooks global_hooks = {malloc};

/* volatile, so that the optimiser cannot prove the hook is malloc. */
static void init_hooks(struct hooks *volatile h) { global_hooks = *h; }

static void *keep[64];
static int num_kept;
volatile int sink;

__attribute__((noinline)) static void *new_item(void) {
  void *p = global_hooks.allocate(24); /* through the hook: no site */
  sink++;                              /* not a tail call: new_item keeps its frame */
  return p;
}

__attribute__((noinline)) static void *w1(size_t n) {
  void *p = malloc(n); /* the chain's only malloc */
  if (!p)
    abort();
  return p;
}

__attribute__((noinline)) static void *w2(size_t n) {
  void *p = w1(n);
  sink++;
  return p;
}

__attribute__((noinline)) static void *w3(size_t n) {
  void *p = w2(n);
  sink++;
  return p;
}

__attribute__((noinline)) static void rec(int depth) {
  if (depth == 0) {
    keep[num_kept++] = malloc(8);
    return;
  }
  rec(depth - 1);
  sink++;
}

static inline __attribute__((always_inline)) void *dup_name(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n);
  memcpy(p, s, n);
  return p;
}

int main(void) {
  static struct hooks hooks = {malloc};
  init_hooks(&hooks);
  for (int i = 0; i < 3; i++)
    keep[num_kept++] = new_item();
  for (int i = 0; i < 4; i++)
    keep[num_kept++] = w3(40);
  rec(3);
  rec(5);
  for (int i = 0; i < 5; i++)
    keep[num_kept++] = dup_name("abc");
  for (int i = 0; i < num_kept; i++)
    free(keep[i]);
  return 0;
}

// RUN: %cc_as -O0 -g -fno-omit-frame-pointer %s %rt -o %t.O0
// RUN: %cc_as -O2 -g -fno-omit-frame-pointer %s %rt -o %t.O2
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0 && env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.ctx.json %t.O0
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2 && env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.ctx.json %t.O2
//
// Without contexts: cum through the inlined helper only (line 73); the hook
// and the recursion's callers get nothing, and the output says why.
// RUN: cd %S && %allocsite-report list '^main$' %t.O0.json | FileCheck %s --match-full-lines --check-prefix=LIST
// RUN: cd %S && %allocsite-report list '^main$' %t.O2.json | FileCheck %s --match-full-lines --check-prefix=LIST
// LIST:      (cum counts callers through inlined calls only: the report has no calling contexts; {{.*}})
// LIST-NEXT: ROUTINE ======================== main in flat_cum.c
// LIST-NEXT: flat cum flat-bytes cum-bytes line source
// LIST-NEXT:    4   9        160       180      (total for this function)
// LIST:         .   .          .         .   67      keep[num_kept++] = new_item();
// LIST:         4   4        160       160   69      keep[num_kept++] = w3(40);
// LIST-NEXT:                      ^ w3: 4 objects, 160 bytes; heap (stored-to-global) [site {{[0-9a-f]+}}]
// LIST-NEXT:                        stored to global 'keep' at {{.*}}flat_cum.c:69:22
// LIST-NEXT:    .   .          .         .   70    rec(3);
// LIST-NEXT:    .   .          .         .   71    rec(5);
// LIST-NEXT:    .   .          .         .   72    for (int i = 0; i < 5; i++)
// LIST-NEXT:    0   5          0        20   73      keep[num_kept++] = dup_name("abc");
// LIST-NEXT:                      ^ via dup_name (inlined) at flat_cum.c:58:13: malloc: 5 objects, 20 bytes; heap (stored-to-global) [site {{[0-9a-f]+}}]
// RUN: cd %S && %allocsite-report top --lines -n 0 %t.O0.json | FileCheck %s --match-full-lines --check-prefix=LINES
// RUN: cd %S && %allocsite-report top --lines -n 0 %t.O2.json | FileCheck %s --match-full-lines --check-prefix=LINES
// LINES:      Total: 11 objects, 196 bytes in 6 sites (1 report), ranked by objects, by source line
// LINES-NEXT: (cum counts callers through inlined calls only{{.*}}
// LINES-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function sites promotable
// LINES-NEXT: 5 45.45% 5 45.45% 20 10.20% 20 10.20% 4 flat_cum.c:58 dup_name (inlined into main) 1 0
// LINES-NEXT: 4 36.36% 4 36.36% 160 81.63% 160 81.63% 40 flat_cum.c:69 main 1 0
// LINES-NEXT: 2 18.18% 2 18.18% 16 8.16% 16 8.16% 8 flat_cum.c:49 rec 1 0
// LINES-NEXT: 0 0.00% 5 45.45% 0 0.00% 20 10.20% 4 flat_cum.c:73 main 0 0
// LINES-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - flat_cum.c:29 w1 1 0
// LINES-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - flat_cum.c:36 w2 1 0
// LINES-NEXT: 0 0.00% 0 0.00% 0 0.00% 0 0.00% - flat_cum.c:42 w3 1 0
// LINES-NOT: {{.}}
//
// With contexts: every line of main that asked is credited, through the
// hook, the chain and the recursion too; the stacks replace the sites'
// inline chains, so line 73 still counts 5, not 10.
// RUN: cd %S && %allocsite-report list '^(main|rec)$' %t.O0.ctx.json | FileCheck %s --match-full-lines --check-prefix=CTX
// RUN: cd %S && %allocsite-report list '^(main|rec)$' %t.O2.ctx.json | FileCheck %s --match-full-lines --check-prefix=CTX
// CTX:      ROUTINE ======================== main in flat_cum.c
// CTX-NEXT: flat cum flat-bytes cum-bytes line source
// CTX-NEXT:    0  14          0       268      (total for this function)
// CTX:         0   3          0        72   67      keep[num_kept++] = new_item();
// CTX-NEXT:    .   .          .         .   68    for (int i = 0; i < 4; i++)
// CTX-NEXT:    0   4          0       160   69      keep[num_kept++] = w3(40);
// CTX-NEXT:                      ^ w3: 4 objects, 160 bytes; heap (stored-to-global) [site {{[0-9a-f]+}}]
// CTX-NEXT:                        stored to global 'keep' at {{.*}}flat_cum.c:69:22
// CTX-NEXT:    0   1          0         8   70    rec(3);
// CTX-NEXT:    0   1          0         8   71    rec(5);
// CTX-NEXT:    .   .          .         .   72    for (int i = 0; i < 5; i++)
// CTX-NEXT:    0   5          0        20   73      keep[num_kept++] = dup_name("abc");
// Recursion: rec(5) has six frames of rec; line 52 counts each allocation once.
// CTX:      ROUTINE ======================== rec in flat_cum.c
// CTX-NEXT: flat cum flat-bytes cum-bytes line source
// CTX-NEXT:    2   2         16        16      (total for this function)
// CTX:         2   2         16        16   49      keep[num_kept++] = malloc(8);
// CTX:         0   2          0        16   52    rec(depth - 1);
//
// top --cum: one row per function ranked by cum; flat only where malloc was
// called (w1, new_item, rec, and dup_name inlined into main).  The C
// library's frame that calls main depends on its debug info: left out.
// RUN: cd %S && %allocsite-report top --cum -n 0 %t.O0.ctx.json | grep -v libc_start | FileCheck %s --match-full-lines --check-prefix=CUM
// RUN: cd %S && %allocsite-report top --cum -n 0 %t.O2.ctx.json | grep -v libc_start | FileCheck %s --match-full-lines --check-prefix=CUM
// CUM:      Total: 14 objects, 268 bytes in {{[0-9]+}} stacks and 6 sites (1 report), ranked by cum objects, by function
// CUM-NEXT: (flat: allocated at the row itself; cum: also below it, from the calling contexts)
// CUM-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function sites promotable
// CUM-NEXT: 0 0.00% 14 100.00% 0 0.00% 268 100.00% 19.14 flat_cum.c main 1 0
// CUM-NEXT: 5 35.71% 5 35.71% 20 7.46% 20 7.46% 4 flat_cum.c dup_name 1 0
// CUM-NEXT: 4 28.57% 4 28.57% 160 59.70% 160 59.70% 40 flat_cum.c w1 1 0
// CUM-NEXT: 0 0.00% 4 28.57% 0 0.00% 160 59.70% 40 flat_cum.c w2 1 0
// CUM-NEXT: 0 0.00% 4 28.57% 0 0.00% 160 59.70% 40 flat_cum.c w3 1 0
// CUM-NEXT: 3 21.43% 3 21.43% 72 26.87% 72 26.87% 24 flat_cum.c new_item 0 0
// CUM-NEXT: 2 14.29% 2 14.29% 16 5.97% 16 5.97% 8 flat_cum.c rec 1 0
// CUM-NOT: {{.}}
//
// The default view: flat is each site's own count; the in-wrapper sites of
// the chain get cum from the stacks through their calls.
// RUN: cd %S && %allocsite-report top -n 0 %t.O2.ctx.json | FileCheck %s --match-full-lines --check-prefix=SITES
// SITES:      (flat: allocated at the row itself; cum: also below it, from the calling contexts of the heap)
// SITES-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// SITES-NEXT: 5 45.45% 5 45.45% 20 10.20% 20 10.20% 4 flat_cum.c:58:13 dup_name (inlined into main) malloc heap (stored-to-global)
// SITES-NEXT: 4 36.36% 4 36.36% 160 81.63% 160 81.63% 40 flat_cum.c:69:24 main w3 heap (stored-to-global) [wrapper-call]
// SITES-NEXT: 2 18.18% 2 18.18% 16 8.16% 16 8.16% 8 flat_cum.c:49:24 rec malloc heap (stored-to-global)
// SITES-NEXT: 0 0.00% 4 36.36% 0 0.00% 160 81.63% 40 flat_cum.c:29:13 w1 malloc heap (returned) [in-wrapper]
// SITES-NEXT: 0 0.00% 4 36.36% 0 0.00% 160 81.63% 40 flat_cum.c:36:13 w2 w1 heap (returned) [wrapper-call,in-wrapper]
// SITES-NEXT: 0 0.00% 4 36.36% 0 0.00% 160 81.63% 40 flat_cum.c:42:13 w3 w2 heap (returned) [wrapper-call,in-wrapper]
// SITES-NOT: {{.}}
