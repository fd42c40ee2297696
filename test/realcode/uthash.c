// Real code: Debian's uthash.h (its macros allocate the hash table, buckets
// and bloom filter with uthash_malloc = malloc, from the program's own
// functions), with items and their strings malloc'd by the program.  The
// report's totals must equal what count_shim.so counts on its own, exactly.
//
// REQUIRES: uthash
// RUN: %allocsite-cc -O0 -g %s -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim %t.O0.heap
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --totals-from %t.O0.shim --heap-from %t.O0.heap --min-objects 101 %t.O0.json
//
// RUN: %allocsite-cc -O2 -g %s -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim %t.O2.heap
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --totals-from %t.O2.shim --heap-from %t.O2.heap --min-objects 101 %t.O2.json
//
// CHECK: users 3000, found 1234 user-1234, missing 0
// CHECK-NEXT: after delete 2000, sorted first 1 last 2999
// CHECK-NEXT: words 700
// CHECK-NEXT: empty
#define HASH_BLOOM 16 // the bloom filter is one more uthash_malloc
#include <uthash.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct user {
  int id;
  char *name;
  UT_hash_handle hh;
};

struct word {
  char *text; // the key: a malloc'd string
  int count;
  UT_hash_handle hh;
};

static int by_id(const struct user *a, const struct user *b) { return a->id - b->id; }

int main(void) {
  struct user *users = NULL;
  char buf[64];
  for (int i = 2999; i >= 0; i--) {
    struct user *u = malloc(sizeof *u);
    u->id = i;
    snprintf(buf, sizeof buf, "user-%d", i);
    u->name = strdup(buf);
    HASH_ADD_INT(users, id, u);
  }
  int key = 1234, absent = 5000;
  struct user *found, *missing;
  HASH_FIND_INT(users, &key, found);
  HASH_FIND_INT(users, &absent, missing);
  printf("users %u, found %d %s, missing %d\n", HASH_COUNT(users), found->id, found->name,
         missing != NULL);

  struct user *u, *tmp;
  HASH_ITER(hh, users, u, tmp) {
    if (u->id % 3 == 0) {
      HASH_DEL(users, u);
      free(u->name);
      free(u);
    }
  }
  HASH_SORT(users, by_id);
  struct user *last = NULL;
  for (u = users; u; u = u->hh.next)
    last = u;
  printf("after delete %u, sorted first %d last %d\n", HASH_COUNT(users), users->id, last->id);

  // String keys: count word occurrences.
  struct word *words = NULL;
  for (int i = 0; i < 5000; i++) {
    snprintf(buf, sizeof buf, "w%d", (i * 7919) % 700);
    struct word *w;
    HASH_FIND_STR(words, buf, w);
    if (!w) {
      w = calloc(1, sizeof *w);
      w->text = strndup(buf, sizeof buf);
      HASH_ADD_KEYPTR(hh, words, w->text, strlen(w->text), w);
    }
    w->count++;
  }
  printf("words %u\n", HASH_COUNT(words));

  struct word *w, *wtmp;
  HASH_ITER(hh, words, w, wtmp) {
    HASH_DEL(words, w);
    free(w->text);
    free(w);
  }
  HASH_ITER(hh, users, u, tmp) {
    HASH_DEL(users, u);
    free(u->name);
    free(u);
  }
  puts(users == NULL && words == NULL ? "empty" : "not empty");
  return 0;
}
