/* Helpers of whole_program.test, in their own file.  Kept out of line, so
 * that the whole-program verdicts must come from their bodies, not from
 * inlining. */
#include <stdio.h>
#include <stdlib.h>
#include "helpers.h"

/* An allocation wrapper: returns what malloc returned, or exits.  Each of
 * its calls is a site at the caller's line when the program is judged
 * whole; in a per-file build its calls are unknown calls and this malloc
 * counts everything. */
__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = malloc(n); // EXPECT: objects=0 bytes=0
  if (!p) {
    fputs("out of memory\n", stderr);
    exit(1);
  }
  return p;
}

/* Reads its argument and keeps nothing. */
__attribute__((noinline)) unsigned checksum(const char *p, size_t n) {
  unsigned sum = 0;
  for (size_t i = 0; i < n; i++)
    sum = sum * 31 + (unsigned char)p[i];
  return sum;
}

/* Keeps its argument for ever. */
static const char *volatile kept;
__attribute__((noinline)) void keep(const char *p) {
  kept = p;
}
