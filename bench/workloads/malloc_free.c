/*
 * malloc_free.c - the smallest allocation cost there is: malloc(32) and free
 * in a tight loop on one thread, N times (argv[1]).  The instrumentation's
 * per-allocation cost shows here undiluted.
 */
#include <stdio.h>
#include <stdlib.h>

static void *volatile sink; /* the pointer is observed: -O2 keeps the pair */

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  for (long i = 0; i < n; i++) {
    sink = malloc(32);
    free(sink);
  }
  printf("%ld allocations\n", n);
  return 0;
}
