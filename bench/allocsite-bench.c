/*
 * allocsite-bench.c - measures what allocsite costs, and writes the table in
 * bench/RESULTS.md (`cmake --build build --target bench` runs it).
 *
 * For each workload in bench/workloads/ it builds an uninstrumented and an
 * instrumented executable with the same clang and the same flags (the only
 * difference: -fpass-plugin and the runtime), then reports
 *   - the median wall time of each over RUNS runs, run alternately after one
 *     warm-up run of each, and their ratio.  Other work on the machine moves
 *     wall times by 10-20%, so small ratios are only indicative;
 *   - the ratio of instructions executed (valgrind --tool=callgrind, on a
 *     smaller input): deterministic, the figure the targets are judged by;
 *   - heaptrack's ratio (median wall time under heaptrack / uninstrumented)
 *     for the same workload, for comparison with a tool that sees every
 *     allocation at run time;
 *   - for the instrumented build, that no count was lost (the report's total
 *     equals the allocations the workload made, where it knows that number).
 * Then compile time (a large translation unit, stb_image.h's
 * implementation, and a generated file with 10,000 allocation sites, at -O0
 * and -O2, plain clang against clang with the plugin: median wall time, and
 * optionally callgrind's instruction count of the compiler), and memory:
 * the instrumented program's maximum resident set size at two allocation
 * volumes ten times apart, which must not grow with allocations.
 *
 * Benchmarks are never tests: nothing here is run by ctest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef BENCH_DEFAULT_CLANG
#define BENCH_DEFAULT_CLANG "clang"
#endif

#define MAX_ARGS 64

struct workload {
  const char *name;
  const char *description;
  const char *wall_arg;  /* input size for wall-time runs */
  const char *small_arg; /* input size under valgrind */
  double target;         /* the target ratio (calling contexts off) */
  double ctx_target;     /* target with calling contexts on, or 0 */
  /* Allocations the run makes for an argument, or -1 when not known. */
  long long (*expected_objects)(long arg);
};

static long long times_one(long n) { return n; }
static long long times_two(long n) { return 2 * n; } /* two threads */

static const struct workload workloads[] = {
    {"malloc_free", "malloc(32)/free loop, 1 thread", "80000000", "2000000", 1.05, 0, times_one},
    {"binary_trees", "binary-trees, depth 17", "17", "13", 1.03, 0, NULL},
    {"wordcount_uthash", "uthash word count, 2000 words/document", "600", "40", 1.03, 0, NULL},
    {"stb_decode", "stb_image PNG decode loop, 256x256", "400", "12", 1.03, 0, NULL},
    {"threads_same_site", "2 threads, malloc(32)/free at one site", "20000000", "500000", 1.05, 0,
     times_two},
    /* Allocation through a function pointer (Lua's frealloc) and a hooks
     * struct (cJSON): what calling contexts are for. */
    {"lua_style", "Lua-style frealloc function pointer, trees", "40", "4", 0, 1.25, NULL},
    {"cjson_style", "cJSON-style hooks, parse + print JSON", "200", "10", 0, 1.25, NULL},
};
#define NUM_WORKLOADS (sizeof workloads / sizeof workloads[0])

static struct {
  const char *clang, *plugin, *runtime, *workloads, *work, *out;
  int runs, heaptrack_runs, compiler_callgrind;
  const char *only;
} opt;

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("allocsite-bench: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct run_result {
  int status; /* exit status, or 128+signal */
  double seconds;
  long max_rss_kib;
};

/* Runs argv with stdout to /dev/null and stderr to stderr_path (or
 * /dev/null); env entries "NAME=VALUE" are added to the environment. */
