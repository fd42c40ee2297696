/* A small program that top_builds.test builds in two directories. */
#include <stdlib.h>

void *volatile sink;

int main(void) {
  for (int i = 0; i < 3; i++)
    sink = malloc(24);
  return 0;
}
