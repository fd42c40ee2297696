// The program of attribute_two_files.test, libraries.test and lto.test: ten
// calls of xmalloc (declared with __attribute__((malloc, alloc_size(1))) in
// xmalloc.h, defined in xmalloc.c) and three through a function pointer.
#include <stdio.h>
#include "xmalloc.h"

void *keep[13];

int main(void) {
  for (int i = 0; i < 10; i++)
    keep[i] = xmalloc(16); // EXPECT: objects=10 bytes=160
  for (int i = 10; i < 13; i++)
    keep[i] = xmalloc_pointer(8);
  int n = 0;
  for (int i = 0; i < 13; i++)
    n += keep[i] != 0;
  printf("kept %d\n", n);
  return 0;
}
