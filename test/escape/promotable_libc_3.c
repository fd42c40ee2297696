// Promotable: the printf family reads "%s" arguments and writes into
// snprintf/sprintf buffers without capturing them; puts/fputs only read.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 6
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 6
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void print_copy(const char *s) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strncpy(p, s, 63);
  p[63] = '\0';
  printf("name: %s (%d)\n", p, (int)strlen(p));
  free(p);
}

void puts_copy(const char *s) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strncpy(p, s, 63);
  p[63] = '\0';
  puts(p);
  free(p);
}

void fputs_and_fprintf(FILE *out, const char *s) {
  char *p = malloc(64); // CHECK-DAG: [[@LINE]]:13: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  strncpy(p, s, 63);
  p[63] = '\0';
  fputs(p, out);
  fprintf(out, "[%s]\n", p);
  free(p);
}

int format_with_snprintf(int id, const char *name) {
  char *buf = malloc(96); // CHECK-DAG: [[@LINE]]:15: remark: malloc(96) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  int n = snprintf(buf, 96, "%d:%s", id, name);
  int r = n + buf[0];
  free(buf);
  return r;
}

int format_with_sprintf(int id, double x) {
  char *buf = malloc(128); // CHECK-DAG: [[@LINE]]:15: remark: malloc(128) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  sprintf(buf, "%d/%g", id, x);
  int r = (int)strlen(buf);
  free(buf);
  return r;
}

// The buffer is both printed into and printed from.
void snprintf_then_printf(int a, int b) {
  char *tmp = malloc(40); // CHECK-DAG: [[@LINE]]:15: remark: malloc(40) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  snprintf(tmp, 40, "%d+%d", a, b);
  printf("%s=%d\n", tmp, a + b);
  free(tmp);
}
