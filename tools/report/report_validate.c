/*
 * report_validate.c - the validator: checks a parsed JSON document against
 * what report_model.h says a valid report is, member by member, and builds
 * the model as it goes.  Every message names the file, the member's path
 * ("sites[3].line") and, for a wrong value, what was expected and what was
 * found, so a hand-edited report can be fixed from the one line the tool
 * prints.
 *
 * Sites listed twice, heap entries and stacks are folded by the summing code
 * (report_merge.c), so a report read alone is already in the canonical form
 * a sum has; older versions' counts are converted by the model
 * (as_report_convert_legacy_counts).
 */
#define _POSIX_C_SOURCE 200809L
#include "report_validate.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model_internal.h"
#include "util.h"

/* One report being validated (L in every function below). */
struct validator {
  const char *name; /* the file, as messages name it */
  char **error;
  json_int_t version; /* the report's format version, once checked */
};

/* Sets the error to "<file>: <where>: <message>" and returns -1. */
static int fail(struct validator *L, const char *where, const char *fmt, ...) AS_PRINTF(3, 4);
static int fail(struct validator *L, const char *where, const char *fmt, ...) {
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
    char *q = as_quote(json_string_value(v));
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

static int fail_expected(struct validator *L, const char *where, const char *expected,
                         const json_t *got) {
  char *d = describe(got);
  fail(L, where, "expected %s, got %s", expected, d);
  free(d);
  return -1;
}

/* The member key of object obj, which the format requires. */
static int member(struct validator *L, const char *where, const json_t *obj, const char *key,
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

static int get_uint(struct validator *L, const char *where, const json_t *obj, const char *key,
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

static int get_count(struct validator *L, const char *where, const json_t *obj, const char *key,
                     uint64_t *out) {
  return get_uint(L, where, obj, key, INT64_MAX, "a non-negative integer", out);
}

static int get_u32(struct validator *L, const char *where, const json_t *obj, const char *key,
                   uint32_t *out) {
  uint64_t v;
  if (get_uint(L, where, obj, key, UINT32_MAX, "an integer from 0 to 4294967295", &v))
    return -1;
  *out = (uint32_t)v;
  return 0;
}

/* A string member; with nullable, null is allowed and gives NULL. */
static int get_string(struct validator *L, const char *where, const json_t *obj, const char *key,
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

static int get_id(struct validator *L, const char *where, const json_t *site, uint64_t *out) {
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

static int get_frame(struct validator *L, const char *where, const json_t *v, struct as_frame *f) {
  if (!json_is_object(v))
    return fail_expected(L, where, "an object", v);
  if (get_string(L, where, v, "file", 1, &f->file) ||
      get_u32(L, where, v, "line", &f->line) ||
      get_u32(L, where, v, "column", &f->column) ||
      get_string(L, where, v, "function", 1, &f->function))
    return -1;
  return 0;
}

static int get_flags(struct validator *L, const char *where, const json_t *v, unsigned *out) {
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
    unsigned bit = as_site_flag_named(name);
    if (!bit) {
      char *fat = xasprintf("%s[%zu]", at, k), *choices = as_site_flag_choices();
      fail_expected(L, fat, choices, f);
      free(choices);
      free(fat);
      status = -1;
    } else {
      *out |= bit;
    }
  }
  free(at);
  return status;
}

/* An array of frames, member name of v. */
static int get_frames(struct validator *L, const char *where, const json_t *v, const char *name,
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

/* "sizes" (version 5): null, or ALLOCSITE_SIZE_BUCKETS counts. */
static int get_sizes(struct validator *L, const char *where, const json_t *site,
                     struct as_site *s) {
  json_t *v;
  if (member(L, where, site, "sizes", &v))
    return -1;
  if (json_is_null(v))
    return 0;
  char *at = path_join(where, "sizes");
  int status = 0;
  if (!json_is_array(v) || json_array_size(v) != ALLOCSITE_SIZE_BUCKETS) {
    fail_expected(L, at, "null or an array of " ALLOCSITE_STRINGIFY(ALLOCSITE_SIZE_BUCKETS)
                         " non-negative integers", v);
    status = -1;
  }
  for (size_t k = 0; !status && k < ALLOCSITE_SIZE_BUCKETS; k++) {
    json_t *n = json_array_get(v, k);
    if (!json_is_integer(n) || json_integer_value(n) < 0) {
      char *kat = xasprintf("%s[%zu]", at, k);
      fail_expected(L, kat, "a non-negative integer", n);
      free(kat);
      status = -1;
    } else {
      s->sizes[k] = (uint64_t)json_integer_value(n);
    }
  }
  free(at);
  s->has_sizes = !status;
  return status;
}

static int get_site(struct validator *L, const char *where, const json_t *v, struct as_site *s) {
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
  /* "promotable-if-small" is new in version 4. */
  if (as_verdict_named(vs, &s->verdict) != 0 ||
      (L->version < 4 && s->verdict == AS_VERDICT_PROMOTABLE_IF_SMALL)) {
    char *at = path_join(where, "verdict");
    fail_expected(L, at,
                  L->version < 4 ? "\"unknown\", \"promotable\" or \"heap\""
                                 : "\"unknown\", \"promotable\", \"promotable-if-small\" or \"heap\"",
                  verdict);
    free(at);
    return -1;
  }

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

  if (L->version >= 5 && get_sizes(L, where, v, s))
    return -1;
  if (get_count(L, where, v, "objects", &s->objects) ||
      get_count(L, where, v, "bytes", &s->bytes))
    return -1;
  return 0;
}

/* An array member; sets *n to its size. */
static int get_array(struct validator *L, const char *where, const json_t *obj, const char *key,
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

static int get_nonempty_string(struct validator *L, const char *where, const json_t *obj,
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
static int check_sum(struct validator *L, const char *where, const char *parts, uint64_t objects,
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

static int get_heap(struct validator *L, const json_t *v, struct as_heap *h) {
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
        char *q = as_quote(entry->function);
        fail(L, at, "%s is listed twice (also heap.by_function[%zu])", q, j);
        free(q);
        status = -1;
      }
    free(at);
    if (status)
      return -1;
    overflow |= as_add_u64(&objects, entry->objects) | as_add_u64(&bytes, entry->bytes);
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

static int get_module(struct validator *L, const char *where, const json_t *v,
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

static int get_stack_frame(struct validator *L, const char *where, const json_t *v,
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

static int get_stack(struct validator *L, const char *where, const json_t *v,
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

static int get_contexts(struct validator *L, const json_t *v, struct as_contexts *c) {
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
static int get_heap_and_contexts(struct validator *L, const json_t *root, struct as_report *r) {
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
    if (!(r->heap = as_heaps_combine(&one, 1, L->name, L->error)))
      status = -1;
  }
  if (!status && c) {
    const struct as_contexts *one = c;
    if (!(r->contexts = as_contexts_combine(&one, 1, &L->name, L->error)))
      status = -1;
  }
  if (!status && h && c) {
    /* Every allocation the interposer saw is in one stack or dropped. */
    uint64_t objects = c->dropped_objects, bytes = c->dropped_bytes;
    int overflow = 0;
    for (size_t i = 0; i < c->num_stacks; i++)
      overflow |= as_add_u64(&objects, c->stacks[i].objects) | as_add_u64(&bytes, c->stacks[i].bytes);
    status = check_sum(L, "contexts", "the stacks plus dropped", objects, bytes, h, overflow);
  }
  as_heap_free(h);
  as_contexts_free(c);
  return status;
}

/* Everything after the format and version checks. */
static int get_report(struct validator *L, const json_t *root, struct as_report *r) {
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
  if (as_report_fold_repeated_sites(r, L->error))
    return -1;

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
    as_report_convert_legacy_counts(r);
  if (as_report_set_program_total(r))
    return fail(L, "totals", "the program's total overflows 64 bits");
  if (L->version >= 3 && (objects != r->objects || bytes != r->bytes))
    return fail(L, "totals",
                "%" PRIu64 " objects, %" PRIu64 " bytes is not the program's total (%" PRIu64
                " objects, %" PRIu64 " bytes: the sites not promoted, plus the heap outside "
                "the sites)",
                objects, bytes, r->objects, r->bytes);
  return 0;
}

static int check_header(struct validator *L, const json_t *root) {
  const json_t *format = json_is_object(root) ? json_object_get(root, "format") : NULL;
  if (json_is_string(format) && strcmp(json_string_value(format), "allocsite") != 0) {
    char *q = as_quote(json_string_value(format));
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

int as_report_validate(const json_t *root, struct as_report *out, char **error) {
  struct validator L = {out->source, error, 0};
  if (check_header(&L, root) != 0)
    return -1;
  return get_report(&L, root, out);
}
