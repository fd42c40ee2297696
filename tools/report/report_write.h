/*
 * report_write.h - writes a report model back out as an allocsite report
 * (the current format version), for `merge`.  The output is canonical: sites
 * sorted by ID, heap entries by function, modules by path and stacks by key
 * (the order the model keeps them in, report_merge.c), so merging the same
 * reports in any grouping gives the same bytes.
 */
#ifndef ALLOCSITE_REPORT_WRITE_H
#define ALLOCSITE_REPORT_WRITE_H

#include <stdio.h>

#include "report_model.h"

/* Writes r to out.  Returns 0, or -1 with *error set (the caller frees it)
 * when a count is beyond what a report can hold (2^63-1: summing many
 * reports can get there) or out cannot be written. */
int as_report_write(const struct as_report *r, FILE *out, char **error);

#endif
