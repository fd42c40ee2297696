/*
 * samples.c - the report as pprof-like samples (see samples.h).
 */
#include "samples.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void add_frame(struct sample *s, size_t *cap, struct sample_frame f) {
  if (s->num_frames == *cap)
    s->frames = xreallocarray(s->frames, *cap = *cap ? *cap * 2 : 4, sizeof *s->frames);
  s->frames[s->num_frames++] = f;
}

static struct sample site_sample(const struct as_site *site) {
  struct sample s = {site->objects, site->bytes, site, NULL, NULL, 0};
  size_t cap = 0;
  add_frame(&s, &cap,
            (struct sample_frame){site->file, site->function, site->line, site->column,
                                  site->file ? NULL : site->module, 0, NULL, NULL});
  for (size_t k = 0; k < site->num_inlined; k++) {
    const struct as_frame *f = &site->inlined_at[k];
    add_frame(&s, &cap,
              (struct sample_frame){f->file, f->function, f->line, f->column, NULL, 0, NULL, NULL});
  }
  return s;
}

static struct sample stack_sample(const struct as_stack *stack, const struct as_contexts *c,
                                  const struct sym_table *t) {
  struct sample s = {stack->objects, stack->bytes, NULL, stack, NULL, 0};
  size_t cap = 0;
  for (size_t k = 0; k < stack->num_frames; k++) {
    const struct sym_location *l = sym_lookup(t, &stack->frames[k]);
    for (size_t j = 0; j < l->num_frames; j++) {
      const struct sym_frame *f = &l->frames[j];
      struct sample_frame sf = {f->file, f->function, f->line, f->column, NULL, 0, f, l};
      if (!f->file && !f->function) {
        sf.module = l->module >= 0 ? c->modules[l->module].path : NULL;
        sf.offset = l->offset;
      }
      add_frame(&s, &cap, sf);
    }
  }
  return s;
}

void samples_build(const struct as_report *r, const struct sym_table *symbols,
                   int (*keep_site)(const struct as_site *, const void *),
                   int (*keep_stack)(const struct as_stack *, const struct sym_table *,
                                     const void *),
                   const void *arg, struct sample_set *out) {
  const struct as_contexts *c = symbols ? r->contexts : NULL;
  size_t max = r->num_sites + (c ? c->num_stacks : 0), n = 0;
  out->samples = xcalloc(max ? max : 1, sizeof *out->samples);
  out->from_contexts = c != NULL;
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *site = &r->sites[i];
    /* With contexts, a site's heap allocations are in the stacks. */
    if (c && !(site->flags & AS_SITE_PROMOTED))
      continue;
    if (!keep_site || keep_site(site, arg))
      out->samples[n++] = site_sample(site);
  }
  for (size_t i = 0; c && i < c->num_stacks; i++)
    if (!keep_stack || keep_stack(&c->stacks[i], symbols, arg))
      out->samples[n++] = stack_sample(&c->stacks[i], c, symbols);
  out->num_samples = n;
}

void samples_free(struct sample_set *s) {
  for (size_t i = 0; i < s->num_samples; i++)
    free(s->samples[i].frames);
  free(s->samples);
  s->samples = NULL;
  s->num_samples = 0;
}

int samples_symbolize(const struct as_report *r, const char *explicit_path, struct sym_table *out) {
  if (!r->contexts)
    return 0;
  char *error = NULL;
  char *symbolizer = symbolizer_find(explicit_path, &error);
  if (!symbolizer || symbolize_contexts(r->contexts, symbolizer, out, &error) != 0) {
    report_error("%s", error);
    free(error);
    free(symbolizer);
    return -1;
  }
  free(symbolizer);
  return 1;
}

void samples_print_inline_only_note(void) {
  printf("(cum counts callers through inlined calls only: the report has no calling contexts; "
         "build with -fno-omit-frame-pointer and run with ALLOCSITE_DEPTH=8 to credit every "
         "caller)\n");
}

int compare_names(const char *a, const char *b) {
  if (!a || !b)
    return (a == NULL) - (b == NULL); /* NULL last */
  return strcmp(a, b);
}

int sample_key_compare(const struct sample_frame *a, const struct sample_frame *b) {
  int c;
  if ((c = compare_names(a->file, b->file)))
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if ((c = compare_names(a->function, b->function)) || (c = compare_names(a->module, b->module)))
    return c;
  return (a->offset > b->offset) - (a->offset < b->offset);
}

static int compare_rows(const void *a, const void *b) {
  return sample_key_compare(&((const struct sample_row *)a)->key,
                            &((const struct sample_row *)b)->key);
}

/* Sorts rows[0..n) and merges equal keys; cum is summed only when
 * sum_cum (across samples), kept once within one sample. */
static size_t fold_rows(struct sample_row *rows, size_t n, int sum_cum) {
  qsort(rows, n, sizeof *rows, compare_rows);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    struct sample_row *into = m ? &rows[m - 1] : NULL;
    if (!into || sample_key_compare(&into->key, &rows[i].key) != 0) {
      rows[m++] = rows[i];
      continue;
    }
    into->flat_objects += rows[i].flat_objects;
    into->flat_bytes += rows[i].flat_bytes;
    if (sum_cum) {
      into->cum_objects += rows[i].cum_objects;
      into->cum_bytes += rows[i].cum_bytes;
    }
    if (!into->site)
      into->site = rows[i].site;
  }
  return m;
}

size_t samples_rows(const struct sample_set *set, sample_key_fn key, const void *arg,
                    struct sample_row **out) {
  size_t cap = 16, n = 0;
  struct sample_row *rows = xcalloc(cap, sizeof *rows);
  for (size_t i = 0; i < set->num_samples; i++) {
    const struct sample *s = &set->samples[i];
    size_t first = n;
    for (size_t k = 0; k < s->num_frames; k++) {
      struct sample_row row = {0};
      if (!key(&s->frames[k], arg, &row.key))
        continue;
      row.frame = &s->frames[k];
      if (k == 0) {
        row.flat_objects = s->objects;
        row.flat_bytes = s->bytes;
        row.site = s->site;
      }
      row.cum_objects = s->objects;
      row.cum_bytes = s->bytes;
      if (n == cap)
        rows = xreallocarray(rows, cap *= 2, sizeof *rows);
      rows[n++] = row;
    }
    n = first + fold_rows(rows + first, n - first, 0);
  }
  *out = rows;
  return fold_rows(rows, n, 1);
}

struct sample_row *samples_find_row(struct sample_row *rows, size_t n,
                                    const struct sample_frame *key) {
  struct sample_row probe = {0};
  probe.key = *key;
  return bsearch(&probe, rows, n, sizeof *rows, compare_rows);
}
