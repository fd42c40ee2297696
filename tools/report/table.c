/*
 * table.c - column-fitting plain-text tables (see table.h).
 */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

struct table {
  size_t num_columns;
  enum table_align *align;
  char **cells; /* row-major */
  size_t num_cells, cap;
};

struct table *table_new(size_t num_columns, const enum table_align *align) {
  struct table *t = xcalloc(1, sizeof *t);
  t->num_columns = num_columns;
  t->align = xcalloc(num_columns, sizeof *t->align);
  memcpy(t->align, align, num_columns * sizeof *align);
  return t;
}

void table_cell(struct table *t, const char *fmt, ...) {
  if (t->num_cells == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->cells = xreallocarray(t->cells, t->cap, sizeof *t->cells);
  }
  va_list ap;
  va_start(ap, fmt);
  t->cells[t->num_cells++] = xvasprintf(fmt, ap);
  va_end(ap);
}

static void pad(FILE *out, size_t n) {
  while (n--)
    fputc(' ', out);
}

void table_print(const struct table *t, FILE *out) {
  size_t *width = xcalloc(t->num_columns, sizeof *width);
  for (size_t i = 0; i < t->num_cells; i++) {
    size_t w = text_width(t->cells[i]);
    size_t c = i % t->num_columns;
    if (w > width[c])
      width[c] = w;
  }
  for (size_t row = 0; row * t->num_columns < t->num_cells; row++) {
    size_t first = row * t->num_columns;
    size_t end = first + t->num_columns < t->num_cells ? first + t->num_columns : t->num_cells;
    /* Left-aligned cells at the end of a line need no padding. */
    size_t last = end;
    while (last > first && t->align[last - 1 - first] == TABLE_LEFT && !*t->cells[last - 1])
      last--;
    for (size_t i = first; i < last; i++) {
      size_t c = i - first;
      size_t blank = width[c] - text_width(t->cells[i]);
      if (c)
        fputs("  ", out);
      if (t->align[c] == TABLE_RIGHT)
        pad(out, blank);
      fputs(t->cells[i], out);
      if (t->align[c] == TABLE_LEFT && i + 1 < last)
        pad(out, blank);
    }
    fputc('\n', out);
  }
  free(width);
}

void table_free(struct table *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->num_cells; i++)
    free(t->cells[i]);
  free(t->cells);
  free(t->align);
  free(t);
}
