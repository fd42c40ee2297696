/* A wrapper the plugin cannot recognise on its own (it records every
 * pointer it hands out), named by the user instead: ALLOCSITE_WRAPPERS. */
#include <stdlib.h>

void *last_handed_out;

void *tracked_alloc(size_t n) {
  void *p = malloc(n); // EXPECT: objects=0 bytes=0
  last_handed_out = p;
  return p;
}
