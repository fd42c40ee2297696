/*
 * promotion-diff.c - differential test of allocsite's stack promotion.
 *
 * Usage: promotion-diff [OPTIONS] [--args "ARGS"] [--stdin FILE] SOURCE...
 *   --clang C --clangxx CXX       the plain compilers
 *   --cc W --cxx WXX              allocsite-cc / allocsite-c++
 *   --work DIR                    where binaries and outputs go
 *   --levels "-O0 -O2"            optimisation levels (default: -O0 -O2)
 *   --asan                        also build the promoted program with
 *                                 AddressSanitizer and run it with
 *                                 detect_stack_use_after_return=1 and
 *                                 allocator_may_return_null=1 (an allocation
 *                                 too large fails as in the plain build)
 *   --cflags "FLAGS"              extra compile flags for what follows
 *   --args "ARGS", --stdin FILE   how to run the programs that follow
 *
 * Each SOURCE (.c, or .cpp for C++) is compiled at each level three ways -
 * plain clang, instrumented (allocsite-cc), promoted (allocsite-cc
 * --promote) - plus promoted under ASan with --asan, and every build is run.
 * Standard output and exit status must equal the plain build's; the ASan
 * build must not report anything (a promoted object used after its frame
 * died is a stack-use-after-return or -scope).  Prints one line per source
 * and level with the number of sites promoted there, then a summary; exits
 * 1 if anything differed or failed, 2 on usage errors.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char *clang_c = "clang", *clang_cxx = "clang++", *wrap_c, *wrap_cxx;
static const char *work = ".", *levels = "-O0 -O2", *cflags = "", *run_args = "", *stdin_file =
                                                                                  "/dev/null";
static int asan;
static int failures, builds, promoted_total;

/* The file's contents, or "" when it cannot be read. */
static char *slurp(const char *path) {
  char *text = tu_read_file(path);
  return text ? text : tu_xstrdup("");
}

static int count_substring(const char *text, const char *needle) {
  int n = 0;
  for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
    n++;
  return n;
}

struct result {
  int built, status;
  char *out;
};

/* Compiles SRC with COMPILER EXTRA at LEVEL into WORK/TAG, runs it, and
 * returns its output and status (built = 0 if the compile failed). */
static struct result build_and_run(const char *name, const char *src, const char *tag,
                                   const char *compiler, const char *extra, const char *level,
                                   const char *asan_options, int *promoted) {
  struct result r = {0, -1, NULL};
  char *bin = tu_format("%s/%s.%s%s", work, name, tag, level);
  char *log = tu_format("%s.compile.txt", bin);
  /* The compiler, level, extra flags and cflags are split at spaces, as
   * the shell split them when this was a system() command line. */
  struct tu_argv cc = {0};
  tu_argv_add_words(&cc, compiler);
  tu_argv_add_words(&cc, level);
  tu_argv_add_words(&cc, "-g -w");
  tu_argv_add_words(&cc, extra);
  tu_argv_add_words(&cc, cflags);
  tu_argv_add_words(&cc, "-fno-caret-diagnostics -Rpass=allocsite");
  tu_argv_add(&cc, src);
  tu_argv_add(&cc, "-o");
  tu_argv_add(&cc, bin);
  tu_argv_add(&cc, "-lm");
  builds++;
  if (tu_run(cc.argv, &(struct tu_run_options){.err = log}, NULL) != 0) {
    char *text = slurp(log);
    fprintf(stderr, "FAIL %s %s %s: compile failed:", name, level, tag);
    for (size_t i = 0; i < cc.argc; i++)
      fprintf(stderr, " %s", cc.argv[i]);
    fprintf(stderr, "\n%s", text);
    free(text);
    failures++;
    tu_argv_free(&cc);
    free(bin);
    free(log);
    return r;
  }
  tu_argv_free(&cc);
  if (promoted) {
    char *text = slurp(log);
    /* Promoted sites, and sites promoted if small (a stack buffer). */
    *promoted = count_substring(text, "promoted to stack") +
                count_substring(text, "promoted to a stack buffer");
    free(text);
  }
  char *out = tu_format("%s.out", bin), *err = tu_format("%s.err", bin);
  struct tu_argv program = {0};
  tu_argv_add(&program, bin);
  tu_argv_add_words(&program, run_args);
  const char *env[] = {"ALLOCSITE_OUT=off", asan_options, NULL};
  r.built = 1;
  r.status = tu_run(program.argv,
                    &(struct tu_run_options){.in = stdin_file, .out = out, .err = err, .env = env},
                    NULL);
  r.out = slurp(out);
  tu_argv_free(&program);
  free(out);
  free(err);
  free(bin);
  free(log);
  return r;
}

