// Lua's pattern: every allocation goes through one allocator function
// reached by a function pointer in the interpreter's state (g->frealloc),
// behind luaM_* macros.  Only one call site in the program calls the C
// library (the realloc in l_alloc); the interposer still counts every
// allocation, and its count equals an independent LD_PRELOAD count exactly
// (run under the shim, the heap also holds the few allocations the dynamic
// linker makes for the shim itself, which the shim counts too).
// Output goes through write(2), so the C library allocates nothing itself
// and the heap count is exact: 3000 nodes of 24 bytes, 10 buffers grown
// 16 -> 32 -> 64 (each realloc is one allocation), 1 table of 4000 bytes.
//
// RUN: %cc_as -O0 -g %s %rt -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim.json %t.O0.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.json %t.O0 | FileCheck %s
// RUN: %check-expect --opt O0 %s %t.O0.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O0.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --heap-from %t.O0.heap %t.O0.shim.json
//
// RUN: %cc_as -O2 -g -fno-omit-frame-pointer %s %rt -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim.json %t.O2.heap
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.json %t.O2 | FileCheck %s
// RUN: %check-expect --opt O2 %s %t.O2.json
// RUN: env ALLOCSITE_DEPTH=8 ALLOCSITE_OUT=%t.O2.shim.json LD_PRELOAD=%count-shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --heap-from %t.O2.heap %t.O2.shim.json
//
// Everything goes through l_alloc, the one site; allocsite-report's default
// wrapper list knows Lua's allocator names (l_alloc, luaM_*), so the lines
// that asked for the memory come out on top.
// RUN: cd %S && %allocsite-report top --skip-wrappers %t.O0.json | FileCheck %s --check-prefix=TOP
// RUN: cd %S && %allocsite-report top --skip-wrappers %t.O2.json | FileCheck %s --check-prefix=TOP
// TOP: Total: 3031 objects, 77120 bytes in {{[0-9]+}} stacks (1 report), ranked by objects, by first caller outside allocator wrappers
// TOP-NEXT: objects objects% bytes bytes% avg location function
// TOP-NEXT: 3000 98.98% 72000 93.36% 24 function_pointer.c:81:20 newnode
// TOP-NEXT: 20 0.66% 960 1.24% 48 function_pointer.c:111:11 main
// TOP-NEXT: 10 0.33% 160 0.21% 16 function_pointer.c:109:15 main
// TOP-NEXT: 1 0.03% 4000 5.19% 4000 function_pointer.c:118:17 main
// TOP-NOT: {{.}}
//
// CHECK: sum=8997000 buffers=640 table=1000
//
// EXPECT-HEAP: objects=3031 bytes=77120
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef void *(*lua_Alloc)(void *ud, void *ptr, size_t osize, size_t nsize);

struct global_State {
  lua_Alloc frealloc;
  void *ud;
};

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize); // EXPECT: objects=3031 bytes=77120
}

/* volatile: the optimiser must not see through the pointer (Lua's is set
 * at run time by lua_newstate). */
static struct global_State *volatile G;

static void *luaM_realloc_(void *block, size_t osize, size_t nsize) {
  return G->frealloc(G->ud, block, osize, nsize);
}
#define luaM_new(n) luaM_realloc_(NULL, 0, (n))
#define luaM_free(b, n) luaM_realloc_((b), (n), 0)

struct node {
  long key;
  struct node *next;
  long value;
};

static struct node *newnode(long key) {
  struct node *n = luaM_new(sizeof *n);
  n->key = key;
  n->value = key * 2;
  n->next = NULL;
  return n;
}

int main(void) {
  static struct global_State g = {l_alloc, NULL};
  G = &g;

  struct node *list = NULL;
  for (long i = 0; i < 3000; i++) {
    struct node *n = newnode(i);
    n->next = list;
    list = n;
  }
  long sum = 0;
  while (list) {
    struct node *n = list;
    list = n->next;
    sum += n->value;
    luaM_free(n, sizeof *n);
  }

  size_t buffers = 0;
  for (int i = 0; i < 10; i++) {
    size_t size = 16;
    char *b = luaM_new(size);
    while (size < 64) {
      b = luaM_realloc_(b, size, size * 2);
      size *= 2;
    }
    buffers += size;
    luaM_free(b, size);
  }

  long *table = luaM_new(1000 * sizeof(long) / 2);
  luaM_free(table, 0);

  char line[128];
  int len = snprintf(line, sizeof line, "sum=%ld buffers=%zu table=%d\n", sum, buffers, 1000);
  if (write(1, line, (size_t)len) != len)
    return 1;
  return 0;
}
