// Identical allocation calls that -O2 merges into one (SimplifyCFG hoisting
// them out of both arms of an if, or sinking them into the join; also the
// inlined copies of a helper called from both arms) are one site, reported
// at the first of them, and every remark names all of them.  The merged call
// itself has a line-0 location: remarks used to go to the function's name
// with clang's "could not determine the original source location" note.
// At -O0 nothing is merged: one remark per call, at the call.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --check-prefix=O0 --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 23
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --check-prefix=O2 --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 11
// RUN: not grep "could not determine" %t.O0 %t.O2
// The analysis remarks (site, flow) of a merged site carry the same note.
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass-analysis=allocsite %s -o /dev/null 2> %t.analysis
// RUN: FileCheck %s --check-prefix=ANALYSIS --input-file=%t.analysis
// RUN: not grep "could not determine" %t.analysis
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *keep, *other;

// Hoisted: the call moves above the branch.
int hoisted(int c) {
  char *p;
  if (c) {
    p = malloc(32); // O0-DAG: [[@LINE]]:9: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    // ANALYSIS-DAG: [[@LINE-1]]:9: remark: heap allocation site {{[0-9a-f]+}}: malloc (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:9 and {{.*}}AllocSite_merged_calls.c:[[@LINE+4]]:9 merged by the optimiser)
    // O2-DAG: [[@LINE-2]]:9: remark: malloc(32) does not escape: can be stack-allocated (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:9 and {{.*}}AllocSite_merged_calls.c:[[@LINE+3]]:9 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
    memset(p, 1, 32);
  } else {
    p = malloc(32); // O0-DAG: [[@LINE]]:9: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    memset(p, 2, 32);
  }
  int r = p[3];
  free(p);
  return r;
}

// Sunk: the call moves below the branch, its operand a phi.
void sunk(int c, int n) {
  if (c) {
    puts("then");
    keep = malloc(n); // O0-DAG: [[@LINE]]:12: remark: malloc(...) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
    // O2-DAG: [[@LINE-1]]:12: remark: malloc(...) stays on the heap: stored to global 'keep' (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:12 and {{.*}}AllocSite_merged_calls.c:[[@LINE+3]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  } else {
    puts("else");
    keep = malloc(n + 1); // O0-DAG: [[@LINE]]:12: remark: malloc(...) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
  }
}

// Three calls into one.
void three(int c) {
  switch (c) {
  case 0:
    puts("zero");
    keep = calloc(4, 8); // O0-DAG: [[@LINE]]:12: remark: calloc(4, 8) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
    // O2-DAG: [[@LINE-1]]:12: remark: calloc(4, 8) stays on the heap: stored to global 'keep' (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:12, {{.*}}AllocSite_merged_calls.c:[[@LINE+5]]:12 and {{.*}}AllocSite_merged_calls.c:[[@LINE+9]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
    // ANALYSIS-DAG: [[@LINE-2]]:12: remark: flow of calloc(4, 8) (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:12, {{.*}}AllocSite_merged_calls.c:[[@LINE+4]]:12 and {{.*}}AllocSite_merged_calls.c:[[@LINE+8]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}: call -> stored-to-global
    break;
  case 1:
    puts("one");
    keep = calloc(4, 8); // O0-DAG: [[@LINE]]:12: remark: calloc(4, 8) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
    break;
  default:
    puts("other");
    keep = calloc(4, 8); // O0-DAG: [[@LINE]]:12: remark: calloc(4, 8) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 [site {{[0-9a-f]{16}\]}}
    break;
  }
}

// Two calls on one line (LLVM 19 keeps the line and sets column 0).
int one_line(int c) {
  keep = c ? malloc(24) : malloc(24); // O0-DAG: [[@LINE]]:14: remark: malloc(24) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:8 [site {{[0-9a-f]{16}\]}}
  // O0-DAG: [[@LINE-1]]:27: remark: malloc(24) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:8 [site {{[0-9a-f]{16}\]}}
  // O2-DAG: [[@LINE-2]]:14: remark: malloc(24) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:8 (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:14 and {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:27 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  return c;
}

// A merged pair beside a call that stays on its own: only the pair is named.
int kept_beside(int c) {
  char *p, *q = 0;
  if (c) {
    p = malloc(16); // O0-DAG: [[@LINE]]:9: remark: malloc(16) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE+7]]:8 [site {{[0-9a-f]{16}\]}}
    // O2-DAG: [[@LINE-1]]:9: remark: malloc(16) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE+6]]:8 (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:9 and {{.*}}AllocSite_merged_calls.c:[[@LINE+4]]:9 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
    q = malloc(16); // O0-DAG: [[@LINE]]:9: remark: malloc(16) stays on the heap: stored to global 'other' at {{.*}}AllocSite_merged_calls.c:[[@LINE+6]]:9 [site {{[0-9a-f]{16}\]}}
    // O2-DAG: [[@LINE-1]]:9: remark: malloc(16) stays on the heap: stored to global 'other' at {{.*}}AllocSite_merged_calls.c:[[@LINE+5]]:9 [site {{[0-9a-f]{16}\]}}
  } else {
    p = malloc(16); // O0-DAG: [[@LINE]]:9: remark: malloc(16) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE+2]]:8 [site {{[0-9a-f]{16}\]}}
  }
  keep = p;
  other = q;
  return c;
}

