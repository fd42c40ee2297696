/*
 * source.h - the program's source files, for the commands that annotate
 * them (list, html): finding a file that moved (--source-dir, like pprof's
 * -source_path), reading it into lines, and guessing which lines a
 * function spans (the report knows where allocations are, not where
 * functions begin and end).
 */
#ifndef ALLOCSITE_REPORT_SOURCE_H
#define ALLOCSITE_REPORT_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct source {
  char *path;   /* the file actually read */
  char *text;   /* its contents, lines split in place */
  char **lines; /* lines[0] is line 1; without the newline */
  size_t num_lines;
};

/*
 * Reads file, trying first its own path, then for each directory in dirs
 * (in order) DIR/ followed by each trailing part of the path, longest first:
 * for /build/src/app/x.c and DIR: DIR/build/src/app/x.c, DIR/src/app/x.c,
 * DIR/app/x.c, DIR/x.c.  Returns 0, or -1 with *error saying why the file
 * itself could not be read (the caller frees it).
 */
int source_load(const char *file, char *const *dirs, size_t num_dirs, struct source *out,
                char **error);

void source_free(struct source *s);

/*
 * Lines [*first, *last] of the definition of function (a C or demangled C++
 * name) that contains line `inside`: the nearest line at or above it that
 * names the function before a '(', to the brace that closes its body.
 * Returns -1 when no such definition is found.
 */
int source_function_range(const struct source *s, const char *function, uint32_t inside,
                          uint32_t *first, uint32_t *last);

/* A source line made safe to print: tabs expanded to 8 columns, control
 * characters escaped (text.h).  Fresh memory. */
char *source_line_text(const char *line);

#endif
