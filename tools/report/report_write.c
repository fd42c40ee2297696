/*
 * report_write.c - an as_report as JSON (see report_write.h).  The document
 * is built with jansson, so escaping and number formatting are jansson's,
 * the same library that reads it back.
 */
#include "report_write.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>

#include "util.h"

/* Counts above json_int_t's range would not read back. */
struct writer {
  int too_big;
};

static json_t *count(struct writer *w, uint64_t v) {
  if (v > INT64_MAX) {
    w->too_big = 1;
    v = 0;
  }
  return json_integer((json_int_t)v);
}

static json_t *string_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *counts(struct writer *w, json_t *obj, uint64_t objects, uint64_t bytes) {
  json_object_set_new(obj, "objects", count(w, objects));
  json_object_set_new(obj, "bytes", count(w, bytes));
  return obj;
}

static json_t *frames_json(const struct as_frame *frames, size_t n) {
  json_t *list = json_array();
  for (size_t k = 0; k < n; k++) {
    json_t *fo = json_object();
    json_object_set_new(fo, "file", string_or_null(frames[k].file));
    json_object_set_new(fo, "line", json_integer(frames[k].line));
    json_object_set_new(fo, "column", json_integer(frames[k].column));
    json_object_set_new(fo, "function", string_or_null(frames[k].function));
    json_array_append_new(list, fo);
  }
  return list;
}

static json_t *site_json(struct writer *w, const struct as_site *s) {
  char id[17];
  as_format_id(s->id, id);
  json_t *o = json_object();
  json_object_set_new(o, "id", json_string(id));
  json_object_set_new(o, "file", string_or_null(s->file));
  json_object_set_new(o, "line", json_integer(s->line));
  json_object_set_new(o, "column", json_integer(s->column));
  json_object_set_new(o, "function", string_or_null(s->function));
  json_object_set_new(o, "module", string_or_null(s->module));
  json_object_set_new(o, "allocator", json_string(s->allocator));
  json_object_set_new(o, "inlined_at", frames_json(s->inlined_at, s->num_inlined));
  json_object_set_new(o, "merged", frames_json(s->merged, s->num_merged));
  json_object_set_new(o, "verdict", json_string(as_verdict_name(s->verdict)));
  if (s->reason_code) {
    json_t *reason = json_object();
    json_object_set_new(reason, "code", json_string(s->reason_code));
    json_object_set_new(reason, "message", string_or_null(s->reason_message));
    json_object_set_new(o, "reason", reason);
  } else {
    json_object_set_new(o, "reason", json_null());
  }
  json_t *flags = json_array();
  for (unsigned bit = 1; bit; bit <<= 1)
    if ((s->flags & bit) && as_site_flag_name(bit))
      json_array_append_new(flags, json_string(as_site_flag_name(bit)));
  json_object_set_new(o, "flags", flags);
  json_object_set_new(o, "wrapper", string_or_null(s->wrapper));
  json_t *sizes = json_null();
  if (s->has_sizes) {
    sizes = json_array();
    for (size_t k = 0; k < ALLOCSITE_SIZE_BUCKETS; k++)
      json_array_append_new(sizes, count(w, s->sizes[k]));
  }
  json_object_set_new(o, "sizes", sizes);
  return counts(w, o, s->objects, s->bytes);
}

static json_t *heap_json(struct writer *w, const struct as_heap *h) {
  json_t *o = json_object();
  json_object_set_new(o, "interposed", json_boolean(h->interposed));
  counts(w, o, h->objects, h->bytes);
  json_t *list = json_array();
  for (size_t i = 0; i < h->num_by_function; i++) {
    json_t *e = json_object();
    json_object_set_new(e, "function", json_string(h->by_function[i].function));
    json_array_append_new(list, counts(w, e, h->by_function[i].objects, h->by_function[i].bytes));
  }
  json_object_set_new(o, "by_function", list);
  json_object_set_new(o, "at_sites", counts(w, json_object(), h->at_sites_objects, h->at_sites_bytes));
  return o;
}

static json_t *contexts_json(struct writer *w, const struct as_contexts *c) {
  json_t *o = json_object();
  json_object_set_new(o, "depth", json_integer(c->depth));
  json_t *modules = json_array();
  for (size_t i = 0; i < c->num_modules; i++) {
    json_t *m = json_object();
    json_object_set_new(m, "path", json_string(c->modules[i].path));
    json_object_set_new(m, "build_id", string_or_null(c->modules[i].build_id));
    json_array_append_new(modules, m);
  }
  json_object_set_new(o, "modules", modules);
  json_t *stacks = json_array();
  for (size_t i = 0; i < c->num_stacks; i++) {
    const struct as_stack *s = &c->stacks[i];
    json_t *so = json_object();
    json_object_set_new(so, "function", json_string(s->function));
    counts(w, so, s->objects, s->bytes);
    json_t *frames = json_array();
    for (size_t k = 0; k < s->num_frames; k++) {
      char offset[19];
      snprintf(offset, sizeof offset, "0x%" PRIx64, s->frames[k].offset);
      json_t *f = json_object();
      json_object_set_new(f, "module", json_integer(s->frames[k].module));
      json_object_set_new(f, "offset", json_string(offset));
      json_array_append_new(frames, f);
    }
    json_object_set_new(so, "frames", frames);
    json_array_append_new(stacks, so);
  }
  json_object_set_new(o, "stacks", stacks);
  json_object_set_new(o, "dropped", counts(w, json_object(), c->dropped_objects, c->dropped_bytes));
  return o;
}

int as_report_write(const struct as_report *r, FILE *out, char **error) {
  struct writer w = {0};
  json_t *root = json_object();
  json_object_set_new(root, "format", json_string("allocsite"));
  json_object_set_new(root, "version", json_integer(AS_REPORT_FORMAT_VERSION));
  json_object_set_new(root, "program", string_or_null(r->program));
  json_object_set_new(root, "pid", count(&w, r->pid));
  json_t *sites = json_array();
  for (size_t i = 0; i < r->num_sites; i++)
    json_array_append_new(sites, site_json(&w, &r->sites[i]));
  json_object_set_new(root, "sites", sites);
  json_object_set_new(root, "totals", counts(&w, json_object(), r->objects, r->bytes));
  if (r->heap)
    json_object_set_new(root, "heap", heap_json(&w, r->heap));
  if (r->contexts)
    json_object_set_new(root, "contexts", contexts_json(&w, r->contexts));
  else if (r->heap)
    json_object_set_new(root, "contexts", json_null());
  int status = 0;
  if (w.too_big) {
    *error = xasprintf("the summed counts exceed 2^63-1, more than a report can hold");
    status = -1;
  } else if (json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0 ||
             fputc('\n', out) == EOF) {
    *error = xasprintf("write failed");
    status = -1;
  }
  json_decref(root);
  return status;
}
