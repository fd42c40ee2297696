/* The wrapper's definition, in its own file.  Not a "pure" wrapper to the
 * plugin (its size is n ? n : 1, and it aborts), so what it allocates
 * inside is an ordinary site of this file: it must count only what no
 * instrumented call of xmalloc counted (the calls through the pointer). */
#include <stdio.h>
#include <stdlib.h>
#include "xmalloc.h"

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1); // EXPECT: objects=3 bytes=24
  if (!p)
    abort();
  return p;
}

void *(*xmalloc_pointer)(size_t) = xmalloc;
