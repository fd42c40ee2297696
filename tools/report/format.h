/*
 * format.h - numbers as every command prints them: exact counts, shares and
 * averages with two decimals rounded half up, signed deltas, and English
 * plurals.  Each function returns fresh memory unless it says otherwise.
 */
#ifndef ALLOCSITE_REPORT_FORMAT_H
#define ALLOCSITE_REPORT_FORMAT_H

#include <stdint.h>

/* "97.09%", or "-" when total is 0. */
char *format_percent(uint64_t part, uint64_t total);

/* bytes/objects: "16" when exact, else "81.50"; "-" for no objects. */
char *format_average(uint64_t bytes, uint64_t objects);

/* now - before with its sign: "+115", "-3", "0". */
char *format_delta(uint64_t before, uint64_t now);

/* The change from before to now as a signed percentage of before:
 * "+100.88%", "-50.00%", "0.00%"; "new" when before is 0 and now is not. */
char *format_change(uint64_t before, uint64_t now);

/* one or many, by n (not copied). */
const char *plural(uint64_t n, const char *one, const char *many);

#endif
