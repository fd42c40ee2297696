// The second translation unit of lto.c and lto_elided.c; at link time
// (-flto, -flto=thin) these small functions are inlined into main's TU.
#include <stdlib.h>
#include <string.h>

void *make_block(size_t n) {
  return malloc(n); // EXPECT: objects=150 bytes=4800
}

char *copy_name(const char *s) {
  return strdup(s); // EXPECT: objects=10 bytes=60
}

void release(void *p) { free(p); }
