/*
 * source.c - finding, reading and measuring source files (see source.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "source.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text.h"
#include "util.h"

/* Source files larger than this are not read (a generated monster is not
 * worth annotating, and a wrong --source-dir should not read a disk image). */
#define SOURCE_MAX (64u << 20)

static char *read_file(const char *path, int *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    *err = errno;
    return NULL;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > SOURCE_MAX) {
    *err = S_ISDIR(st.st_mode) ? EISDIR : EFBIG;
    fclose(f);
    return NULL;
  }
  char *buf = xmalloc((size_t)st.st_size + 1);
  size_t n = fread(buf, 1, (size_t)st.st_size, f);
  int failed = ferror(f);
  fclose(f);
  if (failed) {
    *err = EIO;
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  return buf;
}

int source_load(const char *file, char *const *dirs, size_t num_dirs, struct source *out,
                char **error) {
  memset(out, 0, sizeof *out);
  int err = 0, first_err;
  char *text = read_file(file, &err), *path = xstrdup(file);
  first_err = err;
  for (size_t d = 0; !text && d < num_dirs; d++)
    for (const char *tail = file; !text && tail; tail = strchr(tail + 1, '/')) {
      const char *rest = tail + (*tail == '/');
      if (!*rest)
        break;
      free(path);
      path = xasprintf("%s/%s", dirs[d], rest);
      text = read_file(path, &err);
    }
  if (!text) {
    char *shown = text_escape(file, 0);
    *error = xasprintf("cannot read source '%s': %s", shown, strerror(first_err));
    free(shown);
    free(path);
    return -1;
  }
  out->path = path;
  out->text = text;
  size_t cap = 64;
  out->lines = xcalloc(cap, sizeof *out->lines);
  for (char *p = text; *p;) {
    if (out->num_lines == cap)
      out->lines = xreallocarray(out->lines, cap *= 2, sizeof *out->lines);
    out->lines[out->num_lines++] = p;
    char *nl = strchr(p, '\n');
    if (!nl)
      break;
    *nl = '\0';
    if (nl > p && nl[-1] == '\r')
      nl[-1] = '\0';
    p = nl + 1;
  }
  return 0;
}

void source_free(struct source *s) {
  free(s->path);
  free(s->text);
  free(s->lines);
  memset(s, 0, sizeof *s);
}

/* The identifier a definition line names: "ns::C::get(int) const" -> "get". */
static char *short_name(const char *function) {
  const char *end = strchr(function, '(');
  if (!end)
    end = function + strlen(function);
  const char *start = end;
  while (start > function && (isalnum((unsigned char)start[-1]) || start[-1] == '_' ||
                              start[-1] == '~'))
    start--;
  return end > start ? xasprintf("%.*s", (int)(end - start), start) : NULL;
}

/* Whether line names `name` as a whole identifier followed by '('. */
static int names_call(const char *line, const char *name) {
  size_t n = strlen(name);
  for (const char *p = strstr(line, name); p; p = strstr(p + 1, name)) {
    if (p > line && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
      continue;
    const char *q = p + n;
    while (*q == ' ' || *q == '\t')
      q++;
    if (*q == '(')
      return 1;
  }
  return 0;
}

int source_function_range(const struct source *s, const char *function, uint32_t inside,
                          uint32_t *first, uint32_t *last) {
  char *name = function ? short_name(function) : NULL;
  if (!name || inside == 0 || inside > s->num_lines) {
    free(name);
    return -1;
  }
  /* Calls to the function inside its own body (recursion) would also
   * match; the definition is the match after which the braces that open
   * first close at or below `inside`. */
  for (uint32_t start = inside; start >= 1 && inside - start < 10000; start--) {
    if (!names_call(s->lines[start - 1], name))
      continue;
    int depth = 0, opened = 0, in_comment = 0;
    for (uint32_t l = start; l <= s->num_lines && l - start < 100000; l++) {
      const char *p = s->lines[l - 1];
      char quote = 0;
      for (; *p; p++) {
        if (in_comment) {
          if (p[0] == '*' && p[1] == '/')
            in_comment = 0, p++;
        } else if (quote) {
          if (*p == '\\' && p[1])
            p++;
          else if (*p == quote)
            quote = 0;
        } else if (p[0] == '/' && p[1] == '/') {
          break;
        } else if (p[0] == '/' && p[1] == '*') {
          in_comment = 1, p++;
        } else if (*p == '"' || *p == '\'') {
          quote = *p;
        } else if (*p == '{') {
          depth++, opened = 1;
        } else if (*p == '}') {
          depth--;
        } else if (*p == ';' && !opened && depth == 0) {
          break; /* a declaration or a call, not a definition */
        }
      }
      if (*p == ';' && !opened)
        break;
      if (opened && depth <= 0) {
        if (l >= inside) {
          *first = start;
          *last = l;
          free(name);
          return 0;
        }
        break;
      }
    }
  }
  free(name);
  return -1;
}

char *source_line_text(const char *line) {
  size_t cap = strlen(line) * 8 + 1, n = 0;
  char *expanded = xmalloc(cap);
  for (const char *p = line; *p; p++) {
    if (*p == '\t') {
      do
        expanded[n++] = ' ';
      while (n % 8);
    } else {
      expanded[n++] = *p;
    }
  }
  expanded[n] = '\0';
  char *s = text_escape(expanded, 0);
  free(expanded);
  return s;
}
