// Promotable: a temporary allocated and freed in each loop iteration (one
// stack slot can serve every iteration), also when freed on two paths of the
// iteration, on two exits of the loop (at -O2 the loop is rotated: the
// object reaches the next iteration's header as a phi and is freed there
// before the next one is made; the exits' frees become one free of a phi
// of the allocation's two copies), on the way out of a break, in an inner loop, or never (dead at
// the end of its iteration: a leak); a buffer allocated before the loop and
// reused by every iteration; and a site freed on every path out of the
// function.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 8
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 8
#include <stdlib.h>
#include <string.h>

int per_iteration_temporary(const char *src, int n) {
  int total = 0;
  for (int it = 0; it < n; it++) {
    char *tmp = malloc(32); // CHECK-DAG: [[@LINE]]:17: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    memcpy(tmp, src + it, 32);
    total += tmp[it & 31];
    free(tmp);
  }
  return total;
}

int freed_on_both_paths_of_iteration(const char *src, int n) {
  int total = 0;
  for (int it = 0; it < n; it++) {
    char *tmp = malloc(16); // CHECK-DAG: [[@LINE]]:17: remark: malloc(16) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    memcpy(tmp, src + it, 16);
    if (tmp[it & 15] == 'x') {
      free(tmp);
      continue;
    }
    total += tmp[0];
    free(tmp);
  }
  return total;
}

int freed_on_two_exits(const char *src, int n) {
  int count = 0;
  for (int it = 0;; it++) {
    char *line = malloc(24); // CHECK-DAG: [[@LINE]]:18: remark: malloc(24) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    memcpy(line, src + it, 24);
    if (it >= n) {
      free(line);
      break;
    }
    if (line[3] == 'q') {
      count += line[5];
      free(line);
      return count;
    }
    count += line[1];
    free(line);
  }
  return count;
}

int freed_on_every_path(const char *src, int c, int i) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  memcpy(p, src, 32);
  if (c) {
    int v = p[i & 31];
    free(p);
    return v;
  }
  int w = p[(i + 1) & 31];
  free(p);
  return -w;
}

// A while loop whose temporary is freed before the early exit too.
int scan_until_marker(const char *src, int n) {
  int found = -1;
  int it = 0;
  while (it < n) {
    char *window = calloc(1, 24); // CHECK-DAG: [[@LINE]]:20: remark: calloc(1, 24) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
    memcpy(window, src + it, 23);
    if (strchr(window, '#')) {
      found = it;
      free(window);
      break;
    }
    free(window);
    it += 23;
  }
  return found;
}

// Never freed, but dead at the end of its iteration: one slot still serves
// every iteration (and each iteration leaks today).
int leaked_per_iteration(const char *src, int n) {
  int total = 0;
  for (int it = 0; it < n; it++) {
    char *tmp = malloc(20); // CHECK-DAG: [[@LINE]]:17: remark: malloc(20) does not escape: can be stack-allocated (never freed: a leak) [site {{[0-9a-f]{16}\]}}
    memcpy(tmp, src + it, 20);
    total += tmp[it % 20];
  }
  return total;
}

int buffer_reused_by_every_iteration(const char *src, int n) {
  char *buf = malloc(64); // CHECK-DAG: [[@LINE]]:15: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  int total = 0;
  for (int it = 0; it < n; it++) {
    memcpy(buf, src + 64 * it, 64);
    total += buf[it & 63];
  }
  free(buf);
  return total;
}

int inner_loop_temporary(const char *src, int rows, int cols) {
  int total = 0;
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) {
      char *cell = malloc(8); // CHECK-DAG: [[@LINE]]:20: remark: malloc(8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
      memcpy(cell, src + 8 * (r * cols + c), 8);
      total += cell[(r + c) & 7];
      free(cell);
    }
  return total;
}
