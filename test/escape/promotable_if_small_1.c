// Promotable if small: the size is not a compile-time constant (a
// parameter, a product, a global, strlen of the argument, strdup's string
// length) but the address does not escape, so a stack buffer of K bytes
// (-allocsite-stack-buffer-size, default 32, at most
// -allocsite-max-stack-size) can serve the sizes that fit and the heap the
// rest.  The reason stays non-constant-size.  Also: the buffer size as an
// option and an environment variable, and clamped by the stack limit.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s -DK=32 --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 9
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s -DK=32 --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 9
// RUN: %cc_as -fplugin=%plugin -mllvm -allocsite-stack-buffer-size=48 -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.48.O2
// RUN: FileCheck %s -DK=48 --input-file=%t.48.O2 --implicit-check-not=remark:
// RUN: env ALLOCSITE_STACK_BUFFER_SIZE=128 %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.128.O0
// RUN: FileCheck %s -DK=128 --input-file=%t.128.O0 --implicit-check-not=remark:
// RUN: env ALLOCSITE_MAX_STACK_SIZE=16 %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.clamped.O0
// RUN: FileCheck %s -DK=16 --input-file=%t.clamped.O0 --implicit-check-not=remark:
#include <stdlib.h>
#include <string.h>

size_t g_chunk = 64;

int size_from_parameter(const char *src, size_t n) {
  char *p = malloc(n); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, n);
  int v = p[n / 2];
  free(p);
  return v;
}

// How calloc prints with one constant argument is left open.
long count_times_size(const long *src, size_t n, size_t m) {
  long *a = calloc(n, m); // CHECK-DAG: [[@LINE]]:13: remark: calloc({{[^)]*}}) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  memcpy(a, src, n * m);
  long v = ((const char *)a)[n * m - 1];
  free(a);
  return v;
}

int size_from_global(const char *src) {
  char *p = malloc(g_chunk); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, g_chunk);
  int v = p[g_chunk - 1];
  free(p);
  return v;
}

size_t copy_string(const char *s) {
  char *p = malloc(strlen(s) + 1); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  strcpy(p, s);
  size_t n = strlen(p);
  free(p);
  return n;
}

// strdup of a string built in a local array.
int duplicate_local_string(int k) {
  char name[16];
  memcpy(name, "key-", 4);
  name[4] = (char)('a' + k % 26);
  name[5] = 0;
  char *d = strdup(name); // CHECK-DAG: [[@LINE]]:13: remark: strdup(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  int r = (strcmp(d, "key-b") == 0) + d[4];
  free(d);
  return r;
}

int duplicate_prefix(const char *s, size_t n) {
  char *d = strndup(s, n); // CHECK-DAG: [[@LINE]]:13: remark: strndup(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  int r = (int)strlen(d);
  free(d);
  return r;
}

// One object per iteration, freed in it: the buffer is reused.
long per_iteration(const char *const *words, int count) {
  long total = 0;
  for (int k = 0; k < count; k++) {
    size_t n = strlen(words[k]) + 1;
    char *w = malloc(n); // CHECK-DAG: [[@LINE]]:15: remark: malloc(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
    memcpy(w, words[k], n);
    total += w[0];
    free(w);
  }
  return total;
}

// Two sites freed through one pointer (free(c ? y : x)): promotable if
// small together, each free tested against both buffers.
int either_one(const char *s, size_t a, size_t b, int c) {
  char *x = malloc(a); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  char *y = malloc(b); // CHECK-DAG: [[@LINE]]:13: remark: malloc(...) does not escape: can use a stack buffer of [[K]] bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  memset(x, 'x', a);
  memset(y, 'y', b);
  char *keep = c ? x : y;
  char *drop = c ? y : x;
  int r = keep[0] + drop[0];
  free(drop);
  free(keep);
  return r;
}
