// Promotable: qsort/bsearch work on the array in place (bsearch's result
// points into it, used locally); fgets, fread, fwrite, read and write read or
// write through the buffer without capturing it.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0 --implicit-check-not=remark:
// RUN: grep remark: %t.O0 | count 6
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2 --implicit-check-not=remark:
// RUN: grep remark: %t.O2 | count 6
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int sorted_median(const int *src) {
  int *a = malloc(16 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: malloc(64) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 16; k++)
    a[k] = src[k];
  qsort(a, 16, sizeof(int), cmp_int);
  int m = a[8];
  free(a);
  return m;
}

int search_copy(const int *sorted, int key) {
  int *a = malloc(32 * sizeof(int)); // CHECK-DAG: [[@LINE]]:12: remark: malloc(128) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 32; k++)
    a[k] = sorted[k];
  int *hit = bsearch(&key, a, 32, sizeof(int), cmp_int);
  int r = hit ? *hit : -1;
  free(a);
  return r;
}

// fgets returns its buffer argument (or NULL); the result is used locally.
size_t first_line_length(FILE *in) {
  char *line = malloc(256); // CHECK-DAG: [[@LINE]]:16: remark: malloc(256) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  size_t n = 0;
  char *got = fgets(line, 256, in);
  if (got)
    n = strlen(got);
  free(line);
  return n;
}

size_t copy_stream(FILE *in, FILE *out) {
  char *chunk = malloc(512); // CHECK-DAG: [[@LINE]]:17: remark: malloc(512) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  size_t total = 0, got;
  while ((got = fread(chunk, 1, 512, in)) > 0)
    total += fwrite(chunk, 1, got, out);
  free(chunk);
  return total;
}

long copy_fd(int from, int to) {
  char *buf = malloc(1024); // CHECK-DAG: [[@LINE]]:15: remark: malloc(1024) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  long total = 0;
  ssize_t got;
  while ((got = read(from, buf, 1024)) > 0) {
    if (write(to, buf, (size_t)got) != got)
      break;
    total += got;
  }
  free(buf);
  return total;
}

size_t write_header(FILE *out, int version) {
  unsigned char *hdr = malloc(8); // CHECK-DAG: [[@LINE]]:24: remark: malloc(8) does not escape: can be stack-allocated [site {{[0-9a-f]{16}\]}}
  for (int k = 0; k < 8; k++)
    hdr[k] = (unsigned char)(version >> k);
  size_t n = fwrite(hdr, 1, 8, out);
  free(hdr);
  return n;
}
