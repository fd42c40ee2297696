/* A pool allocator, the kind real servers link in: pool_alloc hands out
 * pieces of 4096-byte chunks it gets from malloc.  Declared as an
 * allocator (pool.h), so each call is a site of its caller; the chunks are
 * heap blocks made inside those calls. */
#include <stdlib.h>
#include "pool.h"

#define CHUNK 4096

unsigned long pool_calls, pool_chunks;
static char *chunk;
static size_t used = CHUNK;

void *pool_alloc(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n > CHUNK)
    return NULL;
  if (used + n > CHUNK) {
    chunk = malloc(CHUNK); // EXPECT: objects=0 bytes=0
    if (!chunk)
      return NULL;
    pool_chunks++;
    used = 0;
  }
  pool_calls++;
  used += n;
  return chunk + used - n;
}
