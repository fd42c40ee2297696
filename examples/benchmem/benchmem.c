/*
 * benchmem.c - allocations per operation, the first step of the Go
 * walkthrough that started allocsite (`go test -bench . -benchmem`), for a
 * hand-written C benchmark: allocsite_benchmem.h prints Go's line.
 *
 * The operations are person_json's: serialising one person makes two tiny
 * allocations (its name's copy, 5 bytes, and the JSON, 25 bytes); the
 * scratch buffer is one allocation of 100,000 bytes.  Ranked by bytes the
 * buffer dominates; per operation, the tiny ones are what the allocator
 * spends its time on.  Built with `allocsite-cc -O2 --promote`, the two
 * tiny allocations move to stack buffers and the first line says 0 allocs/op.
 *
 * Usage: benchmem [OPERATIONS]   (default 100000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <allocsite_benchmem.h>

struct person {
  const char *name;
  int age;
};

/* Returns a malloc'd JSON object for p; the caller frees it. */
static char *person_to_json(const struct person *p) {
  char *name = strdup(p->name);
  int len = snprintf(NULL, 0, "{\"name\":\"%s\",\"age\":%d}", name, p->age);
  char *json = malloc((size_t)len + 1);
  snprintf(json, (size_t)len + 1, "{\"name\":\"%s\",\"age\":%d}", name, p->age);
  free(name);
  return json;
}

static unsigned long checksum;

static void serialise_one(int i) {
  struct person p = {"eric", 10 + i % 90};
  char *json = person_to_json(&p);
  checksum += strlen(json);
  free(json);
}

static void fill_scratch(int i) {
  char *scratch = malloc(100000);
  memset(scratch, i, 100000);
  checksum += (unsigned char)scratch[i % 100000];
  free(scratch);
}

int main(int argc, char **argv) {
  long ops = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
  ALLOCSITE_BENCHMEM("BenchmarkPersonToJSON", ops, serialise_one((int)allocsite_op));
  ALLOCSITE_BENCHMEM("BenchmarkScratch", ops / 100, fill_scratch((int)allocsite_op));
  printf("checksum %lu\n", checksum);
  return 0;
}
