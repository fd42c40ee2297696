/*
 * testutil - what the test tools (test/tools/) share: error messages,
 * allocation that cannot fail, formatted strings, whole files, command
 * lines, and running a program with its output in files and a time limit.
 *
 * Every name starts with tu_.  Errors are printed as "TOOL: error: ..." with
 * the name given to tu_init, and end the tool with exit status 2 (the tools'
 * "usage error or cannot go on"), so that a failing helper can never pass
 * for a mismatch (status 1) or for success.
 *
 * count_shim.so does not use this library: it is preloaded into the
 * programs it counts, where it may call nothing that allocates.
 */
#ifndef ALLOCSITE_TESTUTIL_H
#define ALLOCSITE_TESTUTIL_H

#include <stddef.h>

/* The tool's name, for messages; call first in main. */
void tu_init(const char *tool_name);

/* Prints "TOOL: error: <message>\n" to stderr and exits with status 2. */
__attribute__((noreturn, format(printf, 1, 2))) void tu_die(const char *fmt, ...);

/* calloc/realloc/strdup/strndup that die instead of returning NULL.
 * tu_xcalloc(0, ...) returns a valid, freeable block. */
void *tu_xcalloc(size_t n, size_t size);
void *tu_xrealloc(void *p, size_t size);
char *tu_xstrdup(const char *s);
char *tu_xstrndup(const char *s, size_t n);

/* A new string, printf-style; free it.  tu_format("%s/%s.c", dir, name) */
__attribute__((format(printf, 1, 2))) char *tu_format(const char *fmt, ...);

/* The whole file as a NUL-terminated string (free it), or NULL when it
 * cannot be read. */
char *tu_read_file(const char *path);

/* 1 when both files can be read and have the same bytes, else 0. */
int tu_files_equal(const char *a, const char *b);

/* Strips leading and trailing white space in place; returns the start. */
char *tu_trim(char *s);

/* A command line being built: a NULL-terminated argv that grows.
 * Zero-initialise it, add to it, run a.argv, then tu_argv_free. */
struct tu_argv {
  char **argv;
  size_t argc;
};
/* Appends a copy of arg. */
void tu_argv_add(struct tu_argv *a, const char *arg);
/* Appends each word of text separated by spaces, as a shell would split an
 * unquoted "$FLAGS" (no quoting); nothing for NULL or "".
 * tu_argv_add_words(&a, "words.txt 3") adds "words.txt" and "3". */
void tu_argv_add_words(struct tu_argv *a, const char *text);
void tu_argv_free(struct tu_argv *a);

/* How tu_run runs a program.  Zero-initialised: in the current directory,
 * with the tool's standard streams and environment, no time limit. */
struct tu_run_options {
  const char *dir;           /* directory to run in (NULL: the tool's) */
  const char *in;            /* file for standard input (NULL: the tool's) */
  const char *out, *err;     /* files for standard output and error, truncated
                                (NULL: the tool's; the same name twice: one file) */
  const char *const *env;    /* NULL-terminated "NAME=VALUE" strings to add (or NULL) */
  int timeout;               /* seconds before the program is killed (0: never) */
};

/* tu_run's result for a program killed at its time limit. */
#define TU_TIMED_OUT (-1)

/* Runs argv[0] (found on PATH) with argv, waits for it and returns its exit
 * status, 128 + the signal that killed it, or TU_TIMED_OUT.  *signaled (when
 * not NULL) tells whether a signal ended it (never set for a time-out, whose
 * SIGKILL is tu_run's own).  A program that cannot be started exits 127,
 * one whose directory or files cannot be set up 126, as in the shell.  Dies
 * when it cannot fork or wait. */
int tu_run(char *const argv[], const struct tu_run_options *options, int *signaled);

#endif /* ALLOCSITE_TESTUTIL_H */
