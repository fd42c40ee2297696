/*
 * compare-heap-to-stack.c - checks allocsite's verdicts against LLVM's own
 * heap-to-stack conversion (the Attributor's HeapToStack).
 *
 * Usage: compare-heap-to-stack LABEL PLAIN.txt ATTRIBUTOR.txt
 *
 * Both files hold clang's remarks (stderr) from compiling the same sources
 * with the allocsite plugin and -Rpass=allocsite -Rpass-analysis=allocsite;
 * ATTRIBUTOR.txt with `-mllvm -attributor-enable=module` as well.  A site
 * present in PLAIN but gone from ATTRIBUTOR is one the Attributor moved to
 * the stack (the Attributor emits no remark for it in clang's pipeline).
 * Every such site must be one allocsite judges promotable: allocsite may be
 * more precise than the Attributor, never less.  Prints one table row
 *   LABEL | sites | converted by Attributor | promotable by allocsite | both | Attributor only
 * then each Attributor-only site.  The test that runs it lists the expected
 * ones with the reason allocsite disagrees, so any new one fails it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

struct locations {
  char **items;
  size_t count, cap;
};

static void add(struct locations *set, const char *loc, size_t len) {
  for (size_t i = 0; i < set->count; i++)
    if (strlen(set->items[i]) == len && strncmp(set->items[i], loc, len) == 0)
      return;
  if (set->count == set->cap) {
    set->cap = set->cap ? 2 * set->cap : 64;
    set->items = tu_xrealloc(set->items, set->cap * sizeof *set->items);
  }
  set->items[set->count] = tu_xstrndup(loc, len);
  set->count++;
}

static int contains(const struct locations *set, const char *loc) {
  for (size_t i = 0; i < set->count; i++)
    if (strcmp(set->items[i], loc) == 0)
      return 1;
  return 0;
}

/* Collects the FILE:LINE:COL of every site remark, and of every promotable one. */
static void read_remarks(const char *path, struct locations *sites, struct locations *promotable) {
  FILE *in = fopen(path, "r");
  if (!in)
    tu_die("cannot open '%s'", path);
  char line[8192];
  while (fgets(line, sizeof line, in)) {
    const char *mark = strstr(line, ": remark: ");
    if (!mark)
      continue;
    size_t len = (size_t)(mark - line);
    if (strstr(mark, ": remark: heap allocation site "))
      add(sites, line, len);
    else if (promotable && strstr(mark, " does not escape: can be stack-allocated"))
      add(promotable, line, len);
  }
  fclose(in);
}

int main(int argc, char **argv) {
  tu_init("compare-heap-to-stack");
  if (argc != 4) {
    fprintf(stderr, "usage: compare-heap-to-stack LABEL PLAIN.txt ATTRIBUTOR.txt\n");
    return 2;
  }
  struct locations plain = {0}, promotable = {0}, remaining = {0};
  read_remarks(argv[2], &plain, &promotable);
  read_remarks(argv[3], &remaining, NULL);

  size_t converted = 0, both = 0, attributor_only = 0;
  for (size_t i = 0; i < plain.count; i++) {
    if (contains(&remaining, plain.items[i]))
      continue;
    converted++;
    if (contains(&promotable, plain.items[i]))
      both++;
    else
      attributor_only++;
  }
  printf("| %s | %zu | %zu | %zu | %zu | %zu |\n", argv[1], plain.count, converted,
         promotable.count, both, attributor_only);
  for (size_t i = 0; i < plain.count; i++)
    if (!contains(&remaining, plain.items[i]) && !contains(&promotable, plain.items[i]))
      printf("moved to the stack by the Attributor but not promotable for allocsite: %s\n",
             plain.items[i]);
  return 0;
}
