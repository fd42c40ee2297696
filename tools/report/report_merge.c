/*
 * report_merge.c - sums reports by site ID (the rules are in
 * report_model.h, at as_report_merge): sites, heap counts and calling
 * contexts, and the messages that say how two reports disagree.
 *
 * The loader uses the same folding for one report (an ID listed twice in a
 * file, or heap entries and stacks put into canonical order), so that "one
 * site per ID" and "which descriptions must agree" are decided in one place.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model_internal.h"
#include "util.h"

static const char *report_name(const struct as_report *r) {
  return r->source ? r->source : "(combined reports)";
}

/* ------------------------------------------------------------------------ */
/* Combining entries that share an ID                                        */
/* ------------------------------------------------------------------------ */

static int same_string(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}
static char *string_difference(const char *field, const char *a, const char *b) {
  if (same_string(a, b))
    return NULL;
  char *qa = as_quote(a), *qb = as_quote(b);
  char *d = xasprintf("%s %s vs %s", field, qa, qb);
  free(qa);
  free(qb);
  return d;
}

static char *number_difference(const char *field, uint64_t a, uint64_t b) {
  if (a == b)
    return NULL;
  return xasprintf("%s %" PRIu64 " vs %" PRIu64, field, a, b);
}

static char *frame_difference(const char *list, size_t k, const struct as_frame *a,
                              const struct as_frame *b) {
  char field[64];
  char *d;
  snprintf(field, sizeof field, "%s[%zu].file", list, k);
  if ((d = string_difference(field, a->file, b->file)))
    return d;
  snprintf(field, sizeof field, "%s[%zu].line", list, k);
  if ((d = number_difference(field, a->line, b->line)))
    return d;
  snprintf(field, sizeof field, "%s[%zu].column", list, k);
  if ((d = number_difference(field, a->column, b->column)))
    return d;
  snprintf(field, sizeof field, "%s[%zu].function", list, k);
  return string_difference(field, a->function, b->function);
}

static char *frames_difference(const char *list, const struct as_frame *a, size_t na,
                               const struct as_frame *b, size_t nb) {
  char field[64];
  snprintf(field, sizeof field, "number of %s frames", list);
  char *d = number_difference(field, na, nb);
  for (size_t k = 0; !d && k < na; k++)
    d = frame_difference(list, k, &a[k], &b[k]);
  return d;
}

/* The first way in which a and b describe their site differently, as
 * "line 7 vs 8", or NULL when they agree on everything but the counts. */
static char *site_difference(const struct as_site *a, const struct as_site *b) {
  char *d;
  if ((d = string_difference("file", a->file, b->file)) ||
      (d = number_difference("line", a->line, b->line)) ||
      (d = number_difference("column", a->column, b->column)) ||
      (d = string_difference("function", a->function, b->function)) ||
      (d = string_difference("module", a->module, b->module)) ||
      (d = string_difference("allocator", a->allocator, b->allocator)) ||
      (d = frames_difference("inlined_at", a->inlined_at, a->num_inlined, b->inlined_at,
                             b->num_inlined)) ||
      (d = frames_difference("merged", a->merged, a->num_merged, b->merged, b->num_merged)))
    return d;
  if (a->verdict != b->verdict)
    return xasprintf("verdict \"%s\" vs \"%s\"", as_verdict_name(a->verdict),
                     as_verdict_name(b->verdict));
  if ((d = string_difference("reason code", a->reason_code, b->reason_code)) ||
      (d = string_difference("reason message", a->reason_message, b->reason_message)) ||
      (d = string_difference("wrapper", a->wrapper, b->wrapper)))
    return d;
  return NULL;
}
struct entry {
  const struct as_site *site;
  size_t report; /* index into the reports being combined */
  size_t index;  /* position within that report */
};

/* By ID, then in command-line order, so that the result and any error
 * message are the same whatever qsort does with equal keys. */
