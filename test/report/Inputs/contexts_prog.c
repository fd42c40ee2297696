/* Writes an allocsite report with "heap" and "contexts" whose frames are
 * real return addresses into this program, so that allocsite-report's
 * symbolization, --skip-wrappers, --cum and pprof export are tested against
 * what llvm-symbolizer really says about a real binary (until the runtime
 * writes these sections itself).  counted_malloc stands in for the
 * runtime's interposed malloc and records the three return addresses above
 * it; built at -O0 (frame pointers, so __builtin_return_address(1) and (2)
 * work) and make_name is always_inline, so one frame expands to two.
 * Usage: contexts_prog OUT.json.  Line numbers are checked by the tests. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEPTH 3
struct stack {
  void *frames[DEPTH];
  unsigned long objects, bytes;
};
static struct stack stacks[8];
static int num_stacks;

static void record(void *f0, void *f1, void *f2, size_t n) {
  void *frames[DEPTH] = {f0, f1, f2};
  int i = 0;
  while (i < num_stacks && memcmp(stacks[i].frames, frames, sizeof frames) != 0)
    i++;
  if (i == num_stacks)
    memcpy(stacks[num_stacks++].frames, frames, sizeof frames);
  stacks[i].objects++;
  stacks[i].bytes += n;
}

__attribute__((noinline)) void *counted_malloc(size_t n) {
  record(__builtin_return_address(0), __builtin_return_address(1), __builtin_return_address(2), n);
  return malloc(n);
}

__attribute__((noinline)) void *xmalloc(size_t n) {
  void *p = counted_malloc(n); /* line 44 */
  if (!p)
    abort();
  return p;
}

static inline __attribute__((always_inline)) char *make_name(void) {
  return xmalloc(16); /* line 51 */
}

__attribute__((noinline)) char *new_node(void) {
  return make_name(); /* line 55 */
}

__attribute__((noinline)) void *direct(void) {
  return counted_malloc(8); /* line 59 */
}

static uintptr_t main_base;
static int first_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  main_base = info->dlpi_addr; /* the first object is the executable */
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  for (int i = 0; i < 5; i++)
    free(new_node()); /* line 74 */
  for (int i = 0; i < 3; i++)
    free(direct()); /* line 76 */

  dl_iterate_phdr(first_object, NULL);
  char exe[PATH_MAX];
  if (!realpath("/proc/self/exe", exe))
    return 1;
  FILE *out = fopen(argv[1], "w");
  if (!out)
    return 1;
  /* One more allocation "dropped" (the runtime's table full): 9 in all. */
  fprintf(out,
          "{\"format\": \"allocsite\", \"version\": 2, \"program\": \"%s\", \"pid\": 1,\n"
          " \"sites\": [], \"totals\": {\"objects\": 0, \"bytes\": 0},\n"
          " \"heap\": {\"interposed\": true, \"objects\": 9, \"bytes\": 204,\n"
          "          \"by_function\": [{\"function\": \"malloc\", \"objects\": 9, \"bytes\": 204}]},\n"
          " \"contexts\": {\"depth\": %d, \"modules\": [{\"path\": \"%s\", \"build_id\": null}],\n"
          "  \"stacks\": [\n",
          exe, DEPTH, exe);
  Dl_info self;
  if (!dladdr((void *)main, &self))
    return 1;
  for (int i = 0; i < num_stacks; i++) {
    fprintf(out, "   {\"function\": \"malloc\", \"objects\": %lu, \"bytes\": %lu, \"frames\": [",
            stacks[i].objects, stacks[i].bytes);
    for (int k = 0; k < DEPTH; k++) {
      Dl_info dl;
      uintptr_t a = (uintptr_t)stacks[i].frames[k];
      /* Frames outside the executable (libc's, which calls main) are
       * given as unknown modules with their absolute address. */
      int in_main = dladdr(stacks[i].frames[k], &dl) && dl.dli_fbase == self.dli_fbase;
      fprintf(out, "%s{\"module\": %d, \"offset\": \"0x%lx\"}", k ? ", " : "", in_main ? 0 : -1,
              (unsigned long)(in_main ? a - main_base : a));
    }
    fprintf(out, "]}%s\n", i + 1 < num_stacks ? "," : "");
  }
  fprintf(out, "  ],\n  \"dropped\": {\"objects\": 1, \"bytes\": 100}}}\n");
  return fclose(out) != 0;
}
