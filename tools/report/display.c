/*
 * display.c - paths, locations and function names as commands show them
 * (see display.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "display.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "util.h"

/* The current directory under up to two spellings: getcwd's, which has no
 * symlinks, and $PWD, which is how the shell (and so the compiler, which
 * records paths in debug info) may have seen it. */
static char *cwd_physical;
static char *cwd_logical;
/* The directory of the program the report is of: the closest thing to the
 * build directory a report records (sites record absolute source paths,
 * not the compile directory), tried when a path is not below the current
 * directory, so that an in-tree build run from elsewhere still shows
 * "src/a.c" rather than a path that fills the location column. */
static char *program_dir;

static char *current_directory(void) {
  size_t size = 256;
  for (;;) {
    char *buf = xmalloc(size);
    if (getcwd(buf, size))
      return buf;
    free(buf);
    if (errno != ERANGE)
      return NULL; /* deleted or unreadable: show absolute paths */
    size *= 2;
  }
}

void display_init(const char *program) {
  if (program && program[0] == '/') {
    const char *slash = strrchr(program, '/');
    if (slash != program)
      program_dir = xasprintf("%.*s", (int)(slash - program), program);
  }
  cwd_physical = current_directory();
  const char *pwd = getenv("PWD");
  struct stat a, b;
  if (pwd && pwd[0] == '/' && cwd_physical && strcmp(pwd, cwd_physical) != 0 &&
      stat(pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
    cwd_logical = xstrdup(pwd);
}

/* The part of path below dir, or NULL if path is not under dir. */
static const char *below(const char *path, const char *dir) {
  if (!dir)
    return NULL;
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  if (n == 1 && dir[0] == '/')
    return path[0] == '/' && path[1] ? path + 1 : NULL;
  if (strncmp(path, dir, n) != 0 || path[n] != '/' || !path[n + 1])
    return NULL;
  return path + n + 1;
}

/* The part of path below the current directory, or NULL. */
static const char *below_cwd(const char *path) {
  if (path[0] != '/')
    return NULL;
  const char *rel = below(path, cwd_physical);
  return rel ? rel : below(path, cwd_logical);
}

char *display_path(const char *path) {
  const char *rel = below_cwd(path);
  if (!rel && path[0] == '/')
    rel = below(path, program_dir);
  return text_escape(rel ? rel : path, 0);
}

char *display_cwd_path(const char *path) {
  const char *rel = below_cwd(path);
  return text_escape(rel ? rel : path, 0);
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}

char *display_place(const char *file, uint32_t line, uint32_t column) {
  char *path = display_path(file);
  char *s;
  if (line && column)
    s = xasprintf("%s:%" PRIu32 ":%" PRIu32, path, line, column);
  else if (line)
    s = xasprintf("%s:%" PRIu32, path, line);
  else
    s = xstrdup(path);
  free(path);
  return s;
}

char *display_location(const struct as_site *site) {
  if (site->file)
    return display_place(site->file, site->line, site->column);
  /* The plugin still knows the translation unit; naming it and saying why
   * the line is missing tells the user both where to look and how to get
   * the line next time. */
  if (!site->module)
    return xstrdup("(file:line needs -g)");
  char *module = text_escape(base_name(site->module), 0);
  char *s = xasprintf("%s: (file:line needs -g)", module);
  free(module);
  return s;
}

char *display_name(const char *name) { return text_escape(name ? name : "?", 0); }

char *display_function(const struct as_site *site) {
  char *fn = display_name(site->function);
  if (site->num_inlined == 0)
    return fn;
  /* Only the outermost function: the table stays readable, and the whole
   * chain, with locations, is in the report. */
  char *into = display_name(site->inlined_at[site->num_inlined - 1].function);
  char *s = xasprintf("%s (inlined into %s)", fn, into);
  free(fn);
  free(into);
  return s;
}

/* "main", "?? (libfoo.so.1+0x1a2b)" for an address the symbolizer could not
 * resolve, "?? (0x7f12...)" for one outside every known module. */
char *display_sym_function(const struct sym_frame *f, const struct sym_location *where,
                           const struct as_contexts *contexts) {
  if (f->function)
    return text_escape(f->function, 0);
  if (where->module < 0)
    return xasprintf("?? (0x%" PRIx64 ")", where->offset);
  char *module = text_escape(base_name(contexts->modules[where->module].path), 0);
  char *s = xasprintf("?? (%s+0x%" PRIx64 ")", module, where->offset);
  free(module);
  return s;
}
