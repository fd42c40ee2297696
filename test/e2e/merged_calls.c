// Allocation calls that -O2 merges (the same call in both arms of an if or
// in every case of a switch, hoisted or sunk into one; the inlined copies of
// a helper called from both arms) are one site at the first of them, with a
// real line, counting what all of them allocate.  At -O0 each call is its
// own site.  Counts are exact at both levels and the totals equal
// count_shim's.  Before, the merged site had line 0: `top` showed only the
// file name.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim %t.O0
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: %check-expect --totals-from %t.O0.shim %t.O0.json
//
// RUN: %cc_as -O2 -g %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim %t.O2
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: %check-expect --totals-from %t.O2.shim %t.O2.json
// RUN: %allocsite-report top -n 0 %t.O2.json | FileCheck %s --check-prefix=TOP
// RUN: FileCheck %s --check-prefix=JSON < %t.O2.json
// RUN: not grep '"line": 0,' %t.O2.json
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *keep, *other;
// Which arm each of the 8 rounds takes: 6 non-zero, 2 zero; 0 twice, 1
// four times, 2 twice.
volatile int input[8] = {0, 1, 2, 1, 0, 2, 1, 1};

__attribute__((noinline)) int hoisted(int c) {
  char *p;
  if (c) {
    p = malloc(32); // EXPECT-O0: objects=6 bytes=192 sites=1 flags=none // EXPECT-O2: objects=8 bytes=256 sites=1 flags=merged
    // TOP: 8 {{.*}}/merged_calls.c:[[@LINE-1]]:9 hoisted malloc promotable [merged]
    // JSON: "line": [[@LINE-2]], "column": 9, "function": "hoisted", {{.*}}"merged": [{"file": "{{.*}}merged_calls.c", "line": [[@LINE-2]], "column": 9, "function": "hoisted"}, {"file": "{{.*}}merged_calls.c", "line": [[@LINE+3]], "column": 9, "function": "hoisted"}]{{.*}}"flags": ["merged"], "objects": 8, "bytes": 256}
    memset(p, 1, 32);
  } else {
    p = malloc(32); // EXPECT-O0: objects=2 bytes=64 sites=1 // EXPECT-O2: objects=0 bytes=0 sites=0
    memset(p, 2, 32);
  }
  int r = p[3];
  free(p);
  return r;
}

__attribute__((noinline)) void sunk(int c, int n) {
  if (c) {
    puts("then");
    keep = malloc(n); // EXPECT-O0: objects=6 bytes=72 sites=1 // EXPECT-O2: objects=8 bytes=94 sites=1
  } else {
    puts("else");
    keep = malloc(n + 1); // EXPECT-O0: objects=2 bytes=22 sites=1 // EXPECT-O2: objects=0 bytes=0 sites=0
  }
}

__attribute__((noinline)) void three(int c) {
  switch (c) {
  case 0:
    puts("zero");
    keep = calloc(4, 8); // EXPECT-O0: objects=2 bytes=64 sites=1 // EXPECT-O2: objects=8 bytes=256 sites=1
    break;
  case 1:
    puts("one");
    keep = calloc(4, 8); // EXPECT-O0: objects=4 bytes=128 sites=1 // EXPECT-O2: objects=0 bytes=0 sites=0
    break;
  default:
    puts("other");
    keep = calloc(4, 8); // EXPECT-O0: objects=2 bytes=64 sites=1 // EXPECT-O2: objects=0 bytes=0 sites=0
    break;
  }
}

__attribute__((noinline)) void one_line(int c) {
  keep = c ? malloc(24) : malloc(24); // EXPECT-O0: objects=8 bytes=192 sites=2 // EXPECT-O2: objects=8 bytes=192 sites=1
}

__attribute__((noinline)) void kept_beside(int c) {
  char *p, *q = 0;
  if (c) {
    p = malloc(16); // EXPECT-O0: objects=6 bytes=96 sites=1 // EXPECT-O2: objects=8 bytes=128 sites=1
    q = malloc(16); // EXPECT: objects=6 bytes=96 sites=1
  } else {
    p = malloc(16); // EXPECT-O0: objects=2 bytes=32 sites=1 // EXPECT-O2: objects=0 bytes=0 sites=0
  }
  keep = p;
  other = q;
}

__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n); // EXPECT: objects=0 bytes=0 sites=1 flags=in-wrapper
  if (!p)
    abort();
  return p;
}

__attribute__((noinline)) void wrapped(int c) {
  if (c) {
    puts("then");
    keep = xmalloc(40); // EXPECT-O0: objects=6 bytes=240 sites=1 flags=wrapper-call // EXPECT-O2: objects=8 bytes=320 sites=1 flags=wrapper-call,merged
  } else {
    puts("else");
    keep = xmalloc(40); // EXPECT-O0: objects=2 bytes=80 sites=1 flags=wrapper-call // EXPECT-O2: objects=0 bytes=0 sites=0
  }
}

static inline char *dup_of(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = malloc(n); // EXPECT: objects=8 bytes=32 sites=1
  // JSON: "line": [[@LINE-1]], "column": 13, "function": "dup_of", {{.*}}"inlined_at": [{"file": "{{.*}}merged_calls.c", "line": [[@LINE+7]], "column": 12, "function": "helpers"}]{{.*}}"objects": 8, "bytes": 32}
  memcpy(p, s, n);
  return p;
}

__attribute__((noinline)) void helpers(int c) {
  if (c)
    keep = dup_of("one");
  else
    keep = dup_of("two");
}

int main(void) {
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    sum += hoisted(input[i]);
    sunk(input[i], 8 + i);
    free(keep);
    three(input[i]);
    free(keep);
    one_line(input[i]);
    free(keep);
    kept_beside(input[i]);
    free(keep);
    free(other);
    wrapped(input[i]);
    free(keep);
    helpers(input[i]);
    free(keep);
  }
  printf("%d\n", sum);
  return 0;
}
