/*
 * output.h - files that commands write (merge's report, pprof's profile,
 * html's pages): written under a temporary name beside the target and
 * renamed over it when complete, so that, like the runtime's reports, an
 * output is whole or absent - never half-written by a full disk or a crash.
 */
#ifndef ALLOCSITE_REPORT_OUTPUT_H
#define ALLOCSITE_REPORT_OUTPUT_H

#include <stdio.h>

/* Writes path ("-": standard output) with write(file, context, &error):
 * opens a temporary file beside path, calls write, and renames the file
 * into place; when write returns non-zero, or writing or renaming fails,
 * the temporary file is removed and "cannot write 'PATH': REASON" printed.
 * Returns 0 or -1. */
int output_write(const char *path, int (*write)(FILE *file, void *context, char **error),
                 void *context);

#endif
