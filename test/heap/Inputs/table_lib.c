// An uninstrumented shared library that allocates: built with plain clang,
// its allocations are invisible to per-site counting.
#include <stdlib.h>
#include <string.h>

struct entry {
  char *key;
  int value;
  struct entry *next;
};

struct table {
  struct entry *buckets[64];
};

struct table *table_new(void) { return calloc(1, sizeof(struct table)); }

void table_put(struct table *t, const char *key, int value) {
  unsigned h = 0;
  for (const char *c = key; *c; c++)
    h = h * 31 + (unsigned char)*c;
  struct entry *e = malloc(sizeof *e);
  e->key = strdup(key);
  e->value = value;
  e->next = t->buckets[h % 64];
  t->buckets[h % 64] = e;
}

void table_free(struct table *t) {
  for (int i = 0; i < 64; i++)
    while (t->buckets[i]) {
      struct entry *e = t->buckets[i];
      t->buckets[i] = e->next;
      free(e->key);
      free(e);
    }
  free(t);
}
