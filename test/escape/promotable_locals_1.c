// Promotable: pointers that flow only through local memory that does not
// escape (a local struct, a local array of pointers with constant indices),
// derived pointers (pointer arithmetic, casts), and a select and a phi of two
// sites (each freed by its own free, or both by one free of the merged
// pointer), and a site-or-NULL freed through the merged pointer.  At -O0 every
// one of these goes through stack slots first.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 12
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 12
#include <stdlib.h>
#include <string.h>

struct holder {
  char *buf;
  int len;
};

int in_local_struct(const char *src, int i) {
  struct holder h;
  h.len = 32;
  h.buf = malloc(32); // CHECK-DAG: [[@LINE]]:11: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < h.len; k++)
    h.buf[k] = src[k];
  int v = h.buf[i & 31];
  free(h.buf);
  return v;
}

int in_local_array(const char *src, int i) {
  char *a[2];
  a[0] = malloc(16); // CHECK-DAG: [[@LINE]]:10: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  a[1] = malloc(20); // CHECK-DAG: [[@LINE]]:10: remark: malloc(20) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 16; k++) {
    a[0][k] = src[k];
    a[1][k] = src[k + 16];
  }
  int v = a[0][i & 15] + a[1][(i >> 4) & 15];
  free(a[0]);
  free(a[1]);
  return v;
}

int derived_offset(const char *src, int i) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  char *q = p + 8;
  for (int k = 0; k < 56; k++)
    q[k] = src[k];
  int v = q[i % 56];
  free(p);
  return v;
}

long via_casts(const long *src, int i) {
  void *raw = malloc(64); // CHECK-DAG: [[@LINE]]:15: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  long *l = (long *)raw;
  for (int k = 0; k < 8; k++)
    l[k] = src[k];
  unsigned char *bytes = (unsigned char *)l;
  long v = bytes[i & 63];
  free((void *)l);
  return v;
}

// Each site is freed by its own free; the select only reads.
int select_of_two(const char *src, int c, int i) {
  char *p = malloc(16);   // CHECK-DAG: [[@LINE]]:13: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  char *q = calloc(2, 8); // CHECK-DAG: [[@LINE]]:13: remark: calloc(2, 8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 16; k++)
    p[k] = src[k];
  char *r = c ? p : q;
  int v = r[i & 15];
  free(p);
  free(q);
  return v;
}

// A phi of two sites that only reads; each site has its own free.
int phi_of_two_freed_separately(const char *src, int c, int i) {
  char *a = NULL, *b = NULL;
  if (c) {
    a = malloc(40); // CHECK-DAG: [[@LINE]]:9: remark: malloc(40) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    memcpy(a, src, 40);
  } else {
    b = calloc(5, 8); // CHECK-DAG: [[@LINE]]:9: remark: calloc(5, 8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  }
  char *r = c ? a : b;
  int v = r[i % 40];
  free(a);
  free(b);
  return v;
}

// Both sites reach one free through the phi: both are freed by this function
// and promoting both deletes that free.  (The one label here that reads the
// specification's "select/phi of two sites both freed" rather than follows it
// literally: the free's pointer may point to either site, but to no object
// outside them - unlike freed_elsewhere_1.c, where it may be the caller's.)
int phi_of_two(const char *src, int c, int i) {
  char *r;
  if (c) {
    r = malloc(32); // CHECK-DAG: [[@LINE]]:9: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    for (int k = 0; k < 32; k++)
      r[k] = src[k];
  } else {
    r = calloc(4, 8); // CHECK-DAG: [[@LINE]]:9: remark: calloc(4, 8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  }
  int v = r[i & 31];
  free(r);
  return v;
}

// The pointer is this site or NULL; free(NULL) frees nothing.
int site_or_null(const char *src, int want, int i) {
  char *p = want ? malloc(36) : NULL; // CHECK-DAG: [[@LINE]]:20: remark: malloc(36) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  int v = -1;
  if (p) {
    memcpy(p, src, 36);
    v = p[i % 36];
  }
  free(p);
  return v;
}
