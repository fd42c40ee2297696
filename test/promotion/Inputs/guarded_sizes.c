/* Sites promoted if small (stack buffer of 32 bytes, the default), called
 * with sizes on both sides of the buffer: K-1, K, K+1 and far above; calloc
 * whose product fits, does not, and overflows; strdup and strndup of local
 * strings; a per-iteration object in a loop whose size crosses K; frees
 * through a free wrapper and through a merged pointer that may be null; a
 * realloc of such a block (moving it to the heap).  Every object is written
 * and read whole, so AddressSanitizer sees any overrun of the buffer.
 * Prints checksums only: the output must not depend on where an object
 * lives.  Used by promote_if_small.test (exact counts) and
 * differential_quick.test (plain = instrumented = promoted, ASan). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t sizes[] = {31, 32, 33, 1000};

__attribute__((noinline)) static void xfree(void *p) {
  if (p)
    free(p);
}

__attribute__((noinline)) long sum_copy(const char *src, size_t n) {
  char *p = malloc(n); /* site sum_copy */
  memcpy(p, src, n);
  long s = 0;
  for (size_t i = 0; i < n; i++)
    s += p[i] * (long)(i + 1);
  free(p);
  return s;
}

__attribute__((noinline)) long zeroed(size_t n, size_t m) {
  long *a = calloc(n, m); /* site zeroed */
  if (!a)
    return -1;
  long s = 0;
  for (size_t i = 0; i < n * m / sizeof(long); i++)
    s += a[i] + (long)i;
  a[0] = s;
  s += a[0];
  xfree(a);
  return s;
}

__attribute__((noinline)) int dup_len(int k) {
  char name[64];
  memset(name, 'a' + k % 26, (size_t)k);
  name[k] = 0;
  char *d = strdup(name); /* site dup_len */
  int r = (int)strlen(d) + d[0] + d[k];
  free(d);
  return r;
}

__attribute__((noinline)) int dup_prefix(const char *s, size_t n) {
  char *d = strndup(s, n); /* site dup_prefix */
  int r = (int)strlen(d) * 3 + d[0];
  free(d);
  return r;
}

__attribute__((noinline)) long words(int count) {
  long t = 0;
  for (int k = 0; k < count; k++) {
    size_t n = 20 + (size_t)k * 4;
    char *w = malloc(n); /* site words */
    memset(w, k + 1, n);
    t += w[n - 1] + w[0];
    free(w);
  }
  return t;
}

/* free(c ? p : NULL): the free may free nothing, and p is used after it
 * only when it did not. */
__attribute__((noinline)) long maybe_freed(size_t n, int c) {
  char *p = malloc(n); /* site maybe_freed */
  memset(p, 7, n);
  long s = p[n - 1];
  free(c ? p : NULL);
  if (!c) {
    s += p[0];
    free(p);
  }
  return s;
}

__attribute__((noinline)) size_t grown(const char *s, size_t n) {
  char *p = malloc(n); /* site grown */
  memcpy(p, s, n);
  char *q = realloc(p, 2 * n); /* site grown_realloc */
  memcpy(q + n, s, n);
  size_t r = (size_t)q[2 * n - 1] + n;
  free(q);
  return r;
}

int main(void) {
  char text[2048];
  for (size_t i = 0; i < sizeof text; i++)
    text[i] = (char)('a' + i % 26);
  long total = 0;
  for (int i = 0; i < 4; i++)
    total += sum_copy(text, sizes[i]);
  total += zeroed(4, 8) + zeroed(5, 8) + zeroed((size_t)-1 / 2, sizes[0]);
  total += dup_len(31) + dup_len(32);
  total += dup_prefix(text, 10) + dup_prefix(text, 40);
  total += words(5);
  total += maybe_freed(sizes[0], 1) + maybe_freed(sizes[0], 0) + maybe_freed(sizes[3], 1);
  total += (long)grown(text, sizes[0]);
  printf("total %ld\n", total);
  return 0;
}
