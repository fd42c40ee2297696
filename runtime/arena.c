/*
 * arena.c - a bump allocator over mmap for the runtime's own bookkeeping.
 *
 * The runtime observes the program's allocator, so it must never call it:
 * a malloc from inside the runtime would be counted (or, once the allocator
 * is interposed, recurse).  Bookkeeping is small and lives until exit, so
 * chunks are never returned.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "rt_internal.h"

#define ARENA_CHUNK (64 * 1024)

static pthread_mutex_t arena_lock = PTHREAD_MUTEX_INITIALIZER;
static char *arena_next;
static size_t arena_left;

void *rt_arena_alloc(size_t size) {
  size = (size + 15) & ~(size_t)15;
  pthread_mutex_lock(&arena_lock);
  if (size > arena_left) {
    size_t chunk = size > ARENA_CHUNK ? size : ARENA_CHUNK;
    void *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      pthread_mutex_unlock(&arena_lock);
      return NULL;
    }
    arena_next = p;
    arena_left = chunk;
  }
  void *result = arena_next;
  arena_next += size;
  arena_left -= size;
  pthread_mutex_unlock(&arena_lock);
  return result;
}

const char *rt_arena_strdup(const char *s) {
  if (!s)
    return NULL;
  size_t n = strlen(s) + 1;
  char *copy = rt_arena_alloc(n);
  if (copy)
    memcpy(copy, s, n);
  return copy;
}

void rt_arena_lock(void) { pthread_mutex_lock(&arena_lock); }
void rt_arena_unlock(void) { pthread_mutex_unlock(&arena_lock); }
