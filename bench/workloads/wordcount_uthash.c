/*
 * wordcount_uthash.c - word frequencies with uthash, per document: DOCS
 * documents (argv[1]) of 2000 words each, generated from a fixed seed over
 * a Zipf-like vocabulary, each counted in its own hash table (one entry and
 * one strdup'ed key per distinct word, plus uthash's buckets) that is
 * then ranked and freed.  Deterministic: the same text every run.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uthash.h>

#define WORDS_PER_DOC 2000
#define VOCABULARY 20000

struct entry {
  char *word;
  long count;
  UT_hash_handle hh;
};

static uint64_t state = 0x9e3779b97f4a7c15u;
static uint64_t next_random(void) { /* xorshift64: same sequence everywhere */
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

/* Word number k of the vocabulary, spelled from its digits in base 26. */
static void spell(unsigned k, char *out) {
  int n = 0;
  do {
    out[n++] = (char)('a' + k % 26);
    k /= 26;
  } while (k);
  out[n++] = "aeiou"[k % 5];
  out[n] = '\0';
}

static int by_count(struct entry *a, struct entry *b) {
  return a->count != b->count ? (a->count < b->count ? 1 : -1) : strcmp(a->word, b->word);
}

int main(int argc, char **argv) {
  long docs = argc > 1 ? atol(argv[1]) : 200;
  long checksum = 0;
  for (long d = 0; d < docs; d++) {
    struct entry *table = NULL;
    for (int w = 0; w < WORDS_PER_DOC; w++) {
      /* Zipf-like: small ranks are far more frequent. */
      uint64_t r = next_random();
      unsigned rank = (unsigned)((r % VOCABULARY) * ((r >> 32) % VOCABULARY) / VOCABULARY);
      char word[16];
      spell(rank, word);
      struct entry *e;
      HASH_FIND_STR(table, word, e);
      if (!e) {
        e = malloc(sizeof *e);
        e->word = strdup(word);
        e->count = 0;
        HASH_ADD_KEYPTR(hh, table, e->word, strlen(e->word), e);
      }
      e->count++;
    }
    HASH_SORT(table, by_count);
    checksum += table->count + (long)HASH_COUNT(table);
    struct entry *e, *tmp;
    HASH_ITER(hh, table, e, tmp) {
      HASH_DEL(table, e);
      free(e->word);
      free(e);
    }
  }
  printf("checksum %ld\n", checksum);
  return 0;
}
