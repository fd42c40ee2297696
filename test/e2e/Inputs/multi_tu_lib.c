// Second translation unit of multi_tu.c (compiled and checked by it).
#include <stdlib.h>
#include <string.h>

void *volatile lib_sink;

void lib_alloc(int n) {
  for (int i = 0; i < n; i++) {
    void *p = malloc(24); // EXPECT: objects=5000 bytes=120000
    lib_sink = p;
    free(p);
  }
}

char *lib_copy(const char *s) {
  return strdup(s); // EXPECT: objects=2 bytes=12
}
