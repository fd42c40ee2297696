/*
 * bench-realcode.c - allocsite's verdicts and stack promotion measured on
 * real C code: the stb/uthash programs of test/realcode and the code bases
 * test/realcode/fetch-sources.sh fetches (SQLite's amalgamation with
 * test/realcode/Inputs/sqlite_workload.c, the tree-sitter runtime and JSON
 * grammar with Inputs/tree_sitter_workload.c, built as it comes, where
 * it allocates through function pointers, and with ts_malloc and the rest
 * defined as the C library's functions).
 *
 * Usage: bench-realcode --cc ALLOCSITE_CC --clang CLANG --src SOURCE_ROOT
 *                       --fetched DIR --work DIR
 *
 * Each code base is built at -O2 three ways, side by side: plain clang,
 * `allocsite-cc` (instrumented) and `allocsite-cc --promote`, every
 * translation unit with its allocsite remarks saved as YAML
 * (-fsave-optimization-record).  From the instrumented build's records it
 * counts the sites judged and their verdicts (promotable, promotable if
 * small, heap by reason); from the promoted build's, the sites promoted;
 * both for the code base's own files, not for our workload drivers.
 * All three programs must print the same.  Then one run of each under
 * `valgrind --tool=callgrind` gives the instructions executed, and the
 * ratios promoted / instrumented and promoted / plain.  Prints one
 * Markdown table row per code base, then each code base's heap reasons.
 * A code base whose sources were not fetched is listed as skipped.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"

static const char *cc, *clang_path, *src_root, *fetched, *work;

struct codebase {
  const char *name;
  const char *sources; /* space-separated; $S = source root, $F = fetched dir */
  const char *cflags;
  const char *args;    /* the program's arguments; $W = work dir */
  const char *needs;   /* a fetched marker that must exist, or NULL */
};

static const struct codebase codebases[] = {
    {"stb_ds", "$S/test/realcode/stb_ds.c", "", "", NULL},
    {"stb_image", "$S/test/realcode/stb_image.c", "", "", NULL},
    {"uthash", "$S/test/realcode/uthash.c", "", "", NULL},
    {"sqlite", "$S/test/realcode/Inputs/sqlite_workload.c $F/sqlite/sqlite3.c",
     "-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -I$F/sqlite", "$W/sqlite.db", "sqlite.ok"},
    {"tree-sitter",
     "$S/test/realcode/Inputs/tree_sitter_workload.c $F/tree-sitter/src/lib.c "
     "$F/tree-sitter-json/parser.c",
     "-I$F/tree-sitter/include", "", "tree-sitter-json.ok"},
    /* alloc.h lets a client replace the runtime's allocation function
     * pointers by functions of its own: here the C library's, so that every
     * allocation is a direct call allocsite can judge. */
    {"tree-sitter-direct",
     "$S/test/realcode/Inputs/tree_sitter_workload.c $F/tree-sitter/src/lib.c "
     "$F/tree-sitter-json/parser.c",
     "-I$F/tree-sitter/include -Dts_malloc=malloc -Dts_calloc=calloc -Dts_realloc=realloc "
     "-Dts_free=free",
     "", "tree-sitter-json.ok"},
};

/* TEXT with $S, $F and $W replaced. */
static char *expand(const char *text) {
  char *out = tu_xstrdup("");
  for (const char *p = text; *p; p++) {
    const char *with = NULL;
    if (p[0] == '$' && p[1] == 'S')
      with = src_root;
    else if (p[0] == '$' && p[1] == 'F')
      with = fetched;
    else if (p[0] == '$' && p[1] == 'W')
      with = work;
    char *next = with ? tu_format("%s%s", out, with) : tu_format("%s%c", out, *p);
    p += with ? 1 : 0;
    free(out);
    out = next;
  }
  return out;
}

/* Verdict counts from allocsite's optimisation records. */
#define MAX_REASONS 32
struct counts {
  int judged, promotable, if_small, promoted;
  int reasons;
  char *reason[MAX_REASONS];
  int reason_count[MAX_REASONS];
};

/* Adds one YAML optimisation record file: "--- !Passed" / "--- !Missed"
 * starts a record, its "Name:" line says the verdict or the reason. */