static struct run_result run(char *const argv[], const char *const env[], const char *stderr_path) {
  struct run_result r = {0, 0, 0};
  double start = now();
  pid_t pid = fork();
  if (pid < 0)
    die("fork: %s", strerror(errno));
  if (pid == 0) {
    for (const char *const *e = env; e && *e; e++)
      putenv((char *)*e);
    if (!freopen("/dev/null", "w", stdout) ||
        !freopen(stderr_path ? stderr_path : "/dev/null", "w", stderr))
      _exit(126);
    execvp(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage usage;
  while (wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR)
      die("wait4: %s", strerror(errno));
  r.seconds = now() - start;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.max_rss_kib = usage.ru_maxrss;
  return r;
}

static void run_or_die(char *const argv[], const char *const env[]) {
  struct run_result r = run(argv, env, NULL);
  if (r.status != 0) {
    fprintf(stderr, "allocsite-bench: error: command failed (status %d):", r.status);
    for (int i = 0; argv[i]; i++)
      fprintf(stderr, " %s", argv[i]);
    fputc('\n', stderr);
    exit(1);
  }
}

static char *format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s;
  if (vasprintf(&s, fmt, ap) < 0)
    die("out of memory");
  va_end(ap);
  return s;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One warm-up run of each (page cache, CPU frequency), then opt.runs runs
 * of each, alternating so that drift in the machine's load hits both
 * alike; the median wall time of each. */
static void alternate(char *const a[], const char *const a_env[], char *const b[],
                      const char *const b_env[], double *a_median, double *b_median) {
  run_or_die(a, a_env);
  run_or_die(b, b_env);
  double *ta = calloc((size_t)opt.runs, sizeof *ta), *tb = calloc((size_t)opt.runs, sizeof *tb);
  for (int i = 0; i < opt.runs; i++) {
    struct run_result ra = run(a, a_env, NULL);
    struct run_result rb = run(b, b_env, NULL);
    if (ra.status || rb.status)
      die("'%s' failed during timing", ra.status ? a[0] : b[0]);
    ta[i] = ra.seconds;
    tb[i] = rb.seconds;
  }
  *a_median = median(ta, opt.runs);
  *b_median = median(tb, opt.runs);
  free(ta);
  free(tb);
}

/* The number after the last occurrence of key in a text file, or -1 (also
 * when the file cannot be read). */
static long long last_number_after(const char *path, const char *key) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  char line[4096];
  long long n = -1;
  while (fgets(line, sizeof line, f)) {
    char *p = strstr(line, key);
    if (p)
      n = atoll(p + strlen(key));
  }
  fclose(f);
  return n;
}

static long long callgrind(char *const prog_argv[], const char *const env[]) {
  char *argv[MAX_ARGS];
  int n = 0;
  argv[n++] = "valgrind";
  argv[n++] = "--tool=callgrind";
  argv[n++] = "--callgrind-out-file=/dev/null";
  for (int i = 0; prog_argv[i] && n < MAX_ARGS - 1; i++)
    argv[n++] = prog_argv[i];
  argv[n] = NULL;
  char *log = format("%s/callgrind.log", opt.work);
  struct run_result r = run(argv, env, log);
  if (r.status != 0)
    die("valgrind failed (status %d); see %s", r.status, log);
  long long count = last_number_after(log, "Collected : ");
  if (count < 0)
    die("no instruction count in '%s'", log);
  free(log);
  return count;
}

/* ------------------------------------------------------------------------ */
/* Run-time overhead                                                         */
/* ------------------------------------------------------------------------ */

struct runtime_row {
  const struct workload *w;
  double plain_s, inst_s, heaptrack_s;
  long long plain_ins, inst_ins, ctx_ins; /* ctx: -fno-omit-frame-pointer, ALLOCSITE_DEPTH=8 */
  long long counted, expected;
};

enum build_kind {
  BUILD_PLAIN,
  BUILD_INSTRUMENTED,
  /* What recording calling contexts needs (README, "Every heap allocation"). */
  BUILD_INSTRUMENTED_FRAME_POINTERS,
};

static void build(const struct workload *w, const char *exe, enum build_kind kind) {
  int instrumented = kind != BUILD_PLAIN;
  char *source = format("%s/%s.c", opt.workloads, w->name);
  char *plugin_flag = format("-fpass-plugin=%s", opt.plugin);
  char *argv[MAX_ARGS];
  int n = 0;
  argv[n++] = (char *)opt.clang;
  /* The same flags for both builds; DWARF 4 because valgrind 3.19 cannot
   * read clang 14's default DWARF 5. */
  argv[n++] = "-O2";
  argv[n++] = "-gdwarf-4";
  argv[n++] = "-pthread";
  if (instrumented)
    argv[n++] = plugin_flag;
  if (kind == BUILD_INSTRUMENTED_FRAME_POINTERS)
    argv[n++] = "-fno-omit-frame-pointer";
  argv[n++] = source;
  if (instrumented)
    argv[n++] = (char *)opt.runtime;
  argv[n++] = "-lm";
  argv[n++] = "-o";
  argv[n++] = (char *)exe;
  argv[n] = NULL;
  run_or_die(argv, NULL);
  free(source);
  free(plugin_flag);
}

static void measure_workload(const struct workload *w, struct runtime_row *row) {
  char *plain = format("%s/%s.plain", opt.work, w->name);
  char *inst = format("%s/%s.inst", opt.work, w->name);
  char *ctx = format("%s/%s.ctx", opt.work, w->name);
  char *report = format("%s/%s.json", opt.work, w->name);
  char *out_env = format("ALLOCSITE_OUT=%s", report);
  const char *inst_env[] = {out_env, NULL};
  fprintf(stderr, "[%s] building\n", w->name);
  build(w, plain, BUILD_PLAIN);
  build(w, inst, BUILD_INSTRUMENTED);
  build(w, ctx, BUILD_INSTRUMENTED_FRAME_POINTERS);

  char *plain_argv[] = {plain, (char *)w->wall_arg, NULL};
  char *inst_argv[] = {inst, (char *)w->wall_arg, NULL};
  fprintf(stderr, "[%s] wall time, %d runs each, alternating\n", w->name, opt.runs);
  alternate(plain_argv, NULL, inst_argv, inst_env, &row->plain_s, &row->inst_s);
  /* What the sites counted: the program's total ("totals") also holds the
   * heap allocated elsewhere (stdio's buffer), which the workload's expected
   * count does not. */
  row->counted = last_number_after(report, "\"at_sites\": {\"objects\": ");
  row->expected = w->expected_objects ? w->expected_objects(atol(w->wall_arg)) : -1;

  fprintf(stderr, "[%s] callgrind\n", w->name);
  char *plain_small[] = {plain, (char *)w->small_arg, NULL};
  char *inst_small[] = {inst, (char *)w->small_arg, NULL};
  row->plain_ins = callgrind(plain_small, NULL);
  row->inst_ins = callgrind(inst_small, inst_env);
  char *ctx_small[] = {ctx, (char *)w->small_arg, NULL};
  const char *ctx_env[] = {out_env, "ALLOCSITE_DEPTH=8", NULL};
  row->ctx_ins = callgrind(ctx_small, ctx_env);

  row->heaptrack_s = 0;
  if (opt.heaptrack_runs > 0) {
    fprintf(stderr, "[%s] heaptrack, %d runs\n", w->name, opt.heaptrack_runs);
    char *ht_out = format("%s/heaptrack/%s", opt.work, w->name);
    char *ht_argv[] = {"heaptrack", "-o", ht_out, plain, (char *)w->wall_arg, NULL};
    double *th = calloc((size_t)opt.heaptrack_runs, sizeof *th);
    for (int i = 0; i < opt.heaptrack_runs; i++) {
      struct run_result r = run(ht_argv, NULL, NULL);
      if (r.status)
        die("heaptrack failed on %s (status %d)", w->name, r.status);
      th[i] = r.seconds;
      char *rm_argv[] = {"sh", "-c", format("rm -f '%s'.*", ht_out), NULL};
      run_or_die(rm_argv, NULL);
    }
    row->heaptrack_s = median(th, opt.heaptrack_runs);
    free(th);
    free(ht_out);
  }
}

/* ------------------------------------------------------------------------ */
/* Compile time                                                              */
/* ------------------------------------------------------------------------ */

/* A translation unit with 10,000 allocation sites in 100 functions: a mix
 * of objects freed locally (promotion candidates the escape analysis must
 * follow) and objects stored to a global (decided at once). */
static void generate_sites_file(const char *path) {
  FILE *f = fopen(path, "w");
  if (!f)
    die("cannot write '%s': %s", path, strerror(errno));
  fprintf(f, "/* Generated by allocsite-bench: 10,000 allocation sites. */\n"
             "#include <stdlib.h>\n#include <string.h>\n"
             "void *keep[64];\nint use(const char *);\n");
  for (int fn = 0; fn < 100; fn++) {
    fprintf(f, "int f%d(int n) {\n  int sum = 0;\n", fn);
    for (int k = 0; k < 100; k++) {
      int site = fn * 100 + k;
      if (site % 2)
        fprintf(f,
                "  { char *p = malloc(%d); memset(p, n, %d); sum += use(p); free(p); }\n",
                16 + site % 64, 16 + site % 64);
      else
        fprintf(f, "  keep[%d] = malloc((size_t)n + %d);\n", site % 64, site % 97);
    }
    fprintf(f, "  return sum;\n}\n");
  }
  if (fclose(f) != 0)
    die("cannot write '%s'", path);
}

static void generate_stb_file(const char *path) {
  FILE *f = fopen(path, "w");
  if (!f)
    die("cannot write '%s': %s", path, strerror(errno));
  fprintf(f, "/* Generated by allocsite-bench: stb_image.h's implementation. */\n"
             "#define STB_IMAGE_IMPLEMENTATION\n#include <stb/stb_image.h>\n");
  if (fclose(f) != 0)
    die("cannot write '%s'", path);
}

struct compile_row {
  const char *tu;
  const char *level;
  double plain_s, plugin_s;
  long long plain_ins, plugin_ins; /* 0: not measured */
};

static void compile_argv(char **argv, const char *source, const char *level, int plugin,
                         char *plugin_flag) {
  int n = 0;
  argv[n++] = (char *)opt.clang;
  argv[n++] = (char *)level;
  argv[n++] = "-g";
  if (plugin)
    argv[n++] = plugin_flag;
  argv[n++] = "-c";
  argv[n++] = (char *)source;
  argv[n++] = "-o";
  argv[n++] = "/dev/null";
  argv[n] = NULL;
}

static void measure_compile(const char *tu, const char *source, const char *level,
                            struct compile_row *row) {
  char *plugin_flag = format("-fpass-plugin=%s", opt.plugin);
  char *plain[MAX_ARGS], *with[MAX_ARGS];
  compile_argv(plain, source, level, 0, plugin_flag);
  compile_argv(with, source, level, 1, plugin_flag);
  fprintf(stderr, "[compile %s %s] %d runs each, alternating\n", tu, level, opt.runs);
  row->tu = tu;
  row->level = level;
  alternate(plain, NULL, with, NULL, &row->plain_s, &row->plugin_s);
  row->plain_ins = row->plugin_ins = 0;
  if (opt.compiler_callgrind) {
    fprintf(stderr, "[compile %s %s] callgrind\n", tu, level);
    row->plain_ins = callgrind(plain, NULL);
    row->plugin_ins = callgrind(with, NULL);
  }
  free(plugin_flag);
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */
/* ------------------------------------------------------------------------ */

static const char *verdict(double ratio, double target) {
  return ratio <= target ? "yes" : "**no**";
}

static void usage(void) {
  fputs("usage: allocsite-bench --plugin SO --runtime A --workloads DIR --work DIR [--out FILE]\n"
        "                       [--clang CLANG] [--runs N] [--heaptrack-runs N]\n"
        "                       [--compiler-callgrind] [--only NAME]\n",
        stderr);
  exit(2);
}

int main(int argc, char **argv) {
  opt.clang = BENCH_DEFAULT_CLANG;
  opt.runs = 7;
  opt.heaptrack_runs = 3;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--compiler-callgrind")) {
      opt.compiler_callgrind = 1;
      continue;
    }
    if (!v)
      usage();
    i++;
    if (!strcmp(a, "--clang")) opt.clang = v;
    else if (!strcmp(a, "--plugin")) opt.plugin = v;
    else if (!strcmp(a, "--runtime")) opt.runtime = v;
    else if (!strcmp(a, "--workloads")) opt.workloads = v;
    else if (!strcmp(a, "--work")) opt.work = v;
    else if (!strcmp(a, "--out")) opt.out = v;
    else if (!strcmp(a, "--runs")) opt.runs = atoi(v);
    else if (!strcmp(a, "--heaptrack-runs")) opt.heaptrack_runs = atoi(v);
    else if (!strcmp(a, "--only")) opt.only = v;
    else usage();
  }
  if (!opt.plugin || !opt.runtime || !opt.workloads || !opt.work || opt.runs < 5)
    usage(); /* at least 5 runs each: the minimum for a median */
  char *ht_dir = format("%s/heaptrack", opt.work);
  mkdir(opt.work, 0755);
  mkdir(ht_dir, 0755);

