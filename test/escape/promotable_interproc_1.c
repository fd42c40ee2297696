// Promotable: the pointer is passed to functions defined in this file whose
// parameter does not escape (they read or write through it, nothing more):
// one level, two levels, a recursive reader and two mutually recursive
// readers.  The helpers are noinline so -O0 and -O2 judge the same calls.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>

int total_reads;

// Not vectorised: the vectoriser's overlap check between dst and src would
// convert both pointers to integers in the code as compiled.
__attribute__((noinline)) void fill(char *dst, const char *src, int n) {
#pragma clang loop vectorize(disable) interleave(disable)
  for (int k = 0; k < n; k++)
    dst[k] = src[k];
}

__attribute__((noinline)) int checksum(const char *p, int n) {
  int s = 0;
  for (int k = 0; k < n; k++)
    s = s * 31 + p[k];
  return s;
}

int one_level(const char *src) {
  char *p = malloc(40); // CHECK-DAG: [[@LINE]]:13: remark: malloc(40) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  fill(p, src, 40);
  int s = checksum(p, 40);
  free(p);
  return s;
}

__attribute__((noinline)) int level2(const int *a, int n) {
  int s = 0;
  for (int k = 0; k < n; k++)
    s += a[k];
  return s;
}

__attribute__((noinline)) int level1(const int *a, int n) { return level2(a, n) + a[0]; }

int two_levels(const int *src) {
  int *a = malloc(10 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: malloc(40) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 10; k++)
    a[k] = src[k] * 2;
  int s = level1(a, 10);
  free(a);
  return s;
}

__attribute__((noinline)) int sum_rec(const char *p, int n) {
  if (n <= 0)
    return 0;
  return p[0] + sum_rec(p + 1, n - 1);
}

int recursive_reader(const char *src, int n) {
  char *p = malloc(24); // CHECK-DAG: [[@LINE]]:13: remark: malloc(24) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  fill(p, src, 24);
  int s = sum_rec(p, n % 24);
  free(p);
  return s;
}

int odd_sum(const char *p, int n);

__attribute__((noinline)) int even_sum(const char *p, int n) {
  return n <= 0 ? 0 : p[0] + odd_sum(p + 1, n - 1);
}

__attribute__((noinline)) int odd_sum(const char *p, int n) {
  return n <= 0 ? 0 : even_sum(p + 1, n - 1) - p[0];
}

int mutually_recursive_readers(const char *src, int n) {
  char *p = malloc(28); // CHECK-DAG: [[@LINE]]:13: remark: malloc(28) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  fill(p, src, 28);
  int s = even_sum(p, n % 28);
  free(p);
  return s;
}

// The callee has side effects (a global counter), none involving the pointer.
__attribute__((noinline)) int count_and_read(const char *p, int i) {
  total_reads++;
  return p[i];
}

int callee_with_other_side_effects(const char *src, int i) {
  char *p = malloc(12); // CHECK-DAG: [[@LINE]]:13: remark: malloc(12) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  fill(p, src, 12);
  int v = count_and_read(p, i % 12);
  free(p);
  return v;
}
