// A program's own malloc family (a bump allocator), built without the
// plugin as a statically linked allocator would be.
#include <errno.h>
#include <stddef.h>
#include <string.h>

static _Alignas(16) unsigned char arena[1 << 20];
static size_t used;
static int own_allocator_served;
/* A function, not the variable: the optimiser assumes malloc changes no
 * global of the program, so it would fold a read of the counter. */
int own_allocator_count(void) { return own_allocator_served; }

void *malloc(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (used + n > sizeof arena) {
    errno = ENOMEM;
    return NULL;
  }
  void *p = arena + used;
  used += n;
  own_allocator_served++;
  return p;
}
void free(void *p) { (void)p; }
void *calloc(size_t n, size_t size) {
  void *p = malloc(n * size);
  if (p)
    memset(p, 0, n * size);
  return p;
}
void *realloc(void *old, size_t n) {
  void *p = malloc(n);
  if (p && old)
    memcpy(p, old, n); /* the arena is contiguous: reading past old is safe */
  return p;
}
