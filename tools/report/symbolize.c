/*
 * symbolize.c - frames to source places through llvm-symbolizer (see
 * symbolize.h).
 *
 * The symbolizer reads `"PATH" 0xADDR` lines and answers each with one line
 * of JSON (--output-style=JSON, in LLVM 14 and later), whose "Symbol" array
 * lists the inlined frames innermost first.  Frames are return addresses,
 * so offset - 1 is symbolized (as pprof does): the address of the call
 * itself, not of the instruction after it, which may belong to the next
 * line or even the next function.  The input goes through a temporary
 * file rather than a pipe so that a large batch cannot deadlock with the
 * symbolizer's output.
 */
#define _POSIX_C_SOURCE 200809L
#include "symbolize.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#ifndef ALLOCSITE_DEFAULT_SYMBOLIZER
#define ALLOCSITE_DEFAULT_SYMBOLIZER ""
#endif

static int executable(const char *path) { return path && *path && access(path, X_OK) == 0; }

char *symbolizer_find(const char *explicit_path, char **error) {
  if (explicit_path) {
    if (executable(explicit_path))
      return xstrdup(explicit_path);
    *error = xasprintf("--symbolizer '%s' is not an executable file", explicit_path);
    return NULL;
  }
  const char *env = getenv("ALLOCSITE_SYMBOLIZER");
  if (env && *env) {
    if (executable(env))
      return xstrdup(env);
    *error = xasprintf("ALLOCSITE_SYMBOLIZER='%s' is not an executable file", env);
    return NULL;
  }
  const char *path = getenv("PATH");
  for (const char *p = path; p && *p;) {
    const char *end = strchr(p, ':');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char *candidate = xasprintf("%.*s/llvm-symbolizer", (int)len, len ? p : ".");
    if (executable(candidate))
      return candidate;
    free(candidate);
    p = end ? end + 1 : p + len;
  }
  if (executable(ALLOCSITE_DEFAULT_SYMBOLIZER))
    return xstrdup(ALLOCSITE_DEFAULT_SYMBOLIZER);
  *error = xasprintf("no llvm-symbolizer found (not on PATH%s%s); give its path with "
                     "--symbolizer PATH or ALLOCSITE_SYMBOLIZER",
                     *ALLOCSITE_DEFAULT_SYMBOLIZER ? " nor at " : "",
                     ALLOCSITE_DEFAULT_SYMBOLIZER);
  return NULL;
}

static int compare_locations(const void *pa, const void *pb) {
  const struct sym_location *a = pa, *b = pb;
  if (a->module != b->module)
    return a->module < b->module ? -1 : 1;
  return (a->offset > b->offset) - (a->offset < b->offset);
}

const struct sym_location *sym_lookup(const struct sym_table *t, const struct as_stack_frame *f) {
  struct sym_location key = {f->module, f->offset, NULL, 0};
  return bsearch(&key, t->locations, t->num_locations, sizeof key, compare_locations);
}

void sym_table_free(struct sym_table *t) {
  for (size_t i = 0; i < t->num_locations; i++) {
    for (size_t k = 0; k < t->locations[i].num_frames; k++) {
      free(t->locations[i].frames[k].function);
      free(t->locations[i].frames[k].file);
    }
    free(t->locations[i].frames);
  }
  free(t->locations);
  memset(t, 0, sizeof *t);
}

/* The symbolizer's input syntax has no escapes: a path with a quote or a
 * line break cannot be given, and its frames stay unresolved. */
static int can_ask(const struct as_contexts *c, const struct sym_location *l) {
  return l->module >= 0 && l->offset > 0 && !strpbrk(c->modules[l->module].path, "\"\n\r");
}

static char *nonempty(json_t *v) {
  const char *s = json_string_value(v);
  return s && *s && strcmp(s, "??") != 0 ? xstrdup(s) : NULL;
}

static uint32_t u32(json_t *v) {
  json_int_t n = json_integer_value(v);
  return n > 0 && n <= UINT32_MAX ? (uint32_t)n : 0;
}

/* Fills l from one line of the symbolizer's JSON answer; a line it cannot
 * read leaves l unresolved (a missing or stripped module is not an error:
 * the other frames are still worth showing). */
