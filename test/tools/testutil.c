/*
 * testutil.c - the helpers the test tools share (see testutil.h).
 */
#define _GNU_SOURCE
#include "testutil.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *tool = "test tool";

void tu_init(const char *tool_name) { tool = tool_name; }

void tu_die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: error: ", tool);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

void *tu_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    tu_die("out of memory");
  return p;
}

void *tu_xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (!p)
    tu_die("out of memory");
  return p;
}

char *tu_xstrdup(const char *s) {
  char *p = strdup(s);
  if (!p)
    tu_die("out of memory");
  return p;
}

char *tu_xstrndup(const char *s, size_t n) {
  char *p = strndup(s, n);
  if (!p)
    tu_die("out of memory");
  return p;
}

char *tu_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s;
  int n = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (n < 0)
    tu_die("out of memory");
  return s;
}

char *tu_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem)
    tu_die("out of memory");
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    fwrite(chunk, 1, n, mem);
  int bad = ferror(f);
  fclose(f);
  if (fclose(mem) != 0)
    tu_die("out of memory");
  if (bad) {
    free(text);
    return NULL;
  }
  return text;
}

int tu_files_equal(const char *a, const char *b) {
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

char *tu_trim(char *s) {
  while (isspace((unsigned char)*s))
    s++;
  char *e = s + strlen(s);
  while (e > s && isspace((unsigned char)e[-1]))
    *--e = 0;
  return s;
}

void tu_argv_add(struct tu_argv *a, const char *arg) {
  a->argv = tu_xrealloc(a->argv, (a->argc + 2) * sizeof *a->argv);
  a->argv[a->argc++] = tu_xstrdup(arg);
  a->argv[a->argc] = NULL;
}

void tu_argv_add_words(struct tu_argv *a, const char *text) {
  char *copy = tu_xstrdup(text ? text : "");
  for (char *save, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
    tu_argv_add(a, w);
  free(copy);
}

void tu_argv_free(struct tu_argv *a) {
  for (size_t i = 0; i < a->argc; i++)
    free(a->argv[i]);
  free(a->argv);
  a->argv = NULL;
  a->argc = 0;
}

/* In the child: points fd at path (opened with flags), or exits 126. */
static void redirect(int fd, const char *path, int flags) {
  int f = open(path, flags, 0644);
  if (f < 0 || dup2(f, fd) < 0)
    _exit(126);
  if (f != fd)
    close(f);
}

static void run_child(char *const argv[], const struct tu_run_options *o) {
  if (o->dir && chdir(o->dir) != 0)
    _exit(126);
  for (const char *const *e = o->env; e && *e; e++)
    putenv((char *)*e);
  if (o->in)
    redirect(STDIN_FILENO, o->in, O_RDONLY);
  if (o->out)
    redirect(STDOUT_FILENO, o->out, O_WRONLY | O_CREAT | O_TRUNC);
  if (o->err && o->out && strcmp(o->err, o->out) == 0) {
    if (dup2(STDOUT_FILENO, STDERR_FILENO) < 0)
      _exit(126);
  } else if (o->err) {
    redirect(STDERR_FILENO, o->err, O_WRONLY | O_CREAT | O_TRUNC);
  }
  execvp(argv[0], argv);
  _exit(127);
}

int tu_run(char *const argv[], const struct tu_run_options *options, int *signaled) {
  static const struct tu_run_options defaults;
  const struct tu_run_options *o = options ? options : &defaults;
  /* What the tool has buffered must not be written twice (by the child's
   * exit) or after the child's output. */
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    tu_die("cannot start '%s': fork: %s", argv[0], strerror(errno));
  if (pid == 0)
    run_child(argv, o);
  /* Polled, not signalled, so that no SIGCHLD or SIGALRM handler is needed. */
  struct timespec nap = {0, 5 * 1000 * 1000};
  long waited_ms = 0;
  int status;
  for (;;) {
    pid_t done = waitpid(pid, &status, o->timeout ? WNOHANG : 0);
    if (done == pid)
      break;
    if (done < 0 && errno != EINTR)
      tu_die("waiting for '%s': %s", argv[0], strerror(errno));
    if (o->timeout && waited_ms >= o->timeout * 1000L) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      if (signaled)
        *signaled = 0;
      return TU_TIMED_OUT;
    }
    if (o->timeout) {
      nanosleep(&nap, NULL);
      waited_ms += 5;
    }
  }
  if (signaled)
    *signaled = WIFSIGNALED(status);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
