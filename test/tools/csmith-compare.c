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
 * failure), so skipped programs do not shrink the run.
 * Prints one line per difference and a summary; exit status 0 when all
 * compared programs agree, 1 otherwise, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64
#define MAX_EXAMPLES 16
#define TIMED_OUT (-1)

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
static int last_run_signaled; /* whether run_in's last child died of a signal */

__attribute__((format(printf, 1, 2), noreturn)) static void usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("csmith-compare: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

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

static char *format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s;
  if (vasprintf(&s, fmt, ap) < 0)
    abort();
  va_end(ap);
  return s;
}

/* Runs argv with stdout and stderr to the given files (NULL: /dev/null),
 * killing it after timeout seconds (0: none).  Returns the exit status,
 * 128+signal, or TIMED_OUT. */
static int run_in(const char *dir, char *const argv[], const char *out, const char *err,
                  int timeout, const char *env) {
  pid_t pid = fork();
  if (pid < 0) {
    perror("csmith-compare: fork");
    exit(2);
  }
  if (pid == 0) {
    if (dir && chdir(dir) != 0)
      _exit(126);
    if (env)
      putenv((char *)env);
    if (!freopen(out ? out : "/dev/null", "w", stdout) ||
        !freopen(err ? err : "/dev/null", "w", stderr))
      _exit(126);
    execvp(argv[0], argv);
    _exit(127);
  }
  struct timespec nap = {0, 5 * 1000 * 1000};
  long waited_ms = 0;
  int status;
  for (;;) {
    pid_t done = waitpid(pid, &status, timeout ? WNOHANG : 0);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR) {
      perror("csmith-compare: waitpid");
      exit(2);
    }
    if (timeout && waited_ms >= timeout * 1000L) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return TIMED_OUT;
    }
    nanosleep(&nap, NULL);
    waited_ms += 5;
  }
  last_run_signaled = WIFSIGNALED(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int run(char *const argv[], const char *out, const char *err, int timeout,
               const char *env) {
  return run_in(NULL, argv, out, err, timeout, env);
}

static int same_file(const char *a, const char *b) {
  FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
  int same = fa && fb;
  while (same) {
    int ca = getc(fa), cb = getc(fb);
    if (ca != cb)
      same = 0;
    if (ca == EOF || cb == EOF)
      break;
  }
  if (fa)
    fclose(fa);
  if (fb)
    fclose(fb);
  return same;
}

/* Compiles source at level, plain or instrumented; returns clang's status. */
static int compile(const char *source, const char *level, int instrumented, const char *exe,
                   const char *log) {
  char *argv[MAX_ARGS];
  int n = 0;
  char *level_flag = format("-%s", level);
  char *plugin_flag = format("-fpass-plugin=%s", opt.plugin);
  char *include_flag = opt.csmith_include ? format("-I%s", opt.csmith_include) : NULL;
  argv[n++] = (char *)opt.clang;
  argv[n++] = level_flag;
  argv[n++] = "-w";
  if (include_flag)
    argv[n++] = include_flag;
  if (instrumented)
    argv[n++] = plugin_flag;
  argv[n++] = (char *)source;
  if (instrumented)
    argv[n++] = (char *)opt.runtime;
  argv[n++] = "-lm";
  argv[n++] = "-o";
  argv[n++] = (char *)exe;
  argv[n] = NULL;
  int status = run(argv, log, log, 0, NULL);
  free(level_flag);
  free(plugin_flag);
  free(include_flag);
  return status;
}

/* Builds and runs one program both ways at one level and compares; 0 when
 * it was skipped.  allow_skip: a plain run that times out or crashes skips
 * the program (Csmith). */
static int compare_program(const char *name, const char *source, char *const *args,
                            const char *level, int allow_skip) {
  char *plain = format("%s/%s.%s.plain", opt.work, name, level);
  char *inst = format("%s/%s.%s.inst", opt.work, name, level);
  char *log = format("%s/%s.%s.log", opt.work, name, level);
  char *plain_out = format("%s.out", plain), *inst_out = format("%s.out", inst);
  char *report_env = format("ALLOCSITE_OUT=%s/%s.%s.json", opt.work, name, level);
  int was_compared = 1; /* a failure counts: it fails the run anyway */

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
  char *argv[MAX_ARGS];
  int n = 0;
  argv[n++] = plain;
  for (int i = 0; args && args[i] && n < MAX_ARGS - 1; i++)
    argv[n++] = args[i];
  argv[n] = NULL;
  int plain_status = run(argv, plain_out, NULL, opt.timeout, NULL);
  if (allow_skip && plain_status != TIMED_OUT && last_run_signaled) {
    crashed++;
    was_compared = 0;
    goto done;
  }
  if (plain_status == TIMED_OUT) {
    if (allow_skip) {
      skipped++;
      was_compared = 0;
      goto done;
    }
    fail("%s -%s: the plain build did not finish in %d s", name, level, opt.timeout);
    goto done;
  }
  argv[0] = inst;
  int inst_status = run(argv, inst_out, NULL, opt.timeout * 3, report_env);
  compared++;
  if (inst_status == TIMED_OUT)
    fail("%s -%s: the instrumented build did not finish in %d s (plain: exit %d)", name, level,
         opt.timeout * 3, plain_status);
  else if (inst_status != plain_status)
    fail("%s -%s: exit status %d instrumented, %d plain", name, level, inst_status, plain_status);
  else if (!same_file(plain_out, inst_out))
    fail("%s -%s: output differs: diff %s %s", name, level, plain_out, inst_out);
  else {
    unlink(plain);
    unlink(inst);
    unlink(plain_out);
    unlink(inst_out);
    unlink(log);
  }
done:
  free(plain);
  free(inst);
  free(log);
  free(plain_out);
  free(inst_out);
  free(report_env);
  return was_compared;
}

static char **split_args(const char *text) {
  char **argv = calloc(MAX_ARGS, sizeof *argv);
  char *copy = strdup(text ? text : "");
  int n = 0;
  for (char *tok = strtok(copy, " "); tok && n < MAX_ARGS - 1; tok = strtok(NULL, " "))
    argv[n++] = tok;
  return argv;
}

int main(int argc, char **argv) {
  opt.csmith = "csmith";
  opt.timeout = 10;
  opt.seeds = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (i + 1 >= argc)
      usage_error("'%s' needs a value", a);
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
        usage_error("--seeds takes FIRST:COUNT, not '%s'", v);
    } else if (!strcmp(a, "--levels")) {
      char *copy = strdup(v);
      for (char *tok = strtok(copy, ","); tok && opt.nlevels < 4; tok = strtok(NULL, ","))
        opt.levels[opt.nlevels++] = tok[0] == '-' ? tok + 1 : tok;
    } else if (!strcmp(a, "--example")) {
      if (opt.nexamples == MAX_EXAMPLES)
        usage_error("at most %d examples", MAX_EXAMPLES);
      opt.examples[opt.nexamples++] = v;
    } else if (!strcmp(a, "--args")) {
      if (!opt.nexamples)
        usage_error("--args must follow an --example");
      opt.example_args[opt.nexamples - 1] = v;
    } else
      usage_error("unknown option '%s'", a);
  }
  if (!opt.clang || !opt.plugin || !opt.runtime || !opt.work)
    usage_error("--clang, --plugin, --runtime and --work are required");
  if (!opt.nlevels) {
    opt.levels[opt.nlevels++] = "O0";
    opt.levels[opt.nlevels++] = "O2";
  }
  mkdir(opt.work, 0755);
  char *work = realpath(opt.work, NULL); /* csmith runs inside it */
  if (!work)
    usage_error("cannot use '%s' as the work directory: %s", opt.work, strerror(errno));
  opt.work = work;

  for (int e = 0; e < opt.nexamples; e++) {
    const char *base = strrchr(opt.examples[e], '/');
    base = base ? base + 1 : opt.examples[e];
    char *name = format("example-%.*s", (int)(strcspn(base, ".")), base);
    char **args = split_args(opt.example_args[e]);
    for (int l = 0; l < opt.nlevels; l++)
      compare_program(name, opt.examples[e], args, opt.levels[l], 0);
    free(name);
  }

  long programs = 0; /* Csmith programs compared at every level */
  long last_seed = opt.first_seed - 1;
  for (long s = opt.first_seed; s < opt.first_seed + opt.seeds; s++) {
    if (opt.programs && programs >= opt.programs)
      break;
    last_seed = s;
    char *name = format("csmith-%ld", s);
    char *source = format("%s/%s.c", opt.work, name);
    char *seed = format("%ld", s);
    char *gen[] = {(char *)opt.csmith, "--seed", seed, "--output", source, NULL};
    /* In the work directory: csmith leaves a platform.info where it runs. */
    int status = run_in(opt.work, gen, NULL, NULL, 60, NULL);
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
  if (last_seed >= opt.first_seed)
    printf("csmith-compare: %ld Csmith programs compared at every level (seeds %ld to %ld)\n",
           programs, opt.first_seed, last_seed);
  printf("csmith-compare: %d program builds compared, %d skipped (plain run timed out), "
         "%d skipped (plain run crashed: undefined behaviour), %d failures\n",
         compared, skipped, crashed, failures);
  return failures ? 1 : 0;
}
