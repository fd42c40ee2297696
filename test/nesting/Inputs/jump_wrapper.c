/* A wrapper that, like an interpreter's allocator (Lua's luaM_ functions),
 * jumps back to the caller's error handler instead of returning NULL: here
 * when asked for more than it allows, after allocating a scratch block. */
#include <setjmp.h>
#include <stdlib.h>
#include "jump_wrapper.h"

jmp_buf *error_handler;
static void *volatile scratch;

void *checked_alloc(size_t n) {
  scratch = malloc(8); // EXPECT: objects=0 bytes=0
  free(scratch);
  if (n > 4096)
    longjmp(*error_handler, 1);
  return malloc(n); // EXPECT: objects=0 bytes=0
}
