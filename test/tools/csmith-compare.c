/*
 * csmith-compare - checks that instrumenting a program never changes what
 * it does: random programs from Csmith (fixed seeds, so a run is
 * reproducible) and given example programs are compiled with plain clang
 * and with the allocsite plugin and runtime, at each optimisation level,
 * run, and their standard output and exit status compared.  A compiler
 * crash or any difference is a failure.
 *
 * Usage:
 *   csmith-compare --clang CLANG --plugin SO --runtime LIB --work DIR
 *                  [--seeds FIRST:COUNT] [--programs N] [--levels O0,O2] [--timeout SECONDS]
 *                  [--csmith CSMITH] [--csmith-include DIR]
 *                  [--example SOURCE [--args "ARG..."]]...
 *
 * A Csmith program that does not finish within the timeout uninstrumented
 * (Csmith can generate very long loops) is skipped and counted as such;
 * one that finishes plain but not instrumented is a failure.  One whose
 * plain build dies of a signal is skipped too, and counted apart: Csmith
 * programs never crash by design, so that build exploited undefined
 * behaviour (clang deletes a side-effect-free infinite loop, and main then
 * runs off its end into whatever code the linker placed next), and what
 * happens then depends on the binary's layout, not on the program.
 * With --programs N, seeds are taken in order until N Csmith programs have
 * been compared at every level (COUNT seeds at most; running out is a
 * failure), so skipped programs do not shrink the run.  Without it, every
 * seed is tried and at least one program must be compared: a run in which
 * every seed was skipped compared nothing and fails.
 * Prints one line per difference and a summary; exit status 0 when all
 * compared programs agree, 1 otherwise, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#define MAX_EXAMPLES 16

static struct {
  const char *clang, *plugin, *runtime, *work, *csmith, *csmith_include;
  long first_seed, seeds, programs;
  const char *levels[4];
  int nlevels;
  int timeout;
  const char *examples[MAX_EXAMPLES], *example_args[MAX_EXAMPLES];
  int nexamples;
} opt;

static int failures, compared, skipped, crashed;

__attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("csmith-compare: FAIL: ", stdout);
  vprintf(fmt, ap);
  fputc('\n', stdout);
  fflush(stdout);
  va_end(ap);
  failures++;
}

/* Compiles source at level, plain or instrumented; returns clang's status. */
static int compile(const char *source, const char *level, int instrumented, const char *exe,
                   const char *log) {
  struct tu_argv cc = {0};
  char *level_flag = tu_format("-%s", level);
  tu_argv_add(&cc, opt.clang);
  tu_argv_add(&cc, level_flag);
  tu_argv_add(&cc, "-w");
  if (opt.csmith_include) {
    char *include_flag = tu_format("-I%s", opt.csmith_include);
    tu_argv_add(&cc, include_flag);
    free(include_flag);
  }
  if (instrumented) {
    char *plugin_flag = tu_format("-fpass-plugin=%s", opt.plugin);
    tu_argv_add(&cc, plugin_flag);
    free(plugin_flag);
  }
  tu_argv_add(&cc, source);
  if (instrumented)
    tu_argv_add(&cc, opt.runtime);
  tu_argv_add(&cc, "-lm");
  tu_argv_add(&cc, "-o");
  tu_argv_add(&cc, exe);
  int status = tu_run(cc.argv, &(struct tu_run_options){.out = log, .err = log}, NULL);
  tu_argv_free(&cc);
  free(level_flag);
  return status;
}

/* Builds and runs one program both ways at one level and compares; 0 when
 * it was skipped.  allow_skip: a plain run that times out or crashes skips
 * the program (Csmith). */
static int compare_program(const char *name, const char *source, const char *args,
                            const char *level, int allow_skip) {
  char *plain = tu_format("%s/%s.%s.plain", opt.work, name, level);
  char *inst = tu_format("%s/%s.%s.inst", opt.work, name, level);
  char *log = tu_format("%s/%s.%s.log", opt.work, name, level);
  char *plain_out = tu_format("%s.out", plain), *inst_out = tu_format("%s.out", inst);
  char *report_env = tu_format("ALLOCSITE_OUT=%s/%s.%s.json", opt.work, name, level);
  int was_compared = 1; /* a failure counts: it fails the run anyway */
  struct tu_argv run = {0}; /* the program and its arguments */

  int status = compile(source, level, 0, plain, log);
  if (status != 0) {
    fail("%s -%s: plain clang failed (status %d); see %s", name, level, status, log);
    goto done;
  }
  status = compile(source, level, 1, inst, log);
  if (status != 0) {
    fail("%s -%s: clang with the plugin failed (status %d) where plain clang did not; see %s",
         name, level, status, log);
    goto done;
  }
  tu_argv_add(&run, plain);
  tu_argv_add_words(&run, args);
  int signaled;
  int plain_status = tu_run(
      run.argv,
      &(struct tu_run_options){.out = plain_out, .err = "/dev/null", .timeout = opt.timeout},
      &signaled);
  if (allow_skip && signaled) {
    crashed++;
    was_compared = 0;
    goto done;
  }
  if (plain_status == TU_TIMED_OUT) {
    if (allow_skip) {
      skipped++;
      was_compared = 0;
      goto done;
    }
    fail("%s -%s: the plain build did not finish in %d s", name, level, opt.timeout);
    goto done;
  }
  free(run.argv[0]);
  run.argv[0] = tu_xstrdup(inst);
  const char *env[] = {report_env, NULL};
  int inst_status = tu_run(run.argv,
                           &(struct tu_run_options){.out = inst_out, .err = "/dev/null",
                                                    .env = env, .timeout = opt.timeout * 3},
                           NULL);
  compared++;
  if (inst_status == TU_TIMED_OUT)
    fail("%s -%s: the instrumented build did not finish in %d s (plain: exit %d)", name, level,
         opt.timeout * 3, plain_status);
  else if (inst_status != plain_status)
    fail("%s -%s: exit status %d instrumented, %d plain", name, level, inst_status, plain_status);
  else if (!tu_files_equal(plain_out, inst_out))
    fail("%s -%s: output differs: diff %s %s", name, level, plain_out, inst_out);
  else {
    unlink(plain);
    unlink(inst);
    unlink(plain_out);
    unlink(inst_out);
    unlink(log);
  }
done:
  tu_argv_free(&run);
  free(plain);
  free(inst);
  free(log);
  free(plain_out);
  free(inst_out);
  free(report_env);
  return was_compared;
}

