// Promotable although reallocated: the object's only "escape" is being
// given to the C library's realloc in its own function, which promotion
// rewrites to move it to the heap there (README "Stack promotion"), so the
// verdict is promotable (constant size) or promotable if small, with
// "(realloc moves it to the heap)".  The realloc calls are sites of their
// own, always heap (reallocated).  What the realloc returns is that other
// site's object: storing it to a global or returning it keeps only that
// site on the heap; a pointer that may still be the original object keeps
// the rules for everything else (stored-to-global below).
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 18
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 18
#include <stdlib.h>
#include <string.h>

// The grow loop: a small array doubled whenever it is full, freed after
// the loop (the free gets a phi of the first block and the reallocs').
long grow_loop(const int *src, int n) {
  size_t cap = 4, len = 0;
  int *a = malloc(cap * sizeof *a); // CHECK-DAG: [[@LINE]]:12: remark: malloc(16) does not escape: can be stack-allocated (realloc moves it to the heap) [site {{[0-9a-f]{16}\]}}
  for (int i = 0; i < 3 * n; i++) {
    if (len == cap) {
      cap *= 2;
      a = realloc(a, cap * sizeof *a); // CHECK-DAG: [[@LINE]]:11: remark: realloc(...) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
    }
    a[len++] = src[i];
  }
  long s = 0;
  for (size_t i = 0; i < len; i++)
    s += a[i] * (long)(i + 1);
  free(a);
  return s;
}

// A string built a character at a time, from a first size that is not
// constant: a stack buffer serves it until the first realloc.
long build_string(const char *src, size_t n) {
  size_t cap = n, len = 0;
  char *s = malloc(cap); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) (realloc moves it to the heap) [site {{[0-9a-f]{16}\]}}
  for (const char *c = src; *c && len < 3 * n; c++) {
    if (len + 1 >= cap) {
      cap = 2 * cap + 1;
      s = realloc(s, cap); // CHECK-DAG: [[@LINE]]:11: remark: realloc(...) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:11 [site {{[0-9a-f]{16}\]}}
    }
    s[len++] = *c;
  }
  s[len] = '\0';
  long h = (long)strlen(s);
  free(s);
  return h;
}

// Once, checked: on failure the old object is still there and is freed.
int realloc_once(const char *src, size_t n) {
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) (realloc moves it to the heap) [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, n);
  char *q = realloc(p, 2 * n + 1); // CHECK-DAG: [[@LINE]]:13: remark: realloc(...) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:13 [site {{[0-9a-f]{16}\]}}
  if (!q) {
    int v = p[0];
    free(p);
    return v;
  }
  memcpy(q + n, src, n + 1);
  int v = q[2 * n - 1] + q[n / 2];
  free(q);
  return v;
}

// Through phis: resized on one path only, then again, then freed.
int realloc_through_phi(const char *src, int k) {
  char *p = malloc(8); // CHECK-DAG: [[@LINE]]:13: remark: malloc(8) does not escape: can be stack-allocated (realloc moves it to the heap) [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 8);
  if (k > 3)
    p = realloc(p, 32); // CHECK-DAG: [[@LINE]]:9: remark: realloc(..., 32) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:9 [site {{[0-9a-f]{16}\]}}
  p[7] = (char)k;
  p = realloc(p, 64); // CHECK-DAG: [[@LINE]]:7: remark: realloc(..., 64) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:7 [site {{[0-9a-f]{16}\]}}
  memcpy(p + 8, src, 56);
  int v = p[7] + p[63];
  free(p);
  return v;
}

// Shrinking is reallocating too; what the realloc returns is returned.
char *shrink_and_return(const char *src, int keep) {
  char *p = malloc(256); // CHECK-DAG: [[@LINE]]:13: remark: malloc(256) does not escape: can be stack-allocated (realloc moves it to the heap) [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 256);
  p[keep & 31] = '\0';
  char *q = realloc(p, 32); // CHECK-DAG: [[@LINE]]:13: remark: realloc(..., 32) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:13 [site {{[0-9a-f]{16}\]}}
  return q;
}

int *g_items;

// The realloc's result, never the original object, is stored to a global.
void realloc_into_global(const int *src) {
  int *p = calloc(4, sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: calloc(4, 4) does not escape: can be stack-allocated (realloc moves it to the heap) [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 4 * sizeof(int));
  g_items = realloc(p, 32); // CHECK-DAG: [[@LINE]]:13: remark: realloc(..., 32) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:13 [site {{[0-9a-f]{16}\]}}
}

// Here the global may get the original object (no realloc on one path).
void maybe_reallocated_into_global(const int *src, int k) {
  int *p = malloc(16); // CHECK-DAG: [[@LINE]]:12: remark: malloc(16) stays on the heap: stored to global 'g_items' at {{.*}}promotable_realloc_1.c:[[@LINE+4]]:11 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  if (k > 3)
    p = realloc(p, 64); // CHECK-DAG: [[@LINE]]:9: remark: realloc(..., 64) stays on the heap: {{.*}} [site {{[0-9a-f]{16}\]}}
  g_items = p;
}

// A realloc-like wrapper: its calls stay heap, and so does what is given to
// them (the wrapper may do more with the pointer than realloc; promotion
// rewrites only the C library's realloc).  Not inlined: at -O2 its realloc
// would be the caller's own.
__attribute__((noinline)) static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n); // CHECK-DAG: [[@LINE]]:13: remark: realloc(...) stays on the heap: returned: wrapper 'xrealloc', judged at each call of it [site {{[0-9a-f]{16}\]}}
  if (!q)
    abort();
  return q;
}

int through_realloc_wrapper(const char *src, int k) {
  char *p = malloc(16); // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) stays on the heap: reallocated by wrapper 'xrealloc' at {{.*}}promotable_realloc_1.c:[[@LINE+2]]:7 [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 16);
  p = xrealloc(p, 64 + (size_t)k); // CHECK-DAG: [[@LINE]]:7: remark: xrealloc(...) stays on the heap: reallocated at {{.*}}promotable_realloc_1.c:[[@LINE]]:7 (through wrapper xrealloc) [site {{[0-9a-f]{16}\]}}
  memcpy(p + 16, src, 48);
  int v = p[k & 63];
  free(p);
  return v;
}
