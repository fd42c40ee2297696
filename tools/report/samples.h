/*
 * samples.h - a report seen as pprof sees a profile: samples, each a count
 * of objects and bytes with the chain of source frames that led to it,
 * innermost first.  `top`'s flat and cum columns and `list`'s per-line flat
 * and cum are both sums over these samples, so the two views (and a pprof
 * export of the same report) agree by construction.
 *
 * Where the samples come from (why: each allocation must be counted once):
 *  - without calling contexts, one sample per site; its frames are the
 *    site's own place and the calls it was inlined through (as_site's
 *    inlined_at), so a caller is credited only through inlined calls;
 *  - with contexts (symbolized), one sample per heap stack, its frames the
 *    symbolized return addresses, each expanded into its inlined frames;
 *    plus one sample per promoted site (stack slots are not in the heap, so
 *    no stack counts them).  The stacks already hold every inlined frame the
 *    sites' chains hold, so sites that allocated on the heap are not added
 *    again: that would count their allocations twice.
 */
#ifndef ALLOCSITE_REPORT_SAMPLES_H
#define ALLOCSITE_REPORT_SAMPLES_H

#include <stddef.h>
#include <stdint.h>

#include "report_model.h"
#include "symbolize.h"

/* One source-level frame of a sample. */
struct sample_frame {
  const char *file, *function; /* NULL when unknown */
  uint32_t line, column;
  /* For a frame the symbolizer could not name: its module path (NULL when
   * unknown) and offset, so that unnamed frames stay apart. */
  const char *module;
  uint64_t offset;
  const struct sym_frame *sym;         /* for frames from a stack */
  const struct sym_location *location; /* the return address sym came from */
};

struct sample {
  uint64_t objects, bytes;
  const struct as_site *site;   /* the site, for site samples; else NULL */
  const struct as_stack *stack; /* the stack, for stack samples; else NULL */
  struct sample_frame *frames;  /* innermost first; none for an empty stack */
  size_t num_frames;
};

struct sample_set {
  struct sample *samples;
  size_t num_samples;
  int from_contexts; /* 1 when the stacks are the samples */
};

/* Fills *out from r.  symbols is the symbolized r->contexts, or NULL to use
 * the sites and their inlining chains only.  keep_site (may be NULL) selects
 * the site samples; keep_stack (may be NULL) the stack samples. */
void samples_build(const struct as_report *r, const struct sym_table *symbols,
                   int (*keep_site)(const struct as_site *, const void *),
                   int (*keep_stack)(const struct as_stack *, const struct sym_table *,
                                     const void *),
                   const void *arg, struct sample_set *out);

void samples_free(struct sample_set *s);

/* One row of a view: the frames that map to one key, with flat (samples
 * whose innermost frame maps to it) and cum (samples with any frame that
 * maps to it, each sample once however often: recursion counts once). */
struct sample_row {
  struct sample_frame key; /* the fields the grouping compares; the rest 0 */
  uint64_t flat_objects, flat_bytes, cum_objects, cum_bytes;
  /* A frame that maps to the row, for showing it; and the site, when a
   * site's own place maps to it (for site samples). */
  const struct sample_frame *frame;
  const struct as_site *site;
  size_t sites, promotable; /* filled by the caller (top's grouped rows) */
};

/* Maps a frame to the key of its row (zeroing what the grouping does not
 * compare); returns 0 for a frame that belongs to no row. */
typedef int (*sample_key_fn)(const struct sample_frame *f, const void *arg,
                             struct sample_frame *key);

/* The rows of set under key, sorted by key; *out is allocated. */
size_t samples_rows(const struct sample_set *set, sample_key_fn key, const void *arg,
                    struct sample_row **out);

/* strcmp, with NULL (unknown) after every name. */
int compare_names(const char *a, const char *b);

/* Orders keys: file, line, column, function, module, offset (NULL last). */
int sample_key_compare(const struct sample_frame *a, const struct sample_frame *b);

/* The row of rows[0..n) (sorted) with this key, or NULL. */
struct sample_row *samples_find_row(struct sample_row *rows, size_t n,
                                    const struct sample_frame *key);

/* Symbolizes r's contexts into *out when r has them (with the symbolizer
 * symbolizer_find picks for explicit_path).  Returns 1 when *out was
 * filled, 0 when r has no contexts, -1 (message printed) when the
 * symbolizer could not be run. */
int samples_symbolize(const struct as_report *r, const char *explicit_path, struct sym_table *out);

/* The one line both views print when cum comes from inlining chains only. */
void samples_print_inline_only_note(void);

#endif
