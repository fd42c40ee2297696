/*
 * report_model_internal.h - what the reader's own files share and the
 * commands must not use: the model's free and copy helpers, its counting
 * rules, the names reports give verdicts and flags (report_model.c), and the
 * summing that loading one report needs too, since an ID listed twice in one
 * file is folded like a site of several reports (report_merge.c).
 *
 * Dependencies point one way: report_model.c uses no other file of the
 * reader; report_merge.c uses the model; report_validate.c uses both;
 * report_load.c reaches them through the validator (report_validate.h).
 */
#ifndef ALLOCSITE_REPORT_MODEL_INTERNAL_H
#define ALLOCSITE_REPORT_MODEL_INTERNAL_H

#include "report_model.h"

/* ---- report_model.c ---------------------------------------------------- */

/* Adds v to *sum; -1 (and *sum unchanged) if that overflows 64 bits. */
int as_add_u64(uint64_t *sum, uint64_t v);

/* A string value as error messages quote it: "..." escaped (and cut short
 * if very long), or null.  Fresh memory. */
char *as_quote(const char *s);

/* The verdict a report names name; -1 if none is. */
int as_verdict_named(const char *name, enum as_verdict *out);

/* The flag bit a report names name; 0 if none is. */
unsigned as_site_flag_named(const char *name);

/* "\"wrapper-call\", \"in-wrapper\" or \"promoted\"": what a flag may be,
 * for error messages.  Fresh memory. */
char *as_site_flag_choices(void);

/* Sets r's objects and bytes to the program's total, as version 3 defines
 * "totals".  Returns -1 on overflow. */
int as_report_set_program_total(struct as_report *r);

/* Converts the counts of a version-1 or -2 report to version 3's rule. */
void as_report_convert_legacy_counts(struct as_report *r);

void as_site_free(struct as_site *s);
void as_site_copy(struct as_site *dst, const struct as_site *src);
void as_heap_free(struct as_heap *h);      /* NULL is ignored */
void as_stack_free(struct as_stack *s);    /* its members; s itself is not freed */
void as_contexts_free(struct as_contexts *c); /* NULL is ignored */

/* ---- report_merge.c ---------------------------------------------------- */

/* Folds the sites of r that share an ID into one site each, summing their
 * counts, and sets r's objects and bytes to the sums over the sites.
 * Returns -1 with *error set (naming r's source) when two entries describe
 * their site differently or a sum overflows; r is then unchanged. */
int as_report_fold_repeated_sites(struct as_report *r, char **error);

/* Sums heaps[0..n) into a fresh heap, entries by function; NULL with *error
 * set (naming name) on overflow.  With n == 1, the heap's canonical form. */
struct as_heap *as_heaps_combine(const struct as_heap *const *heaps, size_t n,
                                 const char *name, char **error);

/*
 * Sums contexts[0..n) into one canonical contexts: modules merged by path
 * and sorted, frames renumbered to match, stacks sorted and each key once.
 * names[i] names input i in messages; with n == 1 the conflicts are within
 * one file.  Returns NULL with *error set on a conflict or an overflow.
 */
struct as_contexts *as_contexts_combine(const struct as_contexts *const *contexts, size_t n,
                                        const char *const *names, char **error);

#endif
