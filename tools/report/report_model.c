/*
 * report_model.c - the report model itself: the names reports give verdicts
 * and site flags (from the runtime's contract, allocsite_abi.inc), the
 * counting rules (the program's total, and the conversion of version-1 and
 * -2 counts to version 3's), and freeing and copying.  Loading
 * (report_load.c, report_validate.c) and summing (report_merge.c) build on
 * this file; it uses neither, nor jansson.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model_internal.h"
#include "text.h"
#include "util.h"

/* ------------------------------------------------------------------------ */
/* Names of verdicts and flags                                               */
/* ------------------------------------------------------------------------ */

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

int as_verdict_named(const char *name, enum as_verdict *out) {
  for (size_t k = 0; k < NUM_VERDICTS; k++)
    if (strcmp(name, verdict_names[k].name) == 0) {
      *out = verdict_names[k].verdict;
      return 0;
    }
  return -1;
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

char *as_site_flag_choices(void) {
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

unsigned as_site_flag_named(const char *name) {
  for (size_t k = 0; k < NUM_SITE_FLAGS; k++)
    if (site_flag_names[k].name && strcmp(site_flag_names[k].name, name) == 0)
      return site_flag_names[k].bit;
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */
/* ------------------------------------------------------------------------ */

void as_format_id(uint64_t id, char buf[17]) { snprintf(buf, 17, "%016" PRIx64, id); }

/* Longest string (in characters) quoted back in an error message: any real
 * path fits, a hostile megabyte does not. */
#define QUOTE_MAX 1024

char *as_quote(const char *s) {
  if (!s)
    return xstrdup("null");
  char *e = text_escape(s, QUOTE_MAX);
  char *q = xasprintf("\"%s\"", e);
  free(e);
  return q;
}

/* ------------------------------------------------------------------------ */
/* Counting                                                                  */
/* ------------------------------------------------------------------------ */

int as_add_u64(uint64_t *sum, uint64_t v) {
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

/* Version 3's "totals": the sites not promoted, plus the heap allocations
 * made outside every site. */
int as_report_set_program_total(struct as_report *r) {
  uint64_t objects, bytes;
  as_report_sites_total(r, &objects, &bytes);
  const struct as_heap *h = r->heap;
  if (h && h->interposed &&
      (as_add_u64(&objects, h->objects - h->at_sites_objects) ||
       as_add_u64(&bytes, h->bytes - h->at_sites_bytes)))
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

void as_report_convert_legacy_counts(struct as_report *r) {
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

void as_site_free(struct as_site *s) {
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

void as_site_copy(struct as_site *dst, const struct as_site *src) {
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

void as_heap_free(struct as_heap *h) {
  if (!h)
    return;
  for (size_t i = 0; i < h->num_by_function; i++)
    free(h->by_function[i].function);
  free(h->by_function);
  free(h);
}

void as_stack_free(struct as_stack *s) {
  free(s->function);
  free(s->frames);
}

void as_contexts_free(struct as_contexts *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->num_modules; i++) {
    free(c->modules[i].path);
    free(c->modules[i].build_id);
  }
  free(c->modules);
  for (size_t i = 0; i < c->num_stacks; i++)
    as_stack_free(&c->stacks[i]);
  free(c->stacks);
  free(c);
}

void as_report_free(struct as_report *report) {
  if (!report)
    return;
  as_heap_free(report->heap);
  as_contexts_free(report->contexts);
  for (size_t i = 0; i < report->num_sites; i++)
    as_site_free(&report->sites[i]);
  free(report->sites);
  free(report->source);
  free(report->program);
  memset(report, 0, sizeof *report);
}
