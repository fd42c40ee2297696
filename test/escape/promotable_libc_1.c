// Promotable: the string functions read or write through the pointer without
// capturing it (strcpy, strlen, strcmp, strncpy, strcat, strchr); strcpy's
// and strchr's results point into the object but are only used locally.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 5
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 5
#include <stdlib.h>
#include <string.h>

size_t copy_and_measure(const char *s) {
  char *p = malloc(128); // CHECK-DAG: [[@LINE]]:13: remark: malloc(128) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strcpy(p, s);
  size_t n = strlen(p);
  free(p);
  return n;
}

int compare_copy(const char *a, const char *b) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strncpy(p, a, 63);
  p[63] = '\0';
  int r = strcmp(p, b);
  free(p);
  return r;
}

size_t concatenate(const char *a, const char *b) {
  char *p = malloc(256); // CHECK-DAG: [[@LINE]]:13: remark: malloc(256) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strcpy(p, a);
  strcat(p, "/");
  strcat(p, b);
  size_t n = strlen(p);
  free(p);
  return n;
}

long find_in_copy(const char *s, int c) {
  char *p = malloc(80); // CHECK-DAG: [[@LINE]]:13: remark: malloc(80) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strncpy(p, s, 79);
  p[79] = '\0';
  char *hit = strchr(p, c);
  long r = hit ? (long)strlen(hit) : -1;
  free(p);
  return r;
}

// strcpy returns its first argument: the result is derived from the site,
// used here only to read.
int strcpy_result_used_locally(const char *s) {
  char *p = malloc(32); // CHECK-DAG: [[@LINE]]:13: remark: malloc(32) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  char *r = strcpy(p, s);
  int v = r[0] + (int)strlen(r);
  free(p);
  return v;
}
