#include <stdlib.h>
#include "levels.h"
unsigned long level_c_calls;
void *level_c(size_t n) {
  level_c_calls++;
  void *p = malloc(n ? n : 1); // EXPECT: objects=0 bytes=0
  if (!p)
    abort();
  return p;
}
