/*
 * lua_style.c - a benchmark workload in the style of Lua's allocator: every
 * allocation and free goes through one function (l_alloc) reached by a
 * function pointer in the interpreter state (g->frealloc), behind luaM_*
 * style macros.  Builds binary trees of small nodes with string names,
 * walks them, frees them; repeats.  Deterministic: prints a checksum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void *(*lua_Alloc)(void *ud, void *ptr, size_t osize, size_t nsize);

static void *l_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

struct global_State {
  lua_Alloc frealloc;
  void *ud;
};
/* Set at run time, as lua_newstate does. */
static struct global_State *volatile G;

#define luaM_new(n) G->frealloc(G->ud, NULL, 0, (n))
#define luaM_free(p, n) G->frealloc(G->ud, (p), (n), 0)

struct node {
  struct node *left, *right;
  char *name;
  long value;
};

static struct node *make(int depth, long value) {
  struct node *n = luaM_new(sizeof *n);
  n->value = value;
  char buf[32];
  int len = snprintf(buf, sizeof buf, "n%ld", value);
  n->name = luaM_new((size_t)len + 1);
  memcpy(n->name, buf, (size_t)len + 1);
  if (depth > 0) {
    n->left = make(depth - 1, 2 * value);
    n->right = make(depth - 1, 2 * value + 1);
  } else {
    n->left = n->right = NULL;
  }
  return n;
}

static long check(const struct node *n) {
  if (!n)
    return 0;
  long h = n->value;
  for (const char *c = n->name; *c; c++)
    h = h * 31 + *c;
  return h + check(n->left) - check(n->right);
}

static void drop(struct node *n) {
  if (!n)
    return;
  drop(n->left);
  drop(n->right);
  luaM_free(n->name, strlen(n->name) + 1);
  luaM_free(n, sizeof *n);
}

int main(int argc, char **argv) {
  static struct global_State g = {l_alloc, NULL};
  G = &g;
  int rounds = argc > 1 ? atoi(argv[1]) : 40;
  long total = 0;
  for (int i = 0; i < rounds; i++) {
    struct node *tree = make(14, 1);
    total += check(tree);
    drop(tree);
  }
  printf("%ld\n", total);
  return 0;
}
