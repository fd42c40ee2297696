/*
 * report_model.c - reads and validates allocsite reports, and sums them by
 * site ID (the rules are in report_model.h).
 *
 * Validation is complete before anything is returned: a command either gets
 * a whole, consistent model or one error line, never a partial table.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_model.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text.h"
#include "util.h"

/* Longest string (in characters) quoted back in an error message: any real
 * path fits, a hostile megabyte does not. */
#define QUOTE_MAX 1024

static const struct {
  const char *name;
  enum as_verdict verdict;
} verdict_names[] = {
#define ALLOCSITE_VERDICT(Id, Value, ReportName) {ReportName, AS_VERDICT_##Id},
#include "allocsite_abi.inc"
};
#define NUM_VERDICTS (sizeof verdict_names / sizeof verdict_names[0])

const char *as_verdict_name(enum as_verdict verdict) {
  for (size_t k = 0; k < NUM_VERDICTS; k++)
    if (verdict_names[k].verdict == verdict)
      return verdict_names[k].name;
  return "unknown";
}

void as_format_id(uint64_t id, char buf[17]) { snprintf(buf, 17, "%016" PRIx64, id); }

/* Adds v to *sum; -1 (and *sum unchanged) if that overflows 64 bits. */
static int add_u64(uint64_t *sum, uint64_t v) {
  if (*sum > UINT64_MAX - v)
    return -1;
  *sum += v;
  return 0;
}

void as_report_sites_total(const struct as_report *report, uint64_t *objects, uint64_t *bytes) {
  /* Cannot overflow: a subset of the sums, which were checked. */
  *objects = *bytes = 0;
  for (size_t i = 0; i < report->num_sites; i++) {
    if (report->sites[i].flags & AS_SITE_PROMOTED)
      continue; /* objects kept off the heap */
    *objects += report->sites[i].objects;
    *bytes += report->sites[i].bytes;
  }
}

/* The program's total, as version 3 defines "totals": the sites not
 * promoted, plus the heap allocations made outside every site.  Returns -1
 * on overflow. */
static int compute_program_total(struct as_report *r) {
  uint64_t objects, bytes;
  as_report_sites_total(r, &objects, &bytes);
  const struct as_heap *h = r->heap;
  if (h && h->interposed &&
      (add_u64(&objects, h->objects - h->at_sites_objects) ||
       add_u64(&bytes, h->bytes - h->at_sites_bytes)))
    return -1;
  r->objects = objects;
  r->bytes = bytes;
  return 0;
}

/* Versions 1 and 2 counted an allocation made inside a recognised wrapper
 * twice: at the wrapper's instrumented call and at the site inside it
 * (flagged "in-wrapper").  Converted to version 3's rule the only way those
 * reports allow: the in-wrapper site keeps what the calls of its wrapper
 * (sites whose allocator is the wrapper's name, the function containing the
 * in-wrapper call after inlining) did not count; the heap's part at sites
 * is the sum of the other sites, at most the heap. */
static const char *legacy_wrapper_of(const struct as_site *s, size_t *len) {
  const char *f = s->num_inlined ? s->inlined_at[s->num_inlined - 1].function : s->function;
  if (!f)
    return NULL;
  const char *paren = strchr(f, '(');
  *len = paren && paren != f ? (size_t)(paren - f) : strlen(f);
  return f;
}

static void convert_legacy_counts(struct as_report *r) {
  uint64_t *own_objects = xcalloc(r->num_sites ? r->num_sites : 1, sizeof *own_objects);
  uint64_t *own_bytes = xcalloc(r->num_sites ? r->num_sites : 1, sizeof *own_bytes);
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = &r->sites[i];
    own_objects[i] = s->objects;
    own_bytes[i] = s->bytes;
    size_t len;
    const char *w = (s->flags & AS_SITE_IN_WRAPPER) ? legacy_wrapper_of(s, &len) : NULL;
    for (size_t j = 0; w && j < r->num_sites; j++) {
      const struct as_site *c = &r->sites[j];
      if (!(c->flags & AS_SITE_WRAPPER_CALL) || !c->allocator || strlen(c->allocator) != len ||
          strncmp(c->allocator, w, len) != 0)
        continue;
      own_objects[i] -= c->objects < own_objects[i] ? c->objects : own_objects[i];
      own_bytes[i] -= c->bytes < own_bytes[i] ? c->bytes : own_bytes[i];
    }
  }
  for (size_t i = 0; i < r->num_sites; i++) {
    r->sites[i].objects = own_objects[i];
    r->sites[i].bytes = own_bytes[i];
  }
  free(own_objects);
  free(own_bytes);
  if (r->heap) {
    uint64_t objects, bytes;
    as_report_sites_total(r, &objects, &bytes);
    r->heap->at_sites_objects = objects < r->heap->objects ? objects : r->heap->objects;
    r->heap->at_sites_bytes = bytes < r->heap->bytes ? bytes : r->heap->bytes;
  }
}

/* ------------------------------------------------------------------------ */
/* Freeing and copying                                                       */
/* ------------------------------------------------------------------------ */

