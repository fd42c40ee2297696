// C library functions with a malloc attribute in glibc's headers are not
// wrappers: they return handles with their own close function (fopen,
// open_memstream, opendir, iconv_open) or are left to the runtime's
// interposer (tempnam).  strdup stays an allocator of its own.
// RUN: %cc_as -O0 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O0
// RUN: FileCheck %s --input-file=%t.O0
// RUN: grep remark: %t.O0 | count 1
// RUN: %cc_as -O2 -g -c -fno-caret-diagnostics -Rpass=allocsite -Rpass-missed=allocsite %s -o /dev/null 2> %t.O2
// RUN: FileCheck %s --input-file=%t.O2
// RUN: grep remark: %t.O2 | count 1
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <iconv.h>

int use(const char *path) {
  FILE *f = fopen(path, "r");
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);
  DIR *d = opendir(path);
  iconv_t cd = iconv_open("UTF-8", "LATIN1");
  char *copy = strdup(path); // CHECK-DAG: [[@LINE]]:16: remark: strdup(...) does not escape: can use a stack buffer of 32 bytes, heap above (size is not a compile-time constant) [site {{[0-9a-f]{16}\]}}
  int s = copy[0] + (f != NULL) + (m != NULL) + (d != NULL) + (cd != (iconv_t)-1);
  free(copy);
  return s;
}