static void read_answer(const char *line, struct sym_location *l) {
  json_t *root = json_loads(line, 0, NULL);
  json_t *symbols = json_object_get(root, "Symbol");
  size_t n = json_array_size(symbols);
  if (n > 0) {
    l->frames = xcalloc(n, sizeof *l->frames);
    l->num_frames = n;
    for (size_t k = 0; k < n; k++) {
      json_t *s = json_array_get(symbols, k);
      l->frames[k].function = nonempty(json_object_get(s, "FunctionName"));
      l->frames[k].file = nonempty(json_object_get(s, "FileName"));
      l->frames[k].line = u32(json_object_get(s, "Line"));
      l->frames[k].column = u32(json_object_get(s, "Column"));
    }
  }
  json_decref(root);
}

/* Runs the symbolizer on in (rewound), returning its whole output. */
static char *run_symbolizer(const char *symbolizer, FILE *in, char **error) {
  int out[2];
  if (fflush(in) != 0 || fseek(in, 0, SEEK_SET) != 0 || pipe(out) != 0) {
    *error = xasprintf("cannot run '%s': %s", symbolizer, strerror(errno));
    return NULL;
  }
  pid_t pid = fork();
  if (pid < 0) {
    *error = xasprintf("cannot run '%s': %s", symbolizer, strerror(errno));
    close(out[0]);
    close(out[1]);
    return NULL;
  }
  if (pid == 0) {
    dup2(fileno(in), 0);
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    execl(symbolizer, symbolizer, "--inlining", "--demangle", "--output-style=JSON", (char *)NULL);
    fprintf(stderr, TOOL_NAME ": error: cannot run '%s': %s\n", symbolizer, strerror(errno));
    _exit(127);
  }
  close(out[1]);
  size_t size = 0, cap = 4096;
  char *buf = xmalloc(cap);
  for (;;) {
    if (size + 1 >= cap)
      buf = xrealloc(buf, cap *= 2);
    ssize_t got = read(out[0], buf + size, cap - size - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0)
      break;
    size += (size_t)got;
  }
  buf[size] = '\0';
  close(out[0]);
  int wstatus;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    *error = xasprintf("'%s' failed (%s %d)", symbolizer,
                       WIFEXITED(wstatus) ? "exit status" : "signal",
                       WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : WTERMSIG(wstatus));
    free(buf);
    return NULL;
  }
  return buf;
}

int symbolize_contexts(const struct as_contexts *c, const char *symbolizer, struct sym_table *out,
                       char **error) {
  memset(out, 0, sizeof *out);
  size_t total = 0;
  for (size_t i = 0; i < c->num_stacks; i++)
    total += c->stacks[i].num_frames;
  struct sym_location *all = xcalloc(total, sizeof *all);
  size_t k = 0;
  for (size_t i = 0; i < c->num_stacks; i++)
    for (size_t f = 0; f < c->stacks[i].num_frames; f++) {
      all[k].module = c->stacks[i].frames[f].module;
      all[k++].offset = c->stacks[i].frames[f].offset;
    }
  qsort(all, total, sizeof *all, compare_locations);
  out->locations = all;
  for (size_t i = 0; i < total; i++)
    if (out->num_locations == 0 || compare_locations(&all[out->num_locations - 1], &all[i]) != 0)
      all[out->num_locations++] = all[i];

  FILE *in = tmpfile();
  if (!in) {
    *error = xasprintf("cannot create a temporary file for the symbolizer: %s", strerror(errno));
    sym_table_free(out);
    return -1;
  }
  size_t asked = 0;
  for (size_t i = 0; i < out->num_locations; i++)
    if (can_ask(c, &all[i])) {
      fprintf(in, "\"%s\" 0x%" PRIx64 "\n", c->modules[all[i].module].path, all[i].offset - 1);
      asked++;
    }
  char *answer = asked ? run_symbolizer(symbolizer, in, error) : xstrdup("");
  fclose(in);
  if (!answer) {
    sym_table_free(out);
    return -1;
  }
  char *line = answer;
  for (size_t i = 0; i < out->num_locations; i++) {
    if (can_ask(c, &all[i]) && *line) {
      char *end = strchr(line, '\n');
      if (end)
        *end = '\0';
      read_answer(line, &all[i]);
      line = end ? end + 1 : line + strlen(line);
    }
    if (all[i].num_frames == 0) {
      all[i].frames = xcalloc(1, sizeof *all[i].frames);
      all[i].num_frames = 1;
    }
  }
  free(answer);
  return 0;
}