  struct runtime_row rows[NUM_WORKLOADS];
  int nrows = 0;
  for (size_t i = 0; i < NUM_WORKLOADS; i++) {
    if (opt.only && strcmp(opt.only, workloads[i].name) != 0 && strcmp(opt.only, "runtime") != 0)
      continue;
    rows[nrows].w = &workloads[i];
    measure_workload(&workloads[i], &rows[nrows++]);
  }

  struct compile_row crows[4];
  int ncrows = 0;
  if (!opt.only || !strcmp(opt.only, "compile")) {
    char *sites = format("%s/sites10k.c", opt.work), *stb = format("%s/stb_image_impl.c", opt.work);
    generate_sites_file(sites);
    generate_stb_file(stb);
    const char *levels[] = {"-O0", "-O2"};
    for (int l = 0; l < 2; l++) {
      measure_compile("stb_image.h implementation", stb, levels[l], &crows[ncrows++]);
      measure_compile("10,000 generated sites", sites, levels[l], &crows[ncrows++]);
    }
  }

  /* Memory: the same workload at two allocation volumes ten times apart. */
  long small_rss = 0, large_rss = 0, plain_large_rss = 0;
  const char *small_n = "1000000", *large_n = "10000000";
  if (!opt.only || !strcmp(opt.only, "memory")) {
    char *inst = format("%s/malloc_free.inst", opt.work);
    char *plain = format("%s/malloc_free.plain", opt.work);
    build(&workloads[0], plain, 0);
    build(&workloads[0], inst, 1);
    char *out_env = format("ALLOCSITE_OUT=%s/memory.json", opt.work);
    const char *env[] = {out_env, NULL};
    char *a1[] = {inst, (char *)small_n, NULL}, *a2[] = {inst, (char *)large_n, NULL};
    char *a3[] = {plain, (char *)large_n, NULL};
    small_rss = run(a1, env, NULL).max_rss_kib;
    large_rss = run(a2, env, NULL).max_rss_kib;
    plain_large_rss = run(a3, NULL, NULL).max_rss_kib;
  }