// A wrapper's calls merge like an allocator's.
__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n); // O0-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  // O2-DAG: [[@LINE-1]]:13: remark: malloc(...) stays on the heap: returned: wrapper 'xmalloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!p)
    abort();
  return p;
}

void wrapped(int c) {
  if (c) {
    puts("then");
    keep = xmalloc(40); // O0-DAG: [[@LINE]]:12: remark: xmalloc(40) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
    // O2-DAG: [[@LINE-1]]:12: remark: xmalloc(40) stays on the heap: stored to global 'keep' (through wrapper xmalloc) (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:12 and {{.*}}AllocSite_merged_calls.c:[[@LINE+3]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  } else {
    puts("else");
    keep = xmalloc(40); // O0-DAG: [[@LINE]]:12: remark: xmalloc(40) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:10 (through wrapper xmalloc) [site {{[0-9a-f]{16}\]}}
  }
}

// Inlined copies of one helper, merged: the site is the helper's call (as
// every inlined site is), and the merged calls are the helper's call sites.
static inline char *dup_of(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n); // O0-DAG: [[@LINE]]:13: remark: malloc(...) stays on the heap: returned to the caller at {{.*}}AllocSite_merged_calls.c:[[@LINE+3]]:3 [site {{[0-9a-f]{16}\]}}
  // O2-DAG: [[@LINE-1]]:13: remark: malloc(4) stays on the heap: stored to global 'keep' (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE+7]]:12 and {{.*}}AllocSite_merged_calls.c:[[@LINE+9]]:12 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  memcpy(p, s, n);
  return p;
}

void helpers(int c) {
  if (c)
    keep = dup_of("one");
  else
    keep = dup_of("two");
}


// The optimiser changes the merged calls' allocator (malloc and memset(0)
// become calloc): still the malloc calls.
void zeroed(int c) {
  char *p;
  if (c) {
    puts("a");
    p = malloc(64); // O0-DAG: [[@LINE]]:9: remark: malloc(64) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE+7]]:8 [site {{[0-9a-f]{16}\]}}
    memset(p, 0, 64); // O2-DAG: [[@LINE-1]]:9: remark: calloc(1, 64) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE+6]]:8 (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:9 and {{.*}}AllocSite_merged_calls.c:[[@LINE+3]]:9 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
  } else {
    puts("b");
    p = malloc(64); // O0-DAG: [[@LINE]]:9: remark: malloc(64) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE+3]]:8 [site {{[0-9a-f]{16}\]}}
    memset(p, 0, 64);
  }
  keep = p;
}

// Two different helpers, each inlining a third: the merge keeps no frame of
// the helpers, which are found again from the calls recorded in them.
static inline void *inner(void) { return malloc(8); } // O0-DAG: [[@LINE]]:42: remark: malloc(8) stays on the heap: returned: wrapper 'inner', judged at each call of it [site {{[0-9a-f]{16}\]}}
static inline void *mid_a(void) { puts("a"); return inner(); } // O0-DAG: [[@LINE]]:53: remark: inner() stays on the heap: returned: wrapper 'mid_a', judged at each call of it (through wrapper inner) [site {{[0-9a-f]{16}\]}}
static inline void *mid_b(void) { puts("b"); return inner(); } // O0-DAG: [[@LINE]]:53: remark: inner() stays on the heap: returned: wrapper 'mid_b', judged at each call of it (through wrapper inner) [site {{[0-9a-f]{16}\]}}
void two_levels(int c) { keep = c ? mid_a() : mid_b(); } // O0-DAG: [[@LINE]]:37: remark: mid_a() stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE]]:31 (through wrapper mid_a) [site {{[0-9a-f]{16}\]}}
// O0-DAG: [[@LINE-1]]:47: remark: mid_b() stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE-1]]:31 (through wrapper mid_b) [site {{[0-9a-f]{16}\]}}
// O2-DAG: [[@LINE-5]]:42: remark: malloc(8) stays on the heap: stored to global 'keep' at {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:31 (calls at {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:37 and {{.*}}AllocSite_merged_calls.c:[[@LINE-2]]:47 merged by the optimiser){{( \(inlined into .*\))?}} [site {{[0-9a-f]{16}\]}}