static void compare(const char *name, const char *level, const char *tag, struct result *plain,
                    struct result *other) {
  if (!other->built)
    return;
  if (other->status != plain->status || strcmp(other->out, plain->out) != 0) {
    fprintf(stderr, "FAIL %s %s %s: differs from plain (exit %d vs %d); see %s/%s.%s%s.out\n",
            name, level, tag, other->status, plain->status, work, name, tag, level);
    failures++;
  }
}

static void test_source(const char *src) {
  const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
  size_t len = strlen(base);
  int cxx = len > 4 && strcmp(base + len - 4, ".cpp") == 0;
  char name[256];
  const char *dot = strchr(base, '.');
  snprintf(name, sizeof name, "%.*s", (int)(dot ? (size_t)(dot - base) : len), base);
  const char *plain_cc = cxx ? clang_cxx : clang_c, *wrap = cxx ? wrap_cxx : wrap_c;

  char levels_copy[256];
  snprintf(levels_copy, sizeof levels_copy, "%s", levels);
  for (char *save, *level = strtok_r(levels_copy, " ", &save); level;
       level = strtok_r(NULL, " ", &save)) {
    int promoted = 0;
    struct result plain = build_and_run(name, src, "plain", plain_cc, "", level, NULL, NULL);
    if (!plain.built)
      continue;
    struct result inst = build_and_run(name, src, "instrumented", wrap, "", level, NULL, NULL);
    struct result prom =
        build_and_run(name, src, "promoted", wrap, "--promote", level, NULL, &promoted);
    compare(name, level, "instrumented", &plain, &inst);
    compare(name, level, "promoted", &plain, &prom);
    promoted_total += promoted;
    const char *asan_state = "";
    if (asan) {
      struct result san = build_and_run(
          name, src, "promoted-asan", wrap, "--promote -fsanitize=address -fno-omit-frame-pointer",
          level, "ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0:allocator_may_return_null=1", NULL);
      compare(name, level, "promoted-asan", &plain, &san);
      asan_state = san.built && san.status == plain.status ? ", asan clean" : ", ASAN FAILED";
      free(san.out);
    }
    printf("%-40s %s  %2d promoted%s\n", name, level, promoted, asan_state);
    free(plain.out);
    free(inst.out);
    free(prom.out);
  }
}

static void usage(void) {
  fprintf(stderr, "usage: promotion-diff --clang C --clangxx CXX --cc W --cxx WXX --work DIR "
                  "[--levels L] [--asan] [--cflags F] [--args A] [--stdin FILE] SOURCE...\n");
  exit(2);
}

int main(int argc, char **argv) {
  tu_init("promotion-diff");
  int sources = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    static const struct {
      const char *name;
      const char **value;
    } options[] = {{"--clang", &clang_c},   {"--clangxx", &clang_cxx}, {"--cc", &wrap_c},
                   {"--cxx", &wrap_cxx},    {"--work", &work},         {"--levels", &levels},
                   {"--cflags", &cflags},   {"--args", &run_args},     {"--stdin", &stdin_file}};
    const char **value = NULL;
    for (size_t k = 0; k < sizeof options / sizeof *options; k++)
      if (strcmp(a, options[k].name) == 0)
        value = options[k].value;
    if (value) {
      if (++i >= argc)
        usage();
      *value = argv[i];
    } else if (strcmp(a, "--asan") == 0) {
      asan = 1;
    } else if (a[0] == '-') {
      usage();
    } else {
      if (!wrap_c || !wrap_cxx)
        usage();
      fflush(stdout);
      test_source(a);
      sources++;
    }
  }
  if (!sources)
    usage();
  printf("%d sources, %d builds, %d promoted sites: %s\n", sources, builds, promoted_total,
         failures ? "FAILED" : "all outputs identical");
  return failures ? 1 : 0;
}