int main(int argc, char **argv) {
  tu_init("csmith-compare");
  opt.csmith = "csmith";
  opt.timeout = 10;
  opt.seeds = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (i + 1 >= argc)
      tu_die("'%s' needs a value", a);
    const char *v = argv[++i];
    if (!strcmp(a, "--clang")) opt.clang = v;
    else if (!strcmp(a, "--plugin")) opt.plugin = v;
    else if (!strcmp(a, "--runtime")) opt.runtime = v;
    else if (!strcmp(a, "--work")) opt.work = v;
    else if (!strcmp(a, "--csmith")) opt.csmith = v;
    else if (!strcmp(a, "--csmith-include")) opt.csmith_include = v;
    else if (!strcmp(a, "--timeout")) opt.timeout = atoi(v);
    else if (!strcmp(a, "--programs")) opt.programs = atol(v);
    else if (!strcmp(a, "--seeds")) {
      if (sscanf(v, "%ld:%ld", &opt.first_seed, &opt.seeds) != 2 || opt.seeds < 0)
        tu_die("--seeds takes FIRST:COUNT, not '%s'", v);
    } else if (!strcmp(a, "--levels")) {
      char *copy = strdup(v);
      for (char *tok = strtok(copy, ","); tok && opt.nlevels < 4; tok = strtok(NULL, ","))
        opt.levels[opt.nlevels++] = tok[0] == '-' ? tok + 1 : tok;
    } else if (!strcmp(a, "--example")) {
      if (opt.nexamples == MAX_EXAMPLES)
        tu_die("at most %d examples", MAX_EXAMPLES);
      opt.examples[opt.nexamples++] = v;
    } else if (!strcmp(a, "--args")) {
      if (!opt.nexamples)
        tu_die("--args must follow an --example");
      opt.example_args[opt.nexamples - 1] = v;
    } else
      tu_die("unknown option '%s'", a);
  }
  if (!opt.clang || !opt.plugin || !opt.runtime || !opt.work)
    tu_die("--clang, --plugin, --runtime and --work are required");
  if (!opt.nlevels) {
    opt.levels[opt.nlevels++] = "O0";
    opt.levels[opt.nlevels++] = "O2";
  }
  mkdir(opt.work, 0755);
  char *work = realpath(opt.work, NULL); /* csmith runs inside it */
  if (!work)
    tu_die("cannot use '%s' as the work directory: %s", opt.work, strerror(errno));
  opt.work = work;

  for (int e = 0; e < opt.nexamples; e++) {
    const char *base = strrchr(opt.examples[e], '/');
    base = base ? base + 1 : opt.examples[e];
    char *name = tu_format("example-%.*s", (int)(strcspn(base, ".")), base);
    for (int l = 0; l < opt.nlevels; l++)
      compare_program(name, opt.examples[e], opt.example_args[e], opt.levels[l], 0);
    free(name);
  }

  long programs = 0; /* Csmith programs compared at every level */
  long last_seed = opt.first_seed - 1;
  for (long s = opt.first_seed; s < opt.first_seed + opt.seeds; s++) {
    if (opt.programs && programs >= opt.programs)
      break;
    last_seed = s;
    char *name = tu_format("csmith-%ld", s);
    char *source = tu_format("%s/%s.c", opt.work, name);
    char *seed = tu_format("%ld", s);
    char *gen[] = {(char *)opt.csmith, "--seed", seed, "--output", source, NULL};
    /* In the work directory: csmith leaves a platform.info where it runs. */
    int status = tu_run(gen,
                        &(struct tu_run_options){.dir = opt.work, .out = "/dev/null",
                                                 .err = "/dev/null", .timeout = 60},
                        NULL);
    if (status != 0) {
      fail("%s: csmith failed (status %d)", name, status);
    } else {
      int everywhere = 1;
      for (int l = 0; l < opt.nlevels; l++)
        everywhere &= compare_program(name, source, NULL, opt.levels[l], 1);
      programs += everywhere;
    }
    free(name);
    free(source);
    free(seed);
  }

  if (opt.programs && programs < opt.programs)
    fail("only %ld Csmith programs compared at every level in %ld seeds, not %ld", programs,
         opt.seeds, opt.programs);
  else if (opt.seeds && !programs)
    fail("no Csmith program compared at every level in %ld seeds: each was skipped or failed",
         opt.seeds);
  if (last_seed >= opt.first_seed)
    printf("csmith-compare: %ld Csmith programs compared at every level (seeds %ld to %ld)\n",
           programs, opt.first_seed, last_seed);
  printf("csmith-compare: %d program builds compared, %d skipped (plain run timed out), "
         "%d skipped (plain run crashed: undefined behaviour), %d failures\n",
         compared, skipped, crashed, failures);
  return failures ? 1 : 0;
}
