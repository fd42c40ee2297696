/*
 * bench-promotion.c - measures what stack promotion buys on a workload.
 *
 * Usage: bench-promotion --cc ALLOCSITE_CC [--runs N] [--lines N]
 *                        [--callgrind-lines N] [--work DIR] SOURCE
 *
 * Builds SOURCE twice with the same compiler and flags (-O2 -gdwarf-4):
 * `allocsite-cc` (allocations on the heap, counted) and `allocsite-cc
 * --promote` (promotable allocations on the stack, counted).  Both must
 * print the same.  After one warm-up run of each, it runs them alternately
 * N times (default 7, at least 5), so drift on a shared machine hits both
 * alike, and prints each build's median wall time and the ratio
 * heap/promoted; then the instruction counts of one run of each under
 * `valgrind --tool=callgrind` (identical run to run) and their ratio.
 * The program gets the line count as its only argument.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static void die(const char *fmt, const char *arg) {
  fprintf(stderr, "bench-promotion: error: ");
  fprintf(stderr, fmt, arg);
  fputc('\n', stderr);
  exit(1);
}

/* Runs ARGV with stdout to OUT (or inherited) and stderr to ERR; returns
 * the wall time in seconds, dies if it fails. */
static double run(char *const argv[], const char *out, const char *err) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (out)
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (err)
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    errno = rc;
    die("cannot run '%s'", argv[0]);
  }
  int status;
  waitpid(pid, &status, 0);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    die("'%s' failed", argv[0]);
  return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static char *slurp(const char *path) {
  static char buf[2][4096];
  static int which;
  char *b = buf[which ^= 1];
  FILE *f = fopen(path, "r");
  size_t n = f ? fread(b, 1, sizeof buf[0] - 1, f) : 0;
  b[n] = 0;
  if (f)
    fclose(f);
  return b;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Instructions executed by one run under callgrind ("Collected : N"). */
static unsigned long long instructions(const char *prog, const char *lines, const char *work) {
  char log[4096];
  snprintf(log, sizeof log, "%s/callgrind.txt", work);
  char *argv[] = {"valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                  (char *)prog, (char *)lines, NULL};
  run(argv, "/dev/null", log);
  const char *at = strstr(slurp(log), "Collected : ");
  if (!at)
    die("no instruction count in '%s'", log);
  return strtoull(at + 12, NULL, 10);
}

int main(int argc, char **argv) {
  const char *cc = NULL, *source = NULL, *work = ".", *lines = "2000000", *cg_lines = "200000";
  int runs = 7;
  for (int i = 1; i < argc; i++) {
    if (i + 1 < argc && strcmp(argv[i], "--cc") == 0)
      cc = argv[++i];
    else if (i + 1 < argc && strcmp(argv[i], "--runs") == 0)
      runs = atoi(argv[++i]);
    else if (i + 1 < argc && strcmp(argv[i], "--lines") == 0)
      lines = argv[++i];
    else if (i + 1 < argc && strcmp(argv[i], "--callgrind-lines") == 0)
      cg_lines = argv[++i];
    else if (i + 1 < argc && strcmp(argv[i], "--work") == 0)
      work = argv[++i];
    else if (argv[i][0] != '-' && !source)
      source = argv[i];
    else
      die("unknown or incomplete argument '%s' (usage: bench-promotion --cc ALLOCSITE_CC "
          "[--runs N] [--lines N] [--callgrind-lines N] [--work DIR] SOURCE)", argv[i]);
  }
  if (!cc || !source)
    die("%s", "usage: bench-promotion --cc ALLOCSITE_CC [--runs N] [--lines N] "
              "[--callgrind-lines N] [--work DIR] SOURCE");
  if (runs < 5)
    die("%s", "--runs must be at least 5 (medians of fewer runs are noise here)");
  setenv("ALLOCSITE_OUT", "off", 1); /* the report is not what is measured */

  char heap[4096], promoted[4096], out_heap[4200], out_prom[4200];
  snprintf(heap, sizeof heap, "%s/bench.heap", work);
  snprintf(promoted, sizeof promoted, "%s/bench.promoted", work);
  char *build_heap[] = {(char *)cc, "-O2", "-gdwarf-4", (char *)source, "-o", heap, NULL};
  char *build_prom[] = {(char *)cc, "--promote", "-O2", "-gdwarf-4", (char *)source,
                        "-o", promoted, NULL};
  run(build_heap, NULL, NULL);
  run(build_prom, NULL, NULL);

  snprintf(out_heap, sizeof out_heap, "%s.out", heap);
  snprintf(out_prom, sizeof out_prom, "%s.out", promoted);
  char *run_heap[] = {heap, (char *)lines, NULL}, *run_prom[] = {promoted, (char *)lines, NULL};
  run(run_heap, out_heap, NULL); /* warm-up, and the outputs to compare */
  run(run_prom, out_prom, NULL);
  if (strcmp(slurp(out_heap), slurp(out_prom)) != 0)
    die("%s", "the promoted build prints something else than the heap build");

  double *t_heap = calloc((size_t)runs, sizeof(double));
  double *t_prom = calloc((size_t)runs, sizeof(double));
  if (!t_heap || !t_prom)
    die("%s", "out of memory");
  for (int r = 0; r < runs; r++) { /* alternate which goes first */
    if (r % 2) {
      t_prom[r] = run(run_prom, "/dev/null", NULL);
      t_heap[r] = run(run_heap, "/dev/null", NULL);
    } else {
      t_heap[r] = run(run_heap, "/dev/null", NULL);
      t_prom[r] = run(run_prom, "/dev/null", NULL);
    }
  }
  double m_heap = median(t_heap, runs), m_prom = median(t_prom, runs);
  unsigned long long i_heap = instructions(heap, cg_lines, work);
  unsigned long long i_prom = instructions(promoted, cg_lines, work);

  char *output = slurp(out_heap);
  output[strcspn(output, "\n")] = 0;
  printf("workload: %s %s (prints: %s)\n", source, lines, output);
  printf("wall time, median of %d alternating runs: heap %.3f s, promoted %.3f s: %.2fx\n", runs,
         m_heap, m_prom, m_heap / m_prom);
  printf("instructions (callgrind, %s lines): heap %llu, promoted %llu: %.2fx\n", cg_lines,
         i_heap, i_prom, (double)i_heap / (double)i_prom);
  return 0;
}
