// Heap, reason too-large: constant sizes over the default 4096-byte limit
// (malloc(8192), calloc(100, 100) = 10000 bytes, a 1 MiB buffer); each site
// is otherwise local and freed.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 3
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int malloc_8k(const char *src, int i) {
  char *p = malloc(8192); // CHECK-DAG: [[@LINE]]:13: remark: malloc(8192) stays on the heap: size 8192 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 8192);
  int v = p[i & 8191];
  free(p);
  return v;
}

int calloc_10000(int i, int v) {
  char *grid = calloc(100, 100); // CHECK-DAG: [[@LINE]]:16: remark: calloc(100, 100) stays on the heap: size 10000 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  grid[i % 10000] = (char)v;
  int s = 0;
  for (int k = 0; k < 10000; k += 101)
    s += grid[k];
  free(grid);
  return s;
}

size_t read_megabyte(FILE *in) {
  char *buf = malloc(1 << 20); // CHECK-DAG: [[@LINE]]:15: remark: malloc(1048576) stays on the heap: size 1048576 exceeds the stack limit of 4096 bytes [site {{[0-9a-f]{16}\]}}
  size_t n = fread(buf, 1, 1 << 20, in);
  size_t nl = 0;
  for (size_t k = 0; k < n; k++)
    nl += buf[k] == '\n';
  free(buf);
  return nl;
}