static void frames_free(struct as_frame *frames, size_t n) {
  for (size_t k = 0; k < n; k++) {
    free(frames[k].file);
    free(frames[k].function);
  }
  free(frames);
}

static struct as_frame *frames_copy(const struct as_frame *from, size_t n) {
  struct as_frame *frames = xcalloc(n, sizeof *frames);
  for (size_t k = 0; k < n; k++) {
    frames[k] = from[k];
    frames[k].file = xstrdup(from[k].file);
    frames[k].function = xstrdup(from[k].function);
  }
  return frames;
}

static void site_free(struct as_site *s) {
  free(s->file);
  free(s->function);
  free(s->module);
  free(s->allocator);
  frames_free(s->inlined_at, s->num_inlined);
  frames_free(s->merged, s->num_merged);
  free(s->reason_code);
  free(s->reason_message);
  free(s->wrapper);
}

static void site_copy(struct as_site *dst, const struct as_site *src) {
  *dst = *src;
  dst->file = xstrdup(src->file);
  dst->function = xstrdup(src->function);
  dst->module = xstrdup(src->module);
  dst->allocator = xstrdup(src->allocator);
  dst->inlined_at = frames_copy(src->inlined_at, src->num_inlined);
  dst->merged = frames_copy(src->merged, src->num_merged);
  dst->reason_code = xstrdup(src->reason_code);
  dst->reason_message = xstrdup(src->reason_message);
  dst->wrapper = xstrdup(src->wrapper);
}

static void heap_free(struct as_heap *h) {
  if (!h)
    return;
  for (size_t i = 0; i < h->num_by_function; i++)
    free(h->by_function[i].function);
  free(h->by_function);
  free(h);
}

static void stack_free(struct as_stack *s) {
  free(s->function);
  free(s->frames);
}

static void contexts_free(struct as_contexts *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->num_modules; i++) {
    free(c->modules[i].path);
    free(c->modules[i].build_id);
  }
  free(c->modules);
  for (size_t i = 0; i < c->num_stacks; i++)
    stack_free(&c->stacks[i]);
  free(c->stacks);
  free(c);
}

void as_report_free(struct as_report *report) {
  if (!report)
    return;
  heap_free(report->heap);
  contexts_free(report->contexts);
  for (size_t i = 0; i < report->num_sites; i++)
    site_free(&report->sites[i]);
  free(report->sites);
  free(report->source);
  free(report->program);
  memset(report, 0, sizeof *report);
}

static const char *report_name(const struct as_report *r) {
  return r->source ? r->source : "(combined reports)";
}

/* ------------------------------------------------------------------------ */
/* Combining entries that share an ID                                        */
/* ------------------------------------------------------------------------ */

/* A string value as error messages quote it: "..." escaped, or null. */
static char *quote(const char *s) {
  if (!s)
    return xstrdup("null");
  char *e = text_escape(s, QUOTE_MAX);
  char *q = xasprintf("\"%s\"", e);
  free(e);
  return q;
}

static int same_string(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

static char *string_difference(const char *field, const char *a, const char *b) {
  if (same_string(a, b))
    return NULL;
  char *qa = quote(a), *qb = quote(b);
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
      site_copy(&out->sites[out->num_sites++], e->site);
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
      if (add_u64(&into->objects, e->site->objects) || add_u64(&into->bytes, e->site->bytes)) {
        *error = xasprintf("%s: counts of site %s overflow 64 bits when summed",
                           report_name(&reports[e->report]), id);
        return -1;
      }
    }
  }
  for (size_t i = 0; i < out->num_sites; i++)
    if (add_u64(&out->objects, out->sites[i].objects) ||
        add_u64(&out->bytes, out->sites[i].bytes)) {
      *error = xasprintf("%s: total counts overflow 64 bits when summed", report_name(&reports[0]));
      return -1;
    }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Combining heap counts and calling contexts                                */
/* ------------------------------------------------------------------------ */

static int compare_heap_entries(const void *pa, const void *pb) {
  const struct as_heap_entry *a = pa, *b = pb;
  return strcmp(a->function, b->function);
}

/* Sums heaps[0..n) into a fresh heap, entries by function; NULL with *error
 * set on overflow. */
