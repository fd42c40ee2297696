/* The program of whole_program.test: allocations whose verdicts depend on
 * functions of another file (helpers.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

int main(int argc, char **argv) {
  (void)argv;
  size_t n = (size_t)argc + 15; /* 16 bytes: a size only known at run time */
  unsigned sum = 0;
  for (int i = 0; i < 100; i++) {
    char *tmp = xmalloc(n); // EXPECT: objects=100 bytes=1600
    memset(tmp, i, n);
    sum += checksum(tmp, n);
    free(tmp);
  }
  for (int i = 0; i < 10; i++) {
    char *buf = malloc(24); // EXPECT: objects=10 bytes=240
    memset(buf, i, 24);
    sum += checksum(buf, 24);
    free(buf);
  }
  char *name = xmalloc(n); // EXPECT: objects=1 bytes=16
  strcpy(name, "allocsite");
  keep(name);
  printf("sum %u\n", sum);
  return 0;
}
