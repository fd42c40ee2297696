/* Another translation unit, with sites of its own, none of which a report
 * of sizes.c has (../profile_use.test: the warning for such a profile). */
#include <stdlib.h>
#include <string.h>

unsigned other(size_t n) {
  char *p = malloc(n);
  memset(p, 1, n);
  unsigned s = (unsigned)p[0];
  free(p);
  return s;
}