static int compare_entries(const void *pa, const void *pb) {
  const struct entry *a = pa, *b = pb;
  if (a->site->id != b->site->id)
    return a->site->id < b->site->id ? -1 : 1;
  if (a->report != b->report)
    return a->report < b->report ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/*
 * Folds entries (from reports[]) into out->sites, one site per ID, summing
 * counts.  Sorts entries in place.  On failure out->sites holds what was
 * folded so far (freed by as_report_free).
 */
static int fold_entries(struct entry *entries, size_t n, const struct as_report *reports,
                        struct as_report *out, char **error) {
  qsort(entries, n, sizeof *entries, compare_entries);
  out->sites = xcalloc(n, sizeof *out->sites);
  out->num_sites = 0;
  out->objects = out->bytes = 0;
  char id[17];
  const struct entry *first = NULL; /* the first entry with the current ID */
  for (size_t i = 0; i < n; i++) {
    const struct entry *e = &entries[i];
    if (!first || e->site->id != first->site->id) {
      first = e;
      as_site_copy(&out->sites[out->num_sites++], e->site);
    } else {
      struct as_site *into = &out->sites[out->num_sites - 1];
      as_format_id(e->site->id, id);
      char *diff = site_difference(first->site, e->site);
      if (diff) {
        const char *a = report_name(&reports[first->report]);
        const char *b = report_name(&reports[e->report]);
        if (first->report == e->report)
          *error = xasprintf("%s: site %s is listed twice with different descriptions (%s)", a,
                             id, diff);
        else
          *error = xasprintf("%s and %s disagree about site %s (%s): they come from different "
                             "builds, and counts of different builds cannot be combined",
                             a, b, id, diff);
        free(diff);
        return -1;
      }
      int overflow = 0;
      for (size_t k = 0; k < ALLOCSITE_SIZE_BUCKETS; k++)
        overflow |= as_add_u64(&into->sizes[k], e->site->sizes[k]);
      into->has_sizes |= e->site->has_sizes;
      if (overflow || as_add_u64(&into->objects, e->site->objects) ||
          as_add_u64(&into->bytes, e->site->bytes)) {
        *error = xasprintf("%s: counts of site %s overflow 64 bits when summed",
                           report_name(&reports[e->report]), id);
        return -1;
      }
    }
  }
  for (size_t i = 0; i < out->num_sites; i++)
    if (as_add_u64(&out->objects, out->sites[i].objects) ||
        as_add_u64(&out->bytes, out->sites[i].bytes)) {
      *error = xasprintf("%s: total counts overflow 64 bits when summed", report_name(&reports[0]));
      return -1;
    }
  return 0;
}

int as_report_fold_repeated_sites(struct as_report *r, char **error) {
  struct entry *entries = xcalloc(r->num_sites, sizeof *entries);
  for (size_t i = 0; i < r->num_sites; i++)
    entries[i] = (struct entry){&r->sites[i], 0, i};
  struct as_report folded = {0};
  int status = fold_entries(entries, r->num_sites, r, &folded, error);
  free(entries);
  if (status) {
    as_report_free(&folded);
    return -1;
  }
  for (size_t i = 0; i < r->num_sites; i++)
    as_site_free(&r->sites[i]);
  free(r->sites);
  r->sites = folded.sites;
  r->num_sites = folded.num_sites;
  r->objects = folded.objects;
  r->bytes = folded.bytes;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Combining heap counts and calling contexts                                */
/* ------------------------------------------------------------------------ */

static int compare_heap_entries(const void *pa, const void *pb) {
  const struct as_heap_entry *a = pa, *b = pb;
  return strcmp(a->function, b->function);
}

struct as_heap *as_heaps_combine(const struct as_heap *const *heaps, size_t n,
                                 const char *name, char **error) {
  struct as_heap *h = xcalloc(1, sizeof *h);
  size_t total = 0;
  h->interposed = 1;
  for (size_t r = 0; r < n; r++) {
    total += heaps[r]->num_by_function;
    h->interposed &= heaps[r]->interposed;
  }
  struct as_heap_entry *all = xcalloc(total, sizeof *all);
  size_t k = 0;
  int overflow = 0;
  for (size_t r = 0; r < n; r++) {
    overflow |= as_add_u64(&h->objects, heaps[r]->objects) | as_add_u64(&h->bytes, heaps[r]->bytes) |
                as_add_u64(&h->at_sites_objects, heaps[r]->at_sites_objects) |
                as_add_u64(&h->at_sites_bytes, heaps[r]->at_sites_bytes);
    for (size_t i = 0; i < heaps[r]->num_by_function; i++)
      all[k++] = heaps[r]->by_function[i];
  }
  qsort(all, total, sizeof *all, compare_heap_entries);
  h->by_function = xcalloc(total, sizeof *h->by_function);
  for (size_t i = 0; i < total; i++) {
    struct as_heap_entry *last = h->num_by_function ? &h->by_function[h->num_by_function - 1] : NULL;
    if (last && strcmp(last->function, all[i].function) == 0) {
      overflow |= as_add_u64(&last->objects, all[i].objects) | as_add_u64(&last->bytes, all[i].bytes);
    } else {
      h->by_function[h->num_by_function] = all[i];
      h->by_function[h->num_by_function++].function = xstrdup(all[i].function);
    }
  }
  free(all);
  if (overflow) {
    *error = xasprintf("%s: heap counts overflow 64 bits when summed", name);
    as_heap_free(h);
    return NULL;
  }
  return h;
}

/* A module of one of the inputs being combined, and where it came from. */
struct module_entry {
  const struct as_module *module;
  size_t input, index;
};

static int compare_module_entries(const void *pa, const void *pb) {
  const struct module_entry *a = pa, *b = pb;
  int c = strcmp(a->module->path, b->module->path);
  if (c)
    return c;
  if (a->input != b->input)
    return a->input < b->input ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

static int compare_frames(const struct as_stack_frame *a, const struct as_stack_frame *b) {
  if (a->module != b->module)
    return a->module < b->module ? -1 : 1;
  return (a->offset > b->offset) - (a->offset < b->offset);
}

/* The order of stack keys: function, then frames (a prefix first). */
static int compare_stacks(const void *pa, const void *pb) {
  const struct as_stack *a = pa, *b = pb;
  int c = strcmp(a->function, b->function);
  if (c)
    return c;
  for (size_t k = 0; k < a->num_frames && k < b->num_frames; k++)
    if ((c = compare_frames(&a->frames[k], &b->frames[k])))
      return c;
  return (a->num_frames > b->num_frames) - (a->num_frames < b->num_frames);
}

struct as_contexts *as_contexts_combine(const struct as_contexts *const *contexts, size_t n,
                                        const char *const *names, char **error) {
  struct as_contexts *c = xcalloc(1, sizeof *c);
  size_t num_modules = 0, num_stacks = 0;
  for (size_t r = 0; r < n; r++) {
    num_modules += contexts[r]->num_modules;
    num_stacks += contexts[r]->num_stacks;
    if (contexts[r]->depth > c->depth)
      c->depth = contexts[r]->depth;
  }

  /* Modules: one per path; remap[r][i] is input r's module i in c. */
  struct module_entry *entries = xcalloc(num_modules, sizeof *entries);
  size_t **remap = xcalloc(n, sizeof *remap);
  size_t k = 0;
  for (size_t r = 0; r < n; r++) {
    remap[r] = xcalloc(contexts[r]->num_modules, sizeof **remap);
    for (size_t i = 0; i < contexts[r]->num_modules; i++)
      entries[k++] = (struct module_entry){&contexts[r]->modules[i], r, i};
  }
  qsort(entries, num_modules, sizeof *entries, compare_module_entries);
  c->modules = xcalloc(num_modules, sizeof *c->modules);
  const struct module_entry *first = NULL;
  int status = 0;
  for (size_t i = 0; i < num_modules && !status; i++) {
    const struct module_entry *e = &entries[i];
    if (!first || strcmp(first->module->path, e->module->path) != 0) {
      first = e;
      c->modules[c->num_modules].path = xstrdup(e->module->path);
      c->modules[c->num_modules++].build_id = xstrdup(e->module->build_id);
    } else if (!same_string(first->module->build_id, e->module->build_id)) {
      char *path = as_quote(e->module->path);
      char *a = as_quote(first->module->build_id), *b = as_quote(e->module->build_id);
      if (first->input == e->input)
        *error = xasprintf("%s: contexts.modules[%zu] and contexts.modules[%zu] are both %s but "
                           "with different build IDs (%s vs %s)",
                           names[e->input], first->index, e->index, path, a, b);
      else
        *error = xasprintf("%s and %s disagree about module %s (build_id %s vs %s): they come "
                           "from different builds, and counts of different builds cannot be "
                           "combined",
                           names[first->input], names[e->input], path, a, b);
      free(path);
      free(a);
      free(b);
      status = -1;
    }
    remap[e->input][e->index] = c->num_modules - 1;
  }
  free(entries);

  /* Stacks, with frames renumbered, then sorted and folded. */
  struct as_stack *all = xcalloc(num_stacks, sizeof *all);
  k = 0;
  for (size_t r = 0; r < n && !status; r++)
    for (size_t i = 0; i < contexts[r]->num_stacks; i++) {
      const struct as_stack *s = &contexts[r]->stacks[i];
      struct as_stack *t = &all[k++];
      *t = *s;
      t->function = xstrdup(s->function);
      t->frames = xcalloc(s->num_frames, sizeof *t->frames);
      for (size_t f = 0; f < s->num_frames; f++) {
        t->frames[f] = s->frames[f];
        if (s->frames[f].module >= 0)
          t->frames[f].module = (int64_t)remap[r][s->frames[f].module];
      }
    }
  for (size_t r = 0; r < n; r++)
    free(remap[r]);
  free(remap);
  qsort(all, k, sizeof *all, compare_stacks);
  c->stacks = xcalloc(k, sizeof *c->stacks);
  int overflow = 0;
  for (size_t i = 0; i < k; i++) {
    struct as_stack *last = c->num_stacks ? &c->stacks[c->num_stacks - 1] : NULL;
    if (last && compare_stacks(last, &all[i]) == 0) {
      overflow |= as_add_u64(&last->objects, all[i].objects) | as_add_u64(&last->bytes, all[i].bytes);
      as_stack_free(&all[i]);
    } else {
      c->stacks[c->num_stacks++] = all[i];
    }
  }
  free(all);
  for (size_t r = 0; r < n; r++)
    overflow |= as_add_u64(&c->dropped_objects, contexts[r]->dropped_objects) |
                as_add_u64(&c->dropped_bytes, contexts[r]->dropped_bytes);
  if (!status && overflow) {
    *error = xasprintf("%s: context counts overflow 64 bits when summed", names[0]);
    status = -1;
  }
  if (status) {
    as_contexts_free(c);
    return NULL;
  }
  return c;
}

/* Sums the heaps and contexts of reports into out, as as_report_merge
 * describes. */
static int merge_heap_and_contexts(const struct as_report *reports, size_t n,
                                   struct as_report *out, char **error) {
  int all_heap = n > 0, all_contexts = n > 0;
  for (size_t r = 0; r < n; r++) {
    all_heap &= reports[r].heap != NULL;
    all_contexts &= reports[r].contexts != NULL;
  }
  const char **names = xcalloc(n, sizeof *names);
  const struct as_heap **heaps = xcalloc(n, sizeof *heaps);
  const struct as_contexts **contexts = xcalloc(n, sizeof *contexts);
  for (size_t r = 0; r < n; r++) {
    names[r] = report_name(&reports[r]);
    heaps[r] = reports[r].heap;
    contexts[r] = reports[r].contexts;
  }
  int status = 0;
  if (all_heap && !(out->heap = as_heaps_combine(heaps, n, names[0], error)))
    status = -1;
  /* When every report has both, each one's stacks add up to its heap, so
   * the sums do too. */
  if (!status && all_contexts &&
      !(out->contexts = as_contexts_combine(contexts, n, names, error)))
    status = -1;
  free(names);
  free(heaps);
  free(contexts);
  return status;
}

int as_report_merge(const struct as_report *reports, size_t n, struct as_report *out,
                    char **error) {
  memset(out, 0, sizeof *out);
  *error = NULL;
  size_t total = 0;
  for (size_t r = 0; r < n; r++)
    total += reports[r].num_sites;
  struct entry *entries = xcalloc(total, sizeof *entries);
  size_t k = 0;
  for (size_t r = 0; r < n; r++)
    for (size_t i = 0; i < reports[r].num_sites; i++)
      entries[k++] = (struct entry){&reports[r].sites[i], r, i};
  int status = fold_entries(entries, total, reports, out, error);
  free(entries);
  if (status != 0) {
    as_report_free(out);
    return -1;
  }
  if (merge_heap_and_contexts(reports, n, out, error) != 0) {
    as_report_free(out);
    return -1;
  }
  if (as_report_set_program_total(out) != 0) {
    *error = xasprintf("%s: total counts overflow 64 bits when summed", report_name(&reports[0]));
    as_report_free(out);
    return -1;
  }
  for (size_t r = 0; r < n; r++)
    out->num_inputs += reports[r].num_inputs;
  if (n == 1) {
    out->source = xstrdup(reports[0].source);
    out->pid = reports[0].pid;
  }
  int same_program = n > 0 && reports[0].program;
  for (size_t r = 1; r < n && same_program; r++)
    same_program = same_string(reports[0].program, reports[r].program);
  out->program = same_program ? xstrdup(reports[0].program) : NULL;
  return 0;
}
