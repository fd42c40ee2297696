/*
 * wordfreq.c - counts word frequencies in a text file with a chained hash
 * table that grows as it fills, then prints the most frequent words.
 *
 * A realistic small program for allocsite: one node and one string per
 * distinct word, a bucket array reallocated on growth, a line buffer grown
 * by getline, and a sort array at the end.
 *
 * Usage: wordfreq [FILE [TOP]]   (default /usr/share/common-licenses/GPL-3, 10)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
  char *word;
  unsigned long count;
  struct entry *next;
};

struct table {
  struct entry **buckets;
  size_t nbuckets;
  size_t nentries;
};

static unsigned long hash(const char *s) {
  unsigned long h = 5381;
  while (*s)
    h = h * 33 + (unsigned char)*s++;
  return h;
}

static void grow(struct table *t) {
  size_t n = t->nbuckets ? t->nbuckets * 2 : 64;
  struct entry **buckets = calloc(n, sizeof *buckets);
  for (size_t i = 0; i < t->nbuckets; i++) {
    for (struct entry *e = t->buckets[i], *next; e; e = next) {
      next = e->next;
      e->next = buckets[hash(e->word) % n];
      buckets[hash(e->word) % n] = e;
    }
  }
  free(t->buckets);
  t->buckets = buckets;
  t->nbuckets = n;
}

static void add_word(struct table *t, const char *word) {
  if (t->nentries >= t->nbuckets * 3 / 4)
    grow(t);
  struct entry **slot = &t->buckets[hash(word) % t->nbuckets];
  for (struct entry *e = *slot; e; e = e->next) {
    if (strcmp(e->word, word) == 0) {
      e->count++;
      return;
    }
  }
  struct entry *e = malloc(sizeof *e);
  e->word = strdup(word);
  e->count = 1;
  e->next = *slot;
  *slot = e;
  t->nentries++;
}

static int by_count(const void *a, const void *b) {
  const struct entry *x = *(const struct entry *const *)a, *y = *(const struct entry *const *)b;
  if (x->count != y->count)
    return x->count < y->count ? 1 : -1;
  return strcmp(x->word, y->word);
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/usr/share/common-licenses/GPL-3";
  int top = argc > 2 ? atoi(argv[2]) : 10;
  FILE *in = fopen(path, "r");
  if (!in) {
    perror(path);
    return 1;
  }
  struct table t = {0};
  char *line = NULL;
  size_t cap = 0;
  unsigned long words = 0;
  while (getline(&line, &cap, in) > 0) {
    for (char *p = line; *p;) {
      while (*p && !isalpha((unsigned char)*p))
        p++;
      char *start = p;
      while (isalpha((unsigned char)*p)) {
        *p = (char)tolower((unsigned char)*p);
        p++;
      }
      if (p == start)
        continue;
      char saved = *p;
      *p = '\0';
      add_word(&t, start);
      words++;
      *p = saved;
    }
  }
  free(line);
  fclose(in);

  struct entry **all = malloc(t.nentries * sizeof *all);
  size_t n = 0;
  for (size_t i = 0; i < t.nbuckets; i++)
    for (struct entry *e = t.buckets[i]; e; e = e->next)
      all[n++] = e;
  qsort(all, n, sizeof *all, by_count);
  printf("%lu words, %zu distinct\n", words, n);
  for (int i = 0; i < top && (size_t)i < n; i++)
    printf("%7lu %s\n", all[i]->count, all[i]->word);

  for (size_t i = 0; i < n; i++) {
    free(all[i]->word);
    free(all[i]);
  }
  free(all);
  free(t.buckets);
  return 0;
}