  FILE *out = opt.out ? fopen(opt.out, "w") : stdout;
  if (!out)
    die("cannot write '%s': %s", opt.out, strerror(errno));
  fprintf(out, "# allocsite benchmark results\n\n"
               "Generated by `bench/allocsite-bench` (`cmake --build build --target bench`); do not edit.\n"
               "Compiler: `%s`, flags `-O2 -gdwarf-4 -pthread` for both builds; wall times are medians of %d\n"
               "alternating runs after a warm-up, on a shared 2-core machine (other builds running: expect\n"
               "±15%% noise); instruction counts (callgrind, smaller inputs) are exact and decide the targets.\n\n",
          opt.clang, opt.runs);
  if (nrows) {
    fprintf(out, "## Run time: instrumented / uninstrumented\n\n"
                 "Default settings (calling contexts off), and with calling contexts on\n"
                 "(built with `-fno-omit-frame-pointer`, run with `ALLOCSITE_DEPTH=8`; instructions only).\n\n"
                 "| workload | plain (s) | allocsite (s) | wall ratio | instructions ratio | target | met | with contexts: instructions ratio | target | met | heaptrack wall ratio | counts |\n"
                 "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < nrows; i++) {
      struct runtime_row *r = &rows[i];
      double wall = r->inst_s / r->plain_s, ins = (double)r->inst_ins / (double)r->plain_ins;
      char counts[64];
      if (r->expected >= 0)
        snprintf(counts, sizeof counts, "%s (%lld of %lld)",
                 r->counted == r->expected ? "exact" : "**LOST**", r->counted, r->expected);
      else
        snprintf(counts, sizeof counts, "%lld objects", r->counted);
      char heaptrack[32] = "-";
      if (r->heaptrack_s > 0)
        snprintf(heaptrack, sizeof heaptrack, "%.2fx", r->heaptrack_s / r->plain_s);
      double ctx = (double)r->ctx_ins / (double)r->plain_ins;
      char target[32] = "-", met[16] = "-", ctx_target[32] = "-", ctx_met[16] = "-";
      if (r->w->target > 0) {
        snprintf(target, sizeof target, "<= %.2fx", r->w->target);
        snprintf(met, sizeof met, "%s", verdict(ins, r->w->target));
      }
      if (r->w->ctx_target > 0) {
        snprintf(ctx_target, sizeof ctx_target, "<= %.2fx", r->w->ctx_target);
        snprintf(ctx_met, sizeof ctx_met, "%s", verdict(ctx, r->w->ctx_target));
      }
      fprintf(out, "| %s (`%s %s`) | %.3f | %.3f | %.3fx | %.4fx | %s | %s | %.4fx | %s | %s | %s | %s |\n",
              r->w->description, r->w->name, r->w->wall_arg, r->plain_s, r->inst_s, wall, ins,
              target, met, ctx, ctx_target, ctx_met, heaptrack, counts);
    }
    fputc('\n', out);
  }
  if (ncrows) {
    fprintf(out, "## Compile time: clang with the plugin / plain clang (`-g -c`)\n\n"
                 "| translation unit | level | plain (s) | with plugin (s) | wall ratio | instructions ratio | target | met |\n"
                 "|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ncrows; i++) {
      struct compile_row *c = &crows[i];
      double wall = c->plugin_s / c->plain_s;
      char ins[32] = "not measured";
      if (c->plain_ins)
        snprintf(ins, sizeof ins, "%.4fx", (double)c->plugin_ins / (double)c->plain_ins);
      fprintf(out, "| %s | %s | %.3f | %.3f | %.3fx | %s | <= 1.05x | %s |\n", c->tu, c->level,
              c->plain_s, c->plugin_s, wall, ins,
              verdict(c->plain_ins ? (double)c->plugin_ins / (double)c->plain_ins : wall, 1.05));
    }
    fputc('\n', out);
  }
  if (small_rss) {
    fprintf(out, "## Memory: maximum resident set size (malloc(32)/free loop)\n\n"
                 "| build | allocations | max RSS (KiB) |\n|---|---|---|\n"
                 "| allocsite | %s | %ld |\n| allocsite | %s | %ld |\n| plain | %s | %ld |\n\n",
            small_n, small_rss, large_n, large_rss, large_n, plain_large_rss);
  }
  if (out != stdout && fclose(out) != 0)
    die("cannot write '%s'", opt.out);
  return 0;
}
