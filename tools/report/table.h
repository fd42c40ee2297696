/*
 * table.h - plain-text tables whose columns are as wide as their widest
 * cell, for every command that prints rows (top today; list and diff later).
 * Cells are added row by row, left to right; the first row is usually the
 * header.  Columns are separated by two spaces and lines carry no trailing
 * blanks, so output is stable to compare in tests.
 */
#ifndef ALLOCSITE_REPORT_TABLE_H
#define ALLOCSITE_REPORT_TABLE_H

#include <stdio.h>

#include "util.h"

enum table_align { TABLE_LEFT, TABLE_RIGHT };

struct table;

/* align[] has one entry per column (copied). */
struct table *table_new(size_t num_columns, const enum table_align *align);
/* The next cell, printf-formatted.  The text must already be escaped
 * (text.h) if it comes from a report. */
void table_cell(struct table *t, const char *fmt, ...) AS_PRINTF(2, 3);
void table_print(const struct table *t, FILE *out);
void table_free(struct table *t);

#endif
