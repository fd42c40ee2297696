// top --promotable: only the sites the escape analysis judged promotable,
// ranked by what they cost at run time, with shares of the whole program;
// the join of compile-time verdicts and run-time counts.
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: env ALLOCSITE_OUT=%t.O0.json %t.O0
// RUN: cd %S && %allocsite-report top --promotable %t.O0.json | FileCheck %s --match-full-lines
// RUN: cd %S && %allocsite-report top %t.O0.json | FileCheck %s --match-full-lines --check-prefix=ALL
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: env ALLOCSITE_OUT=%t.O2.json %t.O2
// RUN: cd %S && %allocsite-report top --promotable %t.O2.json | FileCheck %s --match-full-lines
// RUN: cd %S && %allocsite-report top --promotable -n 1 %t.O2.json | FileCheck %s --match-full-lines --check-prefix=ONE
#include <stdlib.h>
#include <string.h>

void *volatile kept;

__attribute__((noinline)) static int peek(const char *p) { return p[3]; }

int main(int argc, char **argv) {
  (void)argv;
  int sum = 0;
  for (int i = 0; i < 1000; i++) {
    char *scratch = malloc(32); /* line 23: promotable, 1000 objects */
    memset(scratch, i, 32);
    sum += peek(scratch);
    free(scratch);
  }
  for (int i = 0; i < 10; i++)
    kept = malloc(16); /* line 29: stored to a global */
  char *once = malloc(64); /* line 30: promotable, one object */
  memset(once, argc, 64);
  sum += peek(once);
  free(once);
  kept = (void *)(long)sum; /* observed, so -O2 keeps the work */
  return 0;
}

// CHECK:      Program: {{.*}}
// CHECK-NEXT: Heap: 1011 objects, 32224 bytes allocated by the process
// CHECK-NEXT: at instrumented sites: 1011 objects (100.00%), 32224 bytes (100.00%)
// CHECK-NEXT: elsewhere (uninstrumented code, function pointers): 0 objects (0.00%), 0 bytes (0.00%)
// CHECK-NEXT: All allocations, each once: 1011 objects, 32224 bytes (the sites, plus the heap allocated elsewhere)
// CHECK-NEXT: Total: 1011 objects, 32224 bytes in 3 sites (1 report), ranked by objects
// CHECK-NEXT: Promotable sites only: 2 of 3
// CHECK-NEXT: (cum counts callers through inlined calls only{{.*}}
// CHECK-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// CHECK-NEXT: 1000 98.91% 1000 98.91% 32000 99.30% 32000 99.30% 32 top_promotable.c:23:21 main malloc promotable
// CHECK-NEXT: 1 0.10% 1 0.10% 64 0.20% 64 0.20% 64 top_promotable.c:30:16 main malloc promotable
// CHECK-NOT: {{.}}

// ALL:      flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// ALL-NEXT: 1000 98.91% 1000 98.91% 32000 99.30% 32000 99.30% 32 top_promotable.c:23:21 main malloc promotable
// ALL-NEXT: 10 0.99% 10 0.99% 160 0.50% 160 0.50% 16 top_promotable.c:29:12 main malloc heap (stored-to-global)
// ALL-NEXT: 1 0.10% 1 0.10% 64 0.20% 64 0.20% 64 top_promotable.c:30:16 main malloc promotable

// ONE:      Promotable sites only: 2 of 3
// ONE-NEXT: (cum counts callers through inlined calls only{{.*}}
// ONE-NEXT: flat flat% cum cum% flat-bytes flat-bytes% cum-bytes cum-bytes% avg location function allocator verdict
// ONE-NEXT: 1000 98.91% 1000 98.91% 32000 99.30% 32000 99.30% 32 top_promotable.c:23:21 main malloc promotable
// ONE-NEXT: 1 more site not shown (1 object, 64 bytes); -n 0 shows all
