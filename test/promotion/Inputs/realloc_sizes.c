/* Sites given to realloc, promoted (test/promotion/realloc_moves.test):
 * each realloc moves the object to the heap.  resize's first size is not
 * constant (a 32-byte stack buffer serves sizes up to 32), grow's is (a
 * stack slot of 16 bytes); both are resized to larger and smaller sizes
 * and to 0, which glibc answers by freeing the block and returning NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not constants: the optimiser must not fold the sizes. */
size_t firsts[] = {31, 32, 33, 31, 33, 31, 33};
size_t seconds[] = {100, 100, 100, 0, 0, 16, 16};

__attribute__((noinline)) long resize(size_t n, size_t m) {
  char *p = malloc(n); /* site resize */
  for (size_t i = 0; i < n; i++)
    p[i] = (char)('a' + i % 26);
  char *q = realloc(p, m); /* site resize_realloc */
  if (!q)
    return -1; /* m == 0: p was freed */
  size_t keep = n < m ? n : m;
  long s = 0;
  for (size_t i = 0; i < keep; i++)
    s += q[i] * (long)(i + 1);
  for (size_t i = keep; i < m; i++)
    q[i] = 1;
  for (size_t i = keep; i < m; i++)
    s += q[i];
  free(q);
  return s;
}

/* The grow loop: doubled whenever full, freed after the loop. */
__attribute__((noinline)) long grow(int count) {
  size_t cap = 4, len = 0;
  int *a = malloc(cap * sizeof *a); /* site grow */
  for (int i = 0; i < count; i++) {
    if (len == cap) {
      cap *= 2;
      int *b = realloc(a, cap * sizeof *a); /* site grow_realloc */
      if (!b) {
        free(a);
        return -1;
      }
      a = b;
    }
    a[len++] = i * 3;
  }
  long s = 0;
  for (size_t i = 0; i < len; i++)
    s += a[i] * (long)(i + 1);
  free(a);
  return s;
}

/* A constant size resized to 0. */
__attribute__((noinline)) int to_zero(int k) {
  char *p = malloc(8); /* site to_zero */
  memset(p, k, 8);
  char *q = realloc(p, (size_t)(k - k)); /* site to_zero_realloc */
  return q == NULL ? p != NULL : q[0];
}

int main(void) {
  for (size_t i = 0; i < sizeof firsts / sizeof *firsts; i++)
    printf("resize(%zu, %zu) = %ld\n", firsts[i], seconds[i], resize(firsts[i], seconds[i]));
  int counts[] = {3, 4, 5, 20};
  for (int i = 0; i < 4; i++)
    printf("grow(%d) = %ld\n", counts[i], grow(counts[i]));
  printf("to_zero = %d\n", to_zero(7));
  return 0;
}