static struct as_heap *combine_heaps(const struct as_heap *const *heaps, size_t n,
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
    overflow |= add_u64(&h->objects, heaps[r]->objects) | add_u64(&h->bytes, heaps[r]->bytes) |
                add_u64(&h->at_sites_objects, heaps[r]->at_sites_objects) |
                add_u64(&h->at_sites_bytes, heaps[r]->at_sites_bytes);
    for (size_t i = 0; i < heaps[r]->num_by_function; i++)
      all[k++] = heaps[r]->by_function[i];
  }
  qsort(all, total, sizeof *all, compare_heap_entries);
  h->by_function = xcalloc(total, sizeof *h->by_function);
  for (size_t i = 0; i < total; i++) {
    struct as_heap_entry *last = h->num_by_function ? &h->by_function[h->num_by_function - 1] : NULL;
    if (last && strcmp(last->function, all[i].function) == 0) {
      overflow |= add_u64(&last->objects, all[i].objects) | add_u64(&last->bytes, all[i].bytes);
    } else {
      h->by_function[h->num_by_function] = all[i];
      h->by_function[h->num_by_function++].function = xstrdup(all[i].function);
    }
  }
  free(all);
  if (overflow) {
    *error = xasprintf("%s: heap counts overflow 64 bits when summed", name);
    heap_free(h);
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

/*
 * Sums contexts[0..n) into one canonical contexts: modules merged by path
 * and sorted, frames renumbered to match, stacks sorted and each key once.
 * names[i] names input i in messages; with n == 1 the conflicts are within
 * one file.  Returns NULL with *error set on a conflict or an overflow.
 */
static struct as_contexts *combine_contexts(const struct as_contexts *const *contexts, size_t n,
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
      char *path = quote(e->module->path);
      char *a = quote(first->module->build_id), *b = quote(e->module->build_id);
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
      overflow |= add_u64(&last->objects, all[i].objects) | add_u64(&last->bytes, all[i].bytes);
      stack_free(&all[i]);
    } else {
      c->stacks[c->num_stacks++] = all[i];
    }
  }
  free(all);
  for (size_t r = 0; r < n; r++)
    overflow |= add_u64(&c->dropped_objects, contexts[r]->dropped_objects) |
                add_u64(&c->dropped_bytes, contexts[r]->dropped_bytes);
  if (!status && overflow) {
    *error = xasprintf("%s: context counts overflow 64 bits when summed", names[0]);
    status = -1;
  }
  if (status) {
    contexts_free(c);
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
  if (all_heap && !(out->heap = combine_heaps(heaps, n, names[0], error)))
    status = -1;
  /* When every report has both, each one's stacks add up to its heap, so
   * the sums do too. */
  if (!status && all_contexts &&
      !(out->contexts = combine_contexts(contexts, n, names, error)))
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
  if (compute_program_total(out) != 0) {
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

/* ------------------------------------------------------------------------ */
/* Loading and validating one report                                         */
/* ------------------------------------------------------------------------ */

struct loader {
  const char *name; /* the file, as messages name it */
  char **error;
  json_int_t version; /* the report's format version, once checked */
};

/* Sets the error to "<file>: <where>: <message>" and returns -1. */
static int fail(struct loader *L, const char *where, const char *fmt, ...) AS_PRINTF(3, 4);
static int fail(struct loader *L, const char *where, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = xvasprintf(fmt, ap);
  va_end(ap);
  if (where && *where)
    *L->error = xasprintf("%s: %s: %s", L->name, where, msg);
  else
    *L->error = xasprintf("%s: %s", L->name, msg);
  free(msg);
  return -1;
}

/* A JSON value as error messages describe it: "-1", "1.5", "a string
 * \"abc\"", "an object", ... */
static char *describe(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return xstrdup("an object");
  case JSON_ARRAY: return xstrdup("an array");
  case JSON_STRING: {
    char *q = quote(json_string_value(v));
    char *d = xasprintf("the string %s", q);
    free(q);
    return d;
  }
  case JSON_INTEGER: return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
  case JSON_REAL: {
    /* The shortest form that reads back as the same double, so 1.5 is
     * shown as 1.5 and 3.0 as 3.0 (an integer written as a real). */
    char buf[64];
    double d = json_real_value(v);
    for (int prec = 1; prec <= 17; prec++) {
      snprintf(buf, sizeof buf, "%.*g", prec, d);
      if (strtod(buf, NULL) == d)
        break;
    }
    if (!strpbrk(buf, ".eEn"))
      strcat(buf, ".0");
    return xstrdup(buf);
  }
  case JSON_TRUE: return xstrdup("true");
  case JSON_FALSE: return xstrdup("false");
  case JSON_NULL: return xstrdup("null");
  }
  return xstrdup("an unknown value");
}

static int fail_expected(struct loader *L, const char *where, const char *expected,
                         const json_t *got) {
  char *d = describe(got);
  fail(L, where, "expected %s, got %s", expected, d);
  free(d);
  return -1;
}

/* The member key of object obj, which the format requires. */
static int member(struct loader *L, const char *where, const json_t *obj, const char *key,
                  json_t **value) {
  *value = json_object_get(obj, key);
  if (!*value)
    return fail(L, where, "missing \"%s\"", key);
  return 0;
}

/* "sites[3].objects", or "objects" at the top level. */
static char *path_join(const char *where, const char *key) {
  return *where ? xasprintf("%s.%s", where, key) : xstrdup(key);
}

static int get_uint(struct loader *L, const char *where, const json_t *obj, const char *key,
                    uint64_t max, const char *expected, uint64_t *out) {
  json_t *v;
  if (member(L, where, obj, key, &v))
    return -1;
  if (!json_is_integer(v) || json_integer_value(v) < 0 ||
      (uint64_t)json_integer_value(v) > max) {
    char *at = path_join(where, key);
    fail_expected(L, at, expected, v);
    free(at);
    return -1;
  }
  *out = (uint64_t)json_integer_value(v);
  return 0;
}

static int get_count(struct loader *L, const char *where, const json_t *obj, const char *key,
                     uint64_t *out) {
  return get_uint(L, where, obj, key, INT64_MAX, "a non-negative integer", out);
}

static int get_u32(struct loader *L, const char *where, const json_t *obj, const char *key,
                   uint32_t *out) {
  uint64_t v;
  if (get_uint(L, where, obj, key, UINT32_MAX, "an integer from 0 to 4294967295", &v))
    return -1;
  *out = (uint32_t)v;
  return 0;
}

/* A string member; with nullable, null is allowed and gives NULL. */
static int get_string(struct loader *L, const char *where, const json_t *obj, const char *key,
                      int nullable, char **out) {
  json_t *v;
  if (member(L, where, obj, key, &v))
    return -1;
  if (nullable && json_is_null(v)) {
    *out = NULL;
    return 0;
  }
  if (!json_is_string(v)) {
    char *at = path_join(where, key);
    fail_expected(L, at, nullable ? "a string or null" : "a string", v);
    free(at);
    return -1;
  }
  *out = xstrdup(json_string_value(v));
  return 0;
}

static int get_id(struct loader *L, const char *where, const json_t *site, uint64_t *out) {
  json_t *v;
  if (member(L, where, site, "id", &v))
    return -1;
  const char *s = json_is_string(v) ? json_string_value(v) : NULL;
  int ok = s && strlen(s) == 16;
  for (int k = 0; ok && k < 16; k++)
    ok = (s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f') ||
         (s[k] >= 'A' && s[k] <= 'F');
  if (!ok) {
    char *at = path_join(where, "id");
    fail_expected(L, at, "16 hex digits", v);
    free(at);
    return -1;
  }
  *out = strtoull(s, NULL, 16);
  return 0;
}

static int get_frame(struct loader *L, const char *where, const json_t *v, struct as_frame *f) {
  if (!json_is_object(v))
    return fail_expected(L, where, "an object", v);
  if (get_string(L, where, v, "file", 1, &f->file) ||
      get_u32(L, where, v, "line", &f->line) ||
      get_u32(L, where, v, "column", &f->column) ||
      get_string(L, where, v, "function", 1, &f->function))
    return -1;
  return 0;
}

/* The flags a report may carry (a NULL name: the runtime's own, never
 * written). */
static const struct {
  const char *name;
  unsigned bit;
} site_flag_names[] = {
#define ALLOCSITE_SITE_FLAG(Id, Bit, ReportName) {ReportName, 1u << Bit},
#include "allocsite_abi.inc"
};
#define NUM_SITE_FLAGS (sizeof site_flag_names / sizeof site_flag_names[0])

const char *as_site_flag_name(unsigned bit) {
  for (size_t k = 0; k < NUM_SITE_FLAGS; k++)
    if (site_flag_names[k].bit == bit)
      return site_flag_names[k].name;
  return NULL;
}

/* "\"wrapper-call\", \"in-wrapper\" or \"promoted\"": what a flag may be. */
static char *site_flag_choices(void) {
  char *s = xstrdup("");
  size_t named = 0, seen = 0;
  for (size_t k = 0; k < NUM_SITE_FLAGS; k++)
    named += site_flag_names[k].name != NULL;
  for (size_t k = 0; k < NUM_SITE_FLAGS; k++) {
    if (!site_flag_names[k].name)
      continue;
    seen++;
    char *next = xasprintf("%s%s\"%s\"", s, seen == 1 ? "" : seen == named ? " or " : ", ",
                           site_flag_names[k].name);
    free(s);
    s = next;
  }
  return s;
}

static int get_flags(struct loader *L, const char *where, const json_t *v, unsigned *out) {
  json_t *flags;
  if (member(L, where, v, "flags", &flags))
    return -1;
  char *at = path_join(where, "flags");
  int status = 0;
  if (!json_is_array(flags)) {
    fail_expected(L, at, "an array", flags);
    status = -1;
  }
  for (size_t k = 0; !status && k < json_array_size(flags); k++) {
    json_t *f = json_array_get(flags, k);
    const char *name = json_is_string(f) ? json_string_value(f) : "";
    size_t j = 0;
    while (j < NUM_SITE_FLAGS &&
           !(site_flag_names[j].name && strcmp(site_flag_names[j].name, name) == 0))
      j++;
    if (j == NUM_SITE_FLAGS) {
      char *fat = xasprintf("%s[%zu]", at, k), *choices = site_flag_choices();
      fail_expected(L, fat, choices, f);
      free(choices);
      free(fat);
      status = -1;
    } else {
      *out |= site_flag_names[j].bit;
    }
  }
  free(at);
  return status;
}

/* An array of frames, member name of v. */
static int get_frames(struct loader *L, const char *where, const json_t *v, const char *name,
                      struct as_frame **out, size_t *num) {
  json_t *frames;
  if (member(L, where, v, name, &frames))
    return -1;
  if (!json_is_array(frames)) {
    char *at = path_join(where, name);
    fail_expected(L, at, "an array", frames);
    free(at);
    return -1;
  }
  size_t n = json_array_size(frames);
  *out = xcalloc(n, sizeof **out);
  for (size_t k = 0; k < n; k++) {
    char *at = xasprintf("%s.%s[%zu]", where, name, k);
    int status = get_frame(L, at, json_array_get(frames, k), &(*out)[k]);
    free(at);
    *num = k + 1; /* so that site_free frees this frame too */
    if (status)
      return -1;
  }
  return 0;
}

static int get_site(struct loader *L, const char *where, const json_t *v, struct as_site *s) {
  if (!json_is_object(v))
    return fail_expected(L, where, "an object", v);
  if (get_id(L, where, v, &s->id) ||
      get_string(L, where, v, "file", 1, &s->file) ||
      get_u32(L, where, v, "line", &s->line) ||
      get_u32(L, where, v, "column", &s->column) ||
      get_string(L, where, v, "function", 1, &s->function) ||
      get_string(L, where, v, "module", 1, &s->module) ||
      get_string(L, where, v, "allocator", 0, &s->allocator))
    return -1;

  if (get_frames(L, where, v, "inlined_at", &s->inlined_at, &s->num_inlined) ||
      (L->version >= 3 && get_frames(L, where, v, "merged", &s->merged, &s->num_merged)))
    return -1;

  json_t *verdict;
  if (member(L, where, v, "verdict", &verdict))
    return -1;
  const char *vs = json_is_string(verdict) ? json_string_value(verdict) : "";
  size_t k = 0;
  while (k < NUM_VERDICTS && strcmp(vs, verdict_names[k].name) != 0)
    k++;
  if (k == NUM_VERDICTS) {
    char *at = path_join(where, "verdict");
    fail_expected(L, at, "\"unknown\", \"promotable\" or \"heap\"", verdict);
    free(at);
    return -1;
  }
  s->verdict = verdict_names[k].verdict;

  json_t *reason;
  if (member(L, where, v, "reason", &reason))
    return -1;
  if (!json_is_null(reason)) {
    char *at = path_join(where, "reason");
    int status = -1;
    if (!json_is_object(reason))
      fail_expected(L, at, "null or an object", reason);
    else if (!get_string(L, at, reason, "code", 0, &s->reason_code) &&
             !get_string(L, at, reason, "message", 1, &s->reason_message))
      status = 0;
    free(at);
    if (status)
      return -1;
  }

  if (L->version >= 2 && get_flags(L, where, v, &s->flags))
    return -1;
  if (L->version >= 3 && get_string(L, where, v, "wrapper", 1, &s->wrapper))
    return -1;

  if (get_count(L, where, v, "objects", &s->objects) ||
      get_count(L, where, v, "bytes", &s->bytes))
    return -1;
  return 0;
}

/* An array member; sets *n to its size. */
static int get_array(struct loader *L, const char *where, const json_t *obj, const char *key,
                     json_t **out, size_t *n) {
  if (member(L, where, obj, key, out))
    return -1;
  if (!json_is_array(*out)) {
    char *at = path_join(where, key);
    fail_expected(L, at, "an array", *out);
    free(at);
    return -1;
  }
  *n = json_array_size(*out);
  return 0;
}

static int get_nonempty_string(struct loader *L, const char *where, const json_t *obj,
                               const char *key, char **out) {
  json_t *v;
  if (member(L, where, obj, key, &v))
    return -1;
  if (!json_is_string(v) || json_string_length(v) == 0) {
    char *at = path_join(where, key);
    fail_expected(L, at, "a non-empty string", v);
    free(at);
    return -1;
  }
  *out = xstrdup(json_string_value(v));
  return 0;
}

/* Counts a report splits the heap into must add up to it exactly. */
static int check_sum(struct loader *L, const char *where, const char *parts, uint64_t objects,
                     uint64_t bytes, const struct as_heap *heap, int overflow) {
  if (overflow)
    return fail(L, where, "%s overflow 64 bits when summed", parts);
  if (objects != heap->objects || bytes != heap->bytes)
    return fail(L, where,
                "%s sum to %" PRIu64 " objects, %" PRIu64 " bytes, not heap's %" PRIu64
                " objects, %" PRIu64 " bytes",
                parts, objects, bytes, heap->objects, heap->bytes);
  return 0;
}

static int get_heap(struct loader *L, const json_t *v, struct as_heap *h) {
  if (!json_is_object(v))
    return fail_expected(L, "heap", "an object", v);
  json_t *interposed, *list;
  size_t n;
  if (member(L, "heap", v, "interposed", &interposed))
    return -1;
  if (!json_is_boolean(interposed))
    return fail_expected(L, "heap.interposed", "true or false", interposed);
  h->interposed = json_is_true(interposed);
  if (get_count(L, "heap", v, "objects", &h->objects) ||
      get_count(L, "heap", v, "bytes", &h->bytes) ||
      get_array(L, "heap", v, "by_function", &list, &n))
    return -1;
  h->by_function = xcalloc(n, sizeof *h->by_function);
  uint64_t objects = 0, bytes = 0;
  int overflow = 0;
  for (size_t i = 0; i < n; i++) {
    char *at = xasprintf("heap.by_function[%zu]", i);
    json_t *e = json_array_get(list, i);
    struct as_heap_entry *entry = &h->by_function[i];
    int status = -1;
    if (!json_is_object(e))
      fail_expected(L, at, "an object", e);
    else if (!get_nonempty_string(L, at, e, "function", &entry->function) &&
             !get_count(L, at, e, "objects", &entry->objects) &&
             !get_count(L, at, e, "bytes", &entry->bytes))
      status = 0;
    h->num_by_function = i + 1;
    for (size_t j = 0; !status && j < i; j++)
      if (strcmp(h->by_function[j].function, entry->function) == 0) {
        char *q = quote(entry->function);
        fail(L, at, "%s is listed twice (also heap.by_function[%zu])", q, j);
        free(q);
        status = -1;
      }
    free(at);
    if (status)
      return -1;
    overflow |= add_u64(&objects, entry->objects) | add_u64(&bytes, entry->bytes);
  }
  if (check_sum(L, "heap.by_function", "the entries", objects, bytes, h, overflow))
    return -1;
  if (L->version < 3)
    return 0;
  json_t *at;
  if (member(L, "heap", v, "at_sites", &at))
    return -1;
  if (!json_is_object(at))
    return fail_expected(L, "heap.at_sites", "an object", at);
  if (get_count(L, "heap.at_sites", at, "objects", &h->at_sites_objects) ||
      get_count(L, "heap.at_sites", at, "bytes", &h->at_sites_bytes))
    return -1;
  if (h->at_sites_objects > h->objects || h->at_sites_bytes > h->bytes)
    return fail(L, "heap.at_sites",
                "%" PRIu64 " objects, %" PRIu64 " bytes is more than the heap's %" PRIu64
                " objects, %" PRIu64 " bytes",
                h->at_sites_objects, h->at_sites_bytes, h->objects, h->bytes);
  return 0;
}

static int get_module(struct loader *L, const char *where, const json_t *v,
                      struct as_module *m) {
  if (!json_is_object(v))
    return fail_expected(L, where, "an object", v);
  if (get_nonempty_string(L, where, v, "path", &m->path) ||
      get_string(L, where, v, "build_id", 1, &m->build_id))
    return -1;
  size_t len = m->build_id ? strlen(m->build_id) : 0;
  int ok = !m->build_id || (len > 0 && len % 2 == 0);
  for (size_t k = 0; ok && k < len; k++) {
    char ch = m->build_id[k];
    ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
    if (ch >= 'A' && ch <= 'F')
      m->build_id[k] = (char)(ch - 'A' + 'a'); /* one spelling, so equal IDs compare equal */
  }
  if (!ok) {
    char *at = path_join(where, "build_id");
    fail_expected(L, at, "an even number of hex digits or null",
                  json_object_get(v, "build_id"));
    free(at);
    return -1;
  }
  return 0;
}

static int get_stack_frame(struct loader *L, const char *where, const json_t *v,
                           size_t num_modules, struct as_stack_frame *f) {
  if (!json_is_object(v))
    return fail_expected(L, where, "an object", v);
  json_t *module, *offset;
  if (member(L, where, v, "module", &module) || member(L, where, v, "offset", &offset))
    return -1;
  if (!json_is_integer(module) || json_integer_value(module) < -1 ||
      json_integer_value(module) >= (json_int_t)num_modules) {
    char *at = path_join(where, "module");
    char *expected = num_modules ? xasprintf("-1 or a module index from 0 to %zu", num_modules - 1)
                                 : xstrdup("-1 (contexts.modules is empty)");
    fail_expected(L, at, expected, module);
    free(expected);
    free(at);
    return -1;
  }
  f->module = json_integer_value(module);
  const char *s = json_is_string(offset) ? json_string_value(offset) : NULL;
  size_t len = s ? strlen(s) : 0;
  int ok = len >= 3 && len <= 18 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  for (size_t k = 2; ok && k < len; k++)
    ok = (s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f') ||
         (s[k] >= 'A' && s[k] <= 'F');
  if (!ok) {
    char *at = path_join(where, "offset");
    fail_expected(L, at, "\"0x\" and 1 to 16 hex digits", offset);
    free(at);
    return -1;
  }
  f->offset = strtoull(s + 2, NULL, 16);
  return 0;
}

static int get_stack(struct loader *L, const char *where, const json_t *v,
                     const struct as_contexts *c, struct as_stack *s) {
  if (!json_is_object(v))
    return fail_expected(L, where, "an object", v);
  json_t *frames;
  size_t n;
  if (get_nonempty_string(L, where, v, "function", &s->function) ||
      get_count(L, where, v, "objects", &s->objects) ||
      get_count(L, where, v, "bytes", &s->bytes) ||
      get_array(L, where, v, "frames", &frames, &n))
    return -1;
  if (n > c->depth) {
    char *at = path_join(where, "frames");
    fail(L, at, "%zu frames, more than contexts.depth (%" PRIu32 ")", n, c->depth);
    free(at);
    return -1;
  }
  s->frames = xcalloc(n, sizeof *s->frames);
  s->num_frames = n;
  for (size_t k = 0; k < n; k++) {
    char *at = xasprintf("%s.frames[%zu]", where, k);
    int status = get_stack_frame(L, at, json_array_get(frames, k), c->num_modules, &s->frames[k]);
    free(at);
    if (status)
      return -1;
  }
  return 0;
}

static int get_contexts(struct loader *L, const json_t *v, struct as_contexts *c) {
  if (!json_is_object(v))
    return fail_expected(L, "contexts", "null or an object", v);
  json_t *list, *dropped;
  size_t n;
  if (get_u32(L, "contexts", v, "depth", &c->depth) ||
      get_array(L, "contexts", v, "modules", &list, &n))
    return -1;
  c->modules = xcalloc(n, sizeof *c->modules);
  for (size_t i = 0; i < n; i++) {
    char *at = xasprintf("contexts.modules[%zu]", i);
    int status = get_module(L, at, json_array_get(list, i), &c->modules[i]);
    free(at);
    c->num_modules = i + 1;
    if (status)
      return -1;
  }
  if (get_array(L, "contexts", v, "stacks", &list, &n))
    return -1;
  c->stacks = xcalloc(n, sizeof *c->stacks);
  for (size_t i = 0; i < n; i++) {
    char *at = xasprintf("contexts.stacks[%zu]", i);
    int status = get_stack(L, at, json_array_get(list, i), c, &c->stacks[i]);
    free(at);
    c->num_stacks = i + 1;
    if (status)
      return -1;
  }
  if (member(L, "contexts", v, "dropped", &dropped))
    return -1;
  if (!json_is_object(dropped))
    return fail_expected(L, "contexts.dropped", "an object", dropped);
  return get_count(L, "contexts.dropped", dropped, "objects", &c->dropped_objects) ||
                 get_count(L, "contexts.dropped", dropped, "bytes", &c->dropped_bytes)
             ? -1
             : 0;
}

/* The version-2 members "heap" and "contexts", when present; put into r in
 * canonical form once they are valid. */
static int get_heap_and_contexts(struct loader *L, const json_t *root, struct as_report *r) {
  if (L->version < 2)
    return 0;
  json_t *heap = json_object_get(root, "heap");
  json_t *contexts = json_object_get(root, "contexts");
  struct as_heap *h = heap ? xcalloc(1, sizeof *h) : NULL;
  struct as_contexts *c = contexts && !json_is_null(contexts) ? xcalloc(1, sizeof *c) : NULL;
  int status = 0;
  if (h && get_heap(L, heap, h))
    status = -1;
  if (!status && c && get_contexts(L, contexts, c))
    status = -1;
  if (!status && h) {
    const struct as_heap *one = h;
    if (!(r->heap = combine_heaps(&one, 1, L->name, L->error)))
      status = -1;
  }
  if (!status && c) {
    const struct as_contexts *one = c;
    if (!(r->contexts = combine_contexts(&one, 1, &L->name, L->error)))
      status = -1;
  }
  if (!status && h && c) {
    /* Every allocation the interposer saw is in one stack or dropped. */
    uint64_t objects = c->dropped_objects, bytes = c->dropped_bytes;
    int overflow = 0;
    for (size_t i = 0; i < c->num_stacks; i++)
      overflow |= add_u64(&objects, c->stacks[i].objects) | add_u64(&bytes, c->stacks[i].bytes);
    status = check_sum(L, "contexts", "the stacks plus dropped", objects, bytes, h, overflow);
  }
  heap_free(h);
  contexts_free(c);
  return status;
}

/* Everything after the format and version checks. */
static int get_report(struct loader *L, const json_t *root, struct as_report *r) {
  if (get_string(L, "", root, "program", 1, &r->program) ||
      get_count(L, "", root, "pid", &r->pid))
    return -1;

  json_t *sites;
  if (member(L, "", root, "sites", &sites))
    return -1;
  if (!json_is_array(sites))
    return fail_expected(L, "sites", "an array", sites);
  size_t n = json_array_size(sites);
  r->sites = xcalloc(n, sizeof *r->sites);
  for (size_t i = 0; i < n; i++) {
    char *at = xasprintf("sites[%zu]", i);
    int status = get_site(L, at, json_array_get(sites, i), &r->sites[i]);
    free(at);
    r->num_sites = i + 1;
    if (status)
      return -1;
  }

  json_t *totals;
  uint64_t objects, bytes;
  if (member(L, "", root, "totals", &totals))
    return -1;
  if (!json_is_object(totals))
    return fail_expected(L, "totals", "an object", totals);
  if (get_count(L, "totals", totals, "objects", &objects) ||
      get_count(L, "totals", totals, "bytes", &bytes))
    return -1;

  /* Fold IDs listed twice and compute the sums the totals must equal. */
  struct entry *entries = xcalloc(n, sizeof *entries);
  for (size_t i = 0; i < n; i++)
    entries[i] = (struct entry){&r->sites[i], 0, i};
  struct as_report folded = {0};
  int status = fold_entries(entries, n, r, &folded, L->error);
  free(entries);
  if (status) {
    as_report_free(&folded);
    return -1;
  }
  for (size_t i = 0; i < r->num_sites; i++)
    site_free(&r->sites[i]);
  free(r->sites);
  r->sites = folded.sites;
  r->num_sites = folded.num_sites;
  r->objects = folded.objects;
  r->bytes = folded.bytes;

  if (L->version < 3) {
    if (objects != r->objects)
      return fail(L, "totals.objects", "%" PRIu64 " is not the sum over the sites (%" PRIu64 ")",
                  objects, r->objects);
    if (bytes != r->bytes)
      return fail(L, "totals.bytes", "%" PRIu64 " is not the sum over the sites (%" PRIu64 ")",
                  bytes, r->bytes);
  }
  if (get_heap_and_contexts(L, root, r))
    return -1;
  if (L->version < 3)
    convert_legacy_counts(r);
  if (compute_program_total(r))
    return fail(L, "totals", "the program's total overflows 64 bits");
  if (L->version >= 3 && (objects != r->objects || bytes != r->bytes))
    return fail(L, "totals",
                "%" PRIu64 " objects, %" PRIu64 " bytes is not the program's total (%" PRIu64
                " objects, %" PRIu64 " bytes: the sites not promoted, plus the heap outside "
                "the sites)",
                objects, bytes, r->objects, r->bytes);
  return 0;
}

static int check_header(struct loader *L, const json_t *root) {
  const json_t *format = json_is_object(root) ? json_object_get(root, "format") : NULL;
  if (json_is_string(format) && strcmp(json_string_value(format), "allocsite") != 0) {
    char *q = quote(json_string_value(format));
    fail(L, NULL, "not an allocsite report (\"format\" is %s, not \"allocsite\")", q);
    free(q);
    return -1;
  }
  if (!json_is_string(format))
    return fail(L, NULL, "not an allocsite report (no \"format\": \"allocsite\")");
  json_t *version;
  if (member(L, "", root, "version", &version))
    return -1;
  if (!json_is_integer(version))
    return fail_expected(L, "version", "an integer", version);
  if (json_integer_value(version) < AS_REPORT_FORMAT_OLDEST ||
      json_integer_value(version) > AS_REPORT_FORMAT_VERSION)
    return fail(L, NULL,
                "unsupported report version %" JSON_INTEGER_FORMAT
                " (this allocsite-report reads versions %d to %d)",
                json_integer_value(version), AS_REPORT_FORMAT_OLDEST, AS_REPORT_FORMAT_VERSION);
  L->version = json_integer_value(version);
  return 0;
}

static char *json_failure(const char *name, const json_error_t *jerr) {
  char *text = text_escape(jerr->text, 0);
  char *msg;
  switch (json_error_code(jerr)) {
  case json_error_premature_end_of_input:
    if (jerr->position == 0) {
      msg = xasprintf("%s: empty file (not an allocsite report)", name);
      break;
    }
    /* The runtime renames a complete file into place, so a cut-off report
     * was copied or written by something else. */
    msg = xasprintf("%s:%d:%d: truncated JSON: %s", name, jerr->line, jerr->column, text);
    break;
  case json_error_numeric_overflow:
    msg = xasprintf("%s:%d:%d: number out of range: %s (allocsite-report reads integers up to "
                    "2^63-1)",
                    name, jerr->line, jerr->column, text);
    break;
  default:
    msg = xasprintf("%s:%d:%d: invalid JSON: %s", name, jerr->line, jerr->column, text);
    break;
  }
  free(text);
  return msg;
}

/* Checks the parsed document root (NULL: jerr says why it did not parse)
 * into out, whose source is set; consumes root. */
static int validate(json_t *root, const json_error_t *jerr, struct as_report *out,
                    char **error) {
  if (!root) {
    *error = json_failure(out->source, jerr);
    as_report_free(out);
    return -1;
  }
  struct loader L = {out->source, error, 0};
  int status = check_header(&L, root);
  if (status == 0)
    status = get_report(&L, root, out);
  json_decref(root);
  if (status != 0) {
    as_report_free(out);
    return -1;
  }
  return 0;
}

int as_report_load(const char *path, struct as_report *out, char **error) {
  memset(out, 0, sizeof *out);
  *error = NULL;
  int from_stdin = strcmp(path, "-") == 0;
  /* Set first: messages about sites listed twice name the report by it. */
  out->source = from_stdin ? xstrdup("<stdin>") : text_escape(path, 0);
  out->num_inputs = 1;
  const char *name = out->source;

  FILE *f = from_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    *error = xasprintf("cannot open '%s': %s", name, strerror(errno));
    as_report_free(out);
    return -1;
  }
  /* jansson would read a directory as an empty document. */
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    *error = xasprintf("cannot read '%s': %s", name, strerror(EISDIR));
    if (!from_stdin)
      fclose(f);
    as_report_free(out);
    return -1;
  }

  json_error_t jerr;
  errno = 0;
  json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
  int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
  if (!from_stdin)
    fclose(f);
  if (read_errno) {
    *error = xasprintf("cannot read '%s': %s", name, strerror(read_errno));
    json_decref(root);
    as_report_free(out);
    return -1;
  }
  return validate(root, &jerr, out, error);
}

int as_report_parse(const char *name, const void *data, size_t len, struct as_report *out,
                    char **error) {
  memset(out, 0, sizeof *out);
  *error = NULL;
  out->source = text_escape(name, 0);
  out->num_inputs = 1;
  json_error_t jerr;
  json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
  return validate(root, &jerr, out, error);
}