static void add_records(struct counts *c, const char *yaml) {
  char *text = tu_read_file(yaml);
  if (!text)
    tu_die("no optimisation records in '%s'", yaml);
  const char *kind = "";
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    if (strncmp(line, "--- !", 5) == 0) {
      kind = line + 5;
      continue;
    }
    if (strncmp(line, "Name:", 5) != 0)
      continue;
    char *name = tu_trim(line + 5);
    if (strcmp(kind, "Passed") == 0) {
      if (strcmp(name, "Promoted") == 0 || strcmp(name, "PromotedIfSmall") == 0) {
        c->promoted++;
        c->judged++;
        if (strcmp(name, "Promoted") == 0)
          c->promotable++;
        else
          c->if_small++;
      } else if (strcmp(name, "Promotable") == 0) {
        c->promotable++;
        c->judged++;
      } else if (strcmp(name, "PromotableIfSmall") == 0) {
        c->if_small++;
        c->judged++;
      }
    } else if (strcmp(kind, "Missed") == 0) {
      c->judged++;
      int i = 0;
      while (i < c->reasons && strcmp(c->reason[i], name) != 0)
        i++;
      if (i == c->reasons) {
        if (i == MAX_REASONS)
          tu_die("more than %d heap reasons in '%s'", MAX_REASONS, yaml);
        c->reason[c->reasons++] = tu_xstrdup(name);
      }
      c->reason_count[i]++;
    }
    kind = "";
  }
  free(text);
}

/* Builds the code base one way (TAG) into WORK/NAME.TAG; COMPILER may be
 * "allocsite-cc --promote".  Returns the program's path. */
static char *build(const struct codebase *cb, const char *tag, const char *compiler,
                   int records, struct counts *c) {
  char *sources = expand(cb->sources), *cflags = expand(cb->cflags);
  char *bin = tu_format("%s/%s.%s", work, cb->name, tag);
  struct tu_argv link = {0};
  tu_argv_add_words(&link, compiler);
  int unit = 0;
  for (char *save, *s = strtok_r(sources, " ", &save); s; s = strtok_r(NULL, " ", &save)) {
    char *obj = tu_format("%s.%d.o", bin, unit), *yaml = tu_format("%s.%d.yaml", bin, unit++);
    struct tu_argv cmd = {0};
    tu_argv_add_words(&cmd, compiler);
    /* DWARF 4: Debian 12's valgrind gives up on clang's DWARF 5 (form 0x1b). */
    tu_argv_add_words(&cmd, "-O2 -gdwarf-4 -gline-tables-only -w");
    tu_argv_add_words(&cmd, cflags);
    if (records) {
      tu_argv_add_words(&cmd, "-fsave-optimization-record -foptimization-record-passes=allocsite");
      char *record = tu_format("-foptimization-record-file=%s", yaml);
      tu_argv_add(&cmd, record);
      free(record);
    }
    tu_argv_add_words(&cmd, "-c -o");
    tu_argv_add(&cmd, obj);
    tu_argv_add(&cmd, s);
    if (tu_run(cmd.argv, NULL, NULL) != 0)
      tu_die("%s: compiling %s (%s) failed", cb->name, s, tag);
    tu_argv_free(&cmd);
    /* The counts are the code base's: a workload driver of ours
     * (test/realcode/Inputs/) is built the same way but not counted. */
    if (records && !strstr(s, "/test/realcode/Inputs/"))
      add_records(c, yaml);
    tu_argv_add(&link, obj);
    free(obj);
    free(yaml);
  }
  tu_argv_add_words(&link, "-lm -o");
  tu_argv_add(&link, bin);
  if (tu_run(link.argv, NULL, NULL) != 0)
    tu_die("%s: linking %s failed", cb->name, tag);
  tu_argv_free(&link);
  free(sources);
  free(cflags);
  return bin;
}

/* Runs the program (under callgrind when WITH_CALLGRIND) with its output in
 * BIN.out; returns the instructions counted, or 0 without callgrind. */
static unsigned long long run(const struct codebase *cb, const char *bin, int with_callgrind) {
  char *args = expand(cb->args), *out = tu_format("%s.out", bin);
  char *log = tu_format("%s.callgrind.txt", bin);
  struct tu_argv cmd = {0};
  if (with_callgrind)
    tu_argv_add_words(&cmd, "valgrind --tool=callgrind --callgrind-out-file=/dev/null");
  tu_argv_add(&cmd, bin);
  tu_argv_add_words(&cmd, args);
  const char *env[] = {"ALLOCSITE_OUT=off", NULL};
  if (tu_run(cmd.argv, &(struct tu_run_options){.out = out, .err = log, .env = env}, NULL) != 0)
    tu_die("%s failed (see %s)", bin, log);
  tu_argv_free(&cmd);
  unsigned long long n = 0;
  if (with_callgrind) {
    char *text = tu_read_file(log);
    const char *at = text ? strstr(text, "Collected : ") : NULL;
    if (!at)
      tu_die("no instruction count in '%s'", log);
    n = strtoull(at + 12, NULL, 10);
    free(text);
  }
  free(args);
  free(out);
  free(log);
  return n;
}

