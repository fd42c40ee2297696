/*
 * person_json.c - the workload of the Go walkthrough that started allocsite,
 * in C: each "operation" serialises 1000 people to small JSON strings and
 * copies them into one 100,000-byte scratch buffer.
 *
 * Ranked by bytes, the scratch buffer dominates; ranked by objects, the two
 * tiny allocations per person_to_json call do - 2,000 per operation against
 * one.  The allocator's cost follows the object count, which is why
 * allocsite-report ranks by objects by default.
 *
 * Usage: person_json [OPERATIONS]   (default 100)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct person {
  const char *name;
  int age;
};

#define PEOPLE_PER_OPERATION 1000
#define SCRATCH_BYTES 100000

/* Returns a malloc'd JSON object for p; the caller frees it. */
static char *person_to_json(const struct person *p) {
  char *name = strdup(p->name); /* a private copy, as a real encoder escapes into one */
  int len = snprintf(NULL, 0, "{\"name\":\"%s\",\"age\":%d}", name, p->age);
  char *json = malloc((size_t)len + 1);
  snprintf(json, (size_t)len + 1, "{\"name\":\"%s\",\"age\":%d}", name, p->age);
  free(name);
  return json;
}

/* One operation; returns a checksum so the work cannot be optimised away. */
static unsigned long operation(void) {
  char *scratch = malloc(SCRATCH_BYTES);
  size_t used = 0;
  unsigned long checksum = 0;
  for (int i = 0; i < PEOPLE_PER_OPERATION; i++) {
    struct person p = {"eric", 12 + i % 50};
    char *json = person_to_json(&p);
    size_t n = strlen(json);
    if (used + n < SCRATCH_BYTES) {
      memcpy(scratch + used, json, n);
      used += n;
    }
    checksum = checksum * 31 + n;
    free(json);
  }
  checksum += (unsigned char)scratch[used / 2];
  free(scratch);
  return checksum;
}

int main(int argc, char **argv) {
  int operations = argc > 1 ? atoi(argv[1]) : 100;
  unsigned long checksum = 0;
  for (int op = 0; op < operations; op++)
    checksum += operation();
  printf("%d operations, checksum %lu\n", operations, checksum);
  return 0;
}