static void same_output(const char *name, const char *a, const char *b) {
  char *fa = tu_format("%s.out", a), *fb = tu_format("%s.out", b);
  if (!tu_files_equal(fa, fb))
    tu_die("%s: %s and %s print different things", name, fa, fb);
  free(fa);
  free(fb);
}

int main(int argc, char **argv) {
  tu_init("bench-realcode");
  for (int i = 1; i + 1 < argc; i += 2) {
    const char **value = strcmp(argv[i], "--cc") == 0        ? &cc
                         : strcmp(argv[i], "--clang") == 0   ? &clang_path
                         : strcmp(argv[i], "--src") == 0     ? &src_root
                         : strcmp(argv[i], "--fetched") == 0 ? &fetched
                         : strcmp(argv[i], "--work") == 0    ? &work
                                                             : NULL;
    if (!value)
      tu_die("unknown argument '%s'", argv[i]);
    *value = argv[i + 1];
  }
  if (!cc || !clang_path || !src_root || !fetched || !work || argc % 2 == 0)
    tu_die("usage: bench-realcode --cc ALLOCSITE_CC --clang CLANG --src SOURCE_ROOT "
           "--fetched DIR --work DIR");
  char *promote = tu_format("%s --promote", cc);

  printf("| code base | sites judged | promotable | promotable if small | promoted "
         "| instructions: promoted / instrumented | promoted / plain |\n");
  printf("|---|---|---|---|---|---|---|\n");
  struct counts all[sizeof codebases / sizeof *codebases] = {{0}};
  for (size_t k = 0; k < sizeof codebases / sizeof *codebases; k++) {
    const struct codebase *cb = &codebases[k];
    if (cb->needs) {
      char *marker = tu_format("%s/%s", fetched, cb->needs);
      int present = access(marker, F_OK) == 0;
      free(marker);
      if (!present) {
        printf("| %s | skipped: not fetched (test/realcode/fetch-sources.sh) |||||\n", cb->name);
        continue;
      }
    }
    struct counts *c = &all[k], ignored = {0};
    char *plain = build(cb, "plain", clang_path, 0, NULL);
    char *inst = build(cb, "instrumented", cc, 1, c);
    char *prom = build(cb, "promoted", promote, 1, &ignored);
    c->promoted = ignored.promoted;
    run(cb, plain, 0);
    run(cb, inst, 0);
    run(cb, prom, 0);
    same_output(cb->name, plain, inst);
    same_output(cb->name, plain, prom);
    unsigned long long i_plain = run(cb, plain, 1), i_inst = run(cb, inst, 1),
                       i_prom = run(cb, prom, 1);
    printf("| %s | %d | %d | %d | %d | %llu / %llu = %.4f | %llu / %llu = %.4f |\n", cb->name,
           c->judged, c->promotable, c->if_small, c->promoted, i_prom, i_inst,
           (double)i_prom / (double)i_inst, i_prom, i_plain, (double)i_prom / (double)i_plain);
    fflush(stdout);
    free(plain);
    free(inst);
    free(prom);
  }
  printf("\nheap reasons (sites, -O2):\n");
  for (size_t k = 0; k < sizeof codebases / sizeof *codebases; k++) {
    struct counts *c = &all[k];
    if (!c->judged)
      continue;
    printf("%s:", codebases[k].name);
    /* Largest first; ties in the order first seen. */
    for (int printed = 0; printed < c->reasons; printed++) {
      int best = -1;
      for (int i = 0; i < c->reasons; i++)
        if (c->reason_count[i] >= 0 && (best < 0 || c->reason_count[i] > c->reason_count[best]))
          best = i;
      printf("%s %s %d", printed ? "," : "", c->reason[best], c->reason_count[best]);
      c->reason_count[best] = -1;
    }
    printf("\n");
  }
  free(promote);
  return 0;
}
