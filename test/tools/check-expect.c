/*
 * check-expect - compare an allocsite JSON report with the expectations
 * written into a test program's source.  A test tool: it reads the report
 * with jansson, shares no code with the runtime or the report reader, and
 * trusts nothing in the report it can check.
 *
 * Usage:
 *   check-expect [--opt O0|O2] [--nodebug] SOURCE REPORT.json
 *   check-expect [--totals-from SHIM_OUT] [--heap-from SHIM_HEAP_OUT] [--all-from SHIM_HEAP_OUT]
 *                [--min-objects N] REPORT.json
 *
 * Directives, each written after "//" on a line of SOURCE:
 *   EXPECT: objects=N bytes=M [allocator=NAME] [sites=K] [flags=F,...] [verdict=V]
 *       The sites of the report whose file is SOURCE (same realpath) and whose
 *       line is this line sum to exactly N objects and M bytes; with
 *       allocator=, every such site has that allocator; with sites=, there
 *       are exactly K such sites (counting sites that never ran); with
 *       flags=, every such site has exactly those flags (wrapper-call,
 *       in-wrapper, promoted, merged; "none" for no flag); with verdict=, every such
 *       site has that verdict (promotable, promotable-if-small, heap).
 *   EXPECT-TOTAL: objects=N bytes=M [sites=K]
 *       What the instrumented sites counted, each allocation once (at the
 *       outermost instrumented allocation call that made it), is exactly
 *       that: the sum over the sites; with sites=, the report lists exactly
 *       K sites.
 *   EXPECT-ALL: objects=N bytes=M
 *       The report's "totals" (the program's total: the sites not promoted,
 *       plus the heap allocated outside them) is exactly that.
 *   EXPECT-FUNCTION: NAME objects=N bytes=M [allocator=NAME] [sites=K]
 *       The sites whose "function" is NAME sum to exactly that.
 *   EXPECT-HEAP: objects=N bytes=M
 *       The report's "heap" (every allocation of the process, seen by the
 *       runtime's interposer) is exactly that, and was interposed.
 * Any directive may carry an -O0 or -O2 suffix (EXPECT-O2:,
 * EXPECT-TOTAL-O0:, EXPECT-FUNCTION-O2: ...); it then applies only with the
 * matching --opt and replaces the unsuffixed directive for the same line,
 * total or function.  Values that contain spaces are written in double
 * quotes: allocator="operator new[](nothrow)".  Several directives may share
 * a line, each after its own "//".
 *
 * Whatever the mode, the report's totals must be the sum of its sites not
 * flagged promoted, plus heap minus heap.at_sites when the heap was
 * interposed; heap.at_sites must be at most the heap; and no site id may
 * appear twice.
 *
 * Unexpected allocations fail: every line of SOURCE with a site whose counts
 * are not zero must carry an EXPECT, and every site without a file (built
 * without -g) in SOURCE's module with counts not zero must belong to a
 * function that has an EXPECT-FUNCTION.  --nodebug skips the EXPECT line
 * directives, for the same source built without -g.
 *
 * --heap-from compares the report's "heap" (every allocation the runtime's
 * interposer saw) with count_shim's count of every allocation of the
 * process ($COUNT_SHIM_HEAP_OUT), exactly.
 * --totals-from compares that sum (as for EXPECT-TOTAL) with the
 * "objects=N bytes=M" line count_shim.so wrote, exactly; --min-objects also requires at least N
 * objects (so that an empty run cannot pass).
 * --all-from compares the report's "totals" with count_shim's count of every
 * allocation of the process ($COUNT_SHIM_HEAP_OUT): equal when every
 * allocation wrapper of the program allocates exactly one heap block per
 * call (then counting each allocation once, wherever, gives the heap).
 *
 * Every mismatch is printed as "SOURCE:LINE: expected ..., report has ...";
 * the exit status is 0 when everything matches, 1 on a mismatch and 2 on a
 * usage error, an unreadable or invalid report or a malformed directive.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static const char *prog_name = "check-expect";

/* realpath, or the path itself when it does not resolve. */
static char *canonical(const char *path) {
  char buf[PATH_MAX];
  return tu_xstrdup(realpath(path, buf) ? buf : path);
}

/* ------------------------------------------------------------------------ */
/* The report                                                                */
/* ------------------------------------------------------------------------ */

struct site {
  char *id;
  char *file;     /* canonical; NULL without debug info */
  char *module;   /* canonical; may be NULL */
  char *function; /* may be NULL */
  char *allocator;
  long line;
  unsigned flags; /* FLAG_* bits, from the report's "flags" */
  char *container; /* the function containing the call after inlining */
  char *verdict;
  uint64_t objects, bytes;
};

/* The report's "flags" names, as bits (allocsite_abi.h's order). */
static const char *const flag_names[] = {"wrapper-call", "in-wrapper", "promoted", "merged"};
#define NUM_FLAGS (sizeof flag_names / sizeof *flag_names)
#define FLAG_PROMOTED (1u << 2)

struct report {
  const char *path;
  struct site *sites;
  size_t num_sites;
  uint64_t total_objects, total_bytes;
  int has_heap, interposed; /* the "heap" member */
  uint64_t heap_objects, heap_bytes;
  uint64_t at_sites_objects, at_sites_bytes; /* heap.at_sites */
  uint64_t by_function_objects, by_function_bytes; /* sums over heap.by_function */
  int has_contexts;
  uint64_t context_objects, context_bytes; /* stacks plus dropped */
};

static uint64_t get_count(const char *path, json_t *obj, const char *key, const char *what) {
  json_t *v = json_object_get(obj, key);
  if (!json_is_integer(v) || json_integer_value(v) < 0)
    tu_die("%s: invalid report: %s has no non-negative integer \"%s\"", path, what, key);
  return (uint64_t)json_integer_value(v);
}

static char *get_string_or_null(const char *path, json_t *obj, const char *key, const char *what,
                                int canonicalize) {
  json_t *v = json_object_get(obj, key);
  if (json_is_null(v))
    return NULL;
  if (!json_is_string(v))
    tu_die("%s: invalid report: %s has no string or null \"%s\"", path, what, key);
  return canonicalize ? canonical(json_string_value(v)) : tu_xstrdup(json_string_value(v));
}

static void load_report(const char *path, struct report *r) {
  memset(r, 0, sizeof *r);
  json_error_t err;
  json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
  if (!root) {
    FILE *f = fopen(path, "r");
    if (!f)
      tu_die("cannot read report '%s': %s", path, strerror(errno));
    fclose(f);
    tu_die("%s:%d:%d: invalid report: %s", path, err.line, err.column, err.text);
  }
  if (!json_is_object(root))
    tu_die("%s: invalid report: not a JSON object", path);
  json_t *format = json_object_get(root, "format");
  if (!json_is_string(format) || strcmp(json_string_value(format), "allocsite") != 0)
    tu_die("%s: invalid report: \"format\" is not \"allocsite\"", path);
  json_t *version = json_object_get(root, "version");
  if (!json_is_integer(version) || json_integer_value(version) != 5)
    tu_die("%s: invalid report: \"version\" is not 5", path);
  json_t *sites = json_object_get(root, "sites");
  if (!json_is_array(sites))
    tu_die("%s: invalid report: \"sites\" is not an array", path);
  json_t *totals = json_object_get(root, "totals");
  if (!json_is_object(totals))
    tu_die("%s: invalid report: \"totals\" is not an object", path);

  r->path = path;
  r->num_sites = json_array_size(sites);
  r->sites = tu_xcalloc(r->num_sites, sizeof *r->sites);
  r->total_objects = get_count(path, totals, "objects", "\"totals\"");
  r->total_bytes = get_count(path, totals, "bytes", "\"totals\"");
  json_t *heap = json_object_get(root, "heap");
  if (heap) {
    if (!json_is_object(heap) || !json_is_boolean(json_object_get(heap, "interposed")))
      tu_die("%s: invalid report: \"heap\" is not an object with \"interposed\"", path);
    r->has_heap = 1;
    r->interposed = json_is_true(json_object_get(heap, "interposed"));
    r->heap_objects = get_count(path, heap, "objects", "\"heap\"");
    r->heap_bytes = get_count(path, heap, "bytes", "\"heap\"");
    json_t *at = json_object_get(heap, "at_sites");
    if (!json_is_object(at))
      tu_die("%s: invalid report: \"heap\" has no \"at_sites\" object", path);
    r->at_sites_objects = get_count(path, at, "objects", "\"heap.at_sites\"");
    r->at_sites_bytes = get_count(path, at, "bytes", "\"heap.at_sites\"");
    json_t *by = json_object_get(heap, "by_function");
    if (!json_is_array(by))
      tu_die("%s: invalid report: \"heap\" has no \"by_function\" array", path);
    for (size_t i = 0; i < json_array_size(by); i++) {
      r->by_function_objects += get_count(path, json_array_get(by, i), "objects", "a by_function entry");
      r->by_function_bytes += get_count(path, json_array_get(by, i), "bytes", "a by_function entry");
    }
  }
  json_t *contexts = json_object_get(root, "contexts");
  if (json_is_object(contexts)) {
    r->has_contexts = 1;
    json_t *stacks = json_object_get(contexts, "stacks");
    json_t *dropped = json_object_get(contexts, "dropped");
    if (!json_is_array(stacks) || !json_is_object(dropped))
      tu_die("%s: invalid report: \"contexts\" needs \"stacks\" and \"dropped\"", path);
    for (size_t i = 0; i < json_array_size(stacks); i++) {
      r->context_objects += get_count(path, json_array_get(stacks, i), "objects", "a stack");
      r->context_bytes += get_count(path, json_array_get(stacks, i), "bytes", "a stack");
    }
    r->context_objects += get_count(path, dropped, "objects", "\"dropped\"");
    r->context_bytes += get_count(path, dropped, "bytes", "\"dropped\"");
  } else if (contexts && !json_is_null(contexts)) {
    tu_die("%s: invalid report: \"contexts\" is neither an object nor null", path);
  }
  for (size_t i = 0; i < r->num_sites; i++) {
    json_t *s = json_array_get(sites, i);
    char what[64];
    snprintf(what, sizeof what, "site %zu", i);
    if (!json_is_object(s))
      tu_die("%s: invalid report: %s is not an object", path, what);
    struct site *out = &r->sites[i];
    out->id = get_string_or_null(path, s, "id", what, 0);
    if (!out->id)
      tu_die("%s: invalid report: %s has no \"id\"", path, what);
    out->file = get_string_or_null(path, s, "file", what, 1);
    out->module = get_string_or_null(path, s, "module", what, 1);
    out->function = get_string_or_null(path, s, "function", what, 0);
    out->allocator = get_string_or_null(path, s, "allocator", what, 0);
    out->line = (long)get_count(path, s, "line", what);
    out->verdict = get_string_or_null(path, s, "verdict", what, 0);
    json_t *inlined = json_object_get(s, "inlined_at");
    size_t depth = json_is_array(inlined) ? json_array_size(inlined) : 0;
    out->container = depth ? get_string_or_null(path, json_array_get(inlined, depth - 1),
                                                 "function", what, 0)
                           : (out->function ? tu_xstrdup(out->function) : NULL);
    if (out->container && strchr(out->container, '(') && out->container[0] != '(')
      *strchr(out->container, '(') = '\0';
    /* Version 5: each site's size histogram, null or 16 counts. */
    json_t *sizes = json_object_get(s, "sizes");
    if (!json_is_null(sizes) && !(json_is_array(sizes) && json_array_size(sizes) == 16))
      tu_die("%s: invalid report: %s has no \"sizes\" (null or 16 counts)", path, what);
    for (size_t k = 0; json_is_array(sizes) && k < 16; k++)
      if (!json_is_integer(json_array_get(sizes, k)) || json_integer_value(json_array_get(sizes, k)) < 0)
        tu_die("%s: invalid report: %s has a bad size count", path, what);
    json_t *flags = json_object_get(s, "flags");
    if (!json_is_array(flags))
      tu_die("%s: invalid report: %s has no \"flags\" array", path, what);
    for (size_t k = 0; k < json_array_size(flags); k++) {
      json_t *f = json_array_get(flags, k);
      size_t bit = 0;
      while (bit < NUM_FLAGS && !(json_is_string(f) && strcmp(json_string_value(f), flag_names[bit]) == 0))
        bit++;
      if (bit == NUM_FLAGS)
        tu_die("%s: invalid report: %s has an unknown flag", path, what);
      out->flags |= 1u << bit;
    }
    out->objects = get_count(path, s, "objects", what);
    out->bytes = get_count(path, s, "bytes", what);
    if (!out->file && out->line != 0)
      tu_die("%s: invalid report: %s has no file but line %ld", path, what, out->line);
  }
  json_decref(root);
}

static int failures;

static void mismatch(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void mismatch(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  putchar('\n');
  va_end(ap);
  failures++;
}

static int by_id(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The totals must be the program's total (the sites not promoted, plus
 * the heap outside them), and no site may be listed twice (site IDs are
 * unique), whatever else is checked. */
static void check_self_consistent(const struct report *r) {
  char **ids = tu_xcalloc(r->num_sites, sizeof *ids);
  for (size_t i = 0; i < r->num_sites; i++)
    ids[i] = r->sites[i].id;
  qsort(ids, r->num_sites, sizeof *ids, by_id);
  for (size_t i = 1; i < r->num_sites; i++)
    if (strcmp(ids[i - 1], ids[i]) == 0 && (i < 2 || strcmp(ids[i - 2], ids[i]) != 0))
      mismatch("%s: site id %s is listed more than once", r->path, ids[i]);
  free(ids);

  uint64_t objects = 0, bytes = 0;
  for (size_t i = 0; i < r->num_sites; i++) {
    if (r->sites[i].flags & FLAG_PROMOTED)
      continue;
    objects += r->sites[i].objects;
    bytes += r->sites[i].bytes;
  }
  if (r->has_heap && (r->at_sites_objects > r->heap_objects || r->at_sites_bytes > r->heap_bytes))
    mismatch("%s: heap.at_sites objects=%" PRIu64 " bytes=%" PRIu64 " is more than the heap "
             "objects=%" PRIu64 " bytes=%" PRIu64, r->path, r->at_sites_objects,
             r->at_sites_bytes, r->heap_objects, r->heap_bytes);
  else if (r->has_heap && r->interposed) {
    objects += r->heap_objects - r->at_sites_objects;
    bytes += r->heap_bytes - r->at_sites_bytes;
  }
  if (objects != r->total_objects || bytes != r->total_bytes)
    mismatch("%s: report totals objects=%" PRIu64 " bytes=%" PRIu64
             " differ from the sites not promoted plus the heap outside them objects=%" PRIu64
             " bytes=%" PRIu64,
             r->path, r->total_objects, r->total_bytes, objects, bytes);

  /* The heap is split exactly by entry point and, with contexts, by stack. */
  if (r->has_heap && (r->by_function_objects != r->heap_objects ||
                      r->by_function_bytes != r->heap_bytes))
    mismatch("%s: heap objects=%" PRIu64 " bytes=%" PRIu64 " differ from the sum over "
             "by_function objects=%" PRIu64 " bytes=%" PRIu64, r->path, r->heap_objects,
             r->heap_bytes, r->by_function_objects, r->by_function_bytes);
  if (r->has_heap && r->has_contexts &&
      (r->context_objects != r->heap_objects || r->context_bytes != r->heap_bytes))
    mismatch("%s: heap objects=%" PRIu64 " bytes=%" PRIu64 " differ from the stacks plus "
             "dropped objects=%" PRIu64 " bytes=%" PRIu64, r->path, r->heap_objects,
             r->heap_bytes, r->context_objects, r->context_bytes);
}

/* The report's "heap" is interposed and holds exactly objects and bytes;
 * `where` starts a mismatch message, `because` says where the expectation
 * comes from (or is empty). */
static void check_heap(const struct report *r, const char *where, const char *because,
                       uint64_t objects, uint64_t bytes) {
  if (!r->has_heap || !r->interposed)
    mismatch("%s: expected an interposed \"heap\"%s, report has %s", where, because,
             r->has_heap ? "\"interposed\": false" : "no \"heap\"");
  else if (r->heap_objects != objects || r->heap_bytes != bytes)
    mismatch("%s: expected heap objects=%" PRIu64 " bytes=%" PRIu64 "%s, report has objects=%" PRIu64
             " bytes=%" PRIu64,
             where, objects, bytes, because, r->heap_objects, r->heap_bytes);
}

/* ------------------------------------------------------------------------ */
/* Directives                                                                */
/* ------------------------------------------------------------------------ */

enum kind { K_LINE, K_TOTAL, K_ALL, K_FUNCTION, K_HEAP };

struct directive {
  enum kind kind;
  const char *opt; /* NULL, "O0" or "O2" */
  long line;       /* where it is written */
  char *function;  /* K_FUNCTION */
  char *allocator; /* NULL: not checked */
  char *verdict;   /* NULL: not checked */
  long flags;      /* -1: not checked, else FLAG_* bits */
  long sites;      /* -1: not checked */
  uint64_t objects, bytes;
  int superseded;
};

struct directives {
  struct directive *v;
  size_t n, cap;
};

static void push(struct directives *d, struct directive x) {
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 32;
    d->v = tu_xrealloc(d->v, d->cap * sizeof *d->v);
  }
  d->v[d->n++] = x;
}

/* One word or "quoted words" at *p; advances *p. */
static char *take_value(const char **p, const char *source, long line) {
  const char *s = *p;
  if (*s == '"') {
    const char *end = strchr(s + 1, '"');
    if (!end)
      tu_die("%s:%ld: unterminated quoted value in directive", source, line);
    *p = end + 1;
    return tu_xstrndup(s + 1, (size_t)(end - s - 1));
  }
  size_t n = strcspn(s, " \t\r\n");
  *p = s + n;
  return tu_xstrndup(s, n);
}

static uint64_t parse_u64(const char *s, const char *source, long line, const char *key) {
  char *end;
  errno = 0;
  if (!*s || *s == '-')
    tu_die("%s:%ld: %s= needs a non-negative integer, not '%s'", source, line, key, s);
  unsigned long long v = strtoull(s, &end, 10);
  if (*end || errno)
    tu_die("%s:%ld: %s= needs a non-negative integer, not '%s'", source, line, key, s);
  return (uint64_t)v;
}

/* Parses the arguments of one directive, up to the end of `args`. */
static void parse_args(struct directive *d, const char *args, const char *source) {
  int have_objects = 0, have_bytes = 0;
  const char *p = args;
  if (d->kind == K_FUNCTION) {
    p += strspn(p, " \t");
    if (!*p || *p == '\n')
      tu_die("%s:%ld: EXPECT-FUNCTION needs a function name", source, d->line);
    d->function = take_value(&p, source, d->line);
  }
  for (;;) {
    p += strspn(p, " \t\r\n");
    if (!*p)
      break;
    const char *eq = strchr(p, '=');
    size_t keylen = strcspn(p, "= \t\r\n");
    if (!eq || eq != p + keylen)
      tu_die("%s:%ld: expected key=value in directive, found '%s'", source, d->line, p);
    char *key = tu_xstrndup(p, keylen);
    p = eq + 1;
    char *value = take_value(&p, source, d->line);
    if (strcmp(key, "objects") == 0) {
      d->objects = parse_u64(value, source, d->line, key);
      have_objects = 1;
    } else if (strcmp(key, "bytes") == 0) {
      d->bytes = parse_u64(value, source, d->line, key);
      have_bytes = 1;
    } else if (strcmp(key, "sites") == 0 && d->kind != K_ALL) {
      d->sites = (long)parse_u64(value, source, d->line, key);
    } else if (strcmp(key, "allocator") == 0 && (d->kind == K_LINE || d->kind == K_FUNCTION)) {
      d->allocator = tu_xstrdup(value);
    } else if (strcmp(key, "verdict") == 0 && d->kind == K_LINE) {
      d->verdict = tu_xstrdup(value);
    } else if (strcmp(key, "flags") == 0 && d->kind == K_LINE) {
      d->flags = 0;
      for (char *name = strtok(value, ","); name && strcmp(name, "none") != 0; name = strtok(NULL, ",")) {
        size_t bit = 0;
        while (bit < NUM_FLAGS && strcmp(name, flag_names[bit]) != 0)
          bit++;
        if (bit == NUM_FLAGS)
          tu_die("%s:%ld: unknown flag '%s' (wrapper-call, in-wrapper, promoted, merged or none)", source,
              d->line, name);
        d->flags |= 1L << bit;
      }
    } else {
      tu_die("%s:%ld: unknown key '%s' in directive", source, d->line, key);
    }
    free(key);
    free(value);
  }
  if (!have_objects || !have_bytes)
    tu_die("%s:%ld: a directive needs both objects= and bytes=", source, d->line);
}

/* Finds the directives on one line: each "EXPECT...:" right after "//". */
static void parse_line(struct directives *ds, const char *text, long line, const char *source) {
  const char *c = text;
  while ((c = strstr(c, "//"))) {
    const char *p = c + 2;
    p += strspn(p, " \t");
    c += 2;
    if (strncmp(p, "EXPECT", 6) != 0)
      continue;
    const char *q = p + 6;
    struct directive d = {K_LINE, NULL, line, NULL, NULL, NULL, -1, -1, 0, 0, 0};
    if (strncmp(q, "-TOTAL", 6) == 0) {
      d.kind = K_TOTAL;
      q += 6;
    } else if (strncmp(q, "-ALL", 4) == 0) {
      d.kind = K_ALL;
      q += 4;
    } else if (strncmp(q, "-FUNCTION", 9) == 0) {
      d.kind = K_FUNCTION;
      q += 9;
    } else if (strncmp(q, "-HEAP", 5) == 0) {
      d.kind = K_HEAP;
      q += 5;
    }
    if (strncmp(q, "-O0", 3) == 0 || strncmp(q, "-O2", 3) == 0) {
      d.opt = q[2] == '0' ? "O0" : "O2";
      q += 3;
    }
    if (*q != ':')
      tu_die("%s:%ld: malformed directive '%.*s'", source, line, (int)strcspn(p, " \t\r\n"), p);
    q++;
    /* The arguments end at the next "//" (another directive) or the line's end. */
    const char *end = strstr(q, "//");
    size_t len = end ? (size_t)(end - q) : strlen(q);
    char *args = tu_xstrndup(q, len);
    parse_args(&d, args, source);
    free(args);
    push(ds, d);
  }
}

static void parse_source(const char *source, struct directives *ds) {
  FILE *f = fopen(source, "r");
  if (!f)
    tu_die("cannot read source '%s': %s", source, strerror(errno));
  char *text = NULL;
  size_t cap = 0;
  long line = 0;
  while (getline(&text, &cap, f) >= 0)
    parse_line(ds, text, ++line, source);
  free(text);
  fclose(f);
}

static int same_target(const struct directive *a, const struct directive *b) {
  if (a->kind != b->kind)
    return 0;
  switch (a->kind) {
  case K_LINE: return a->line == b->line;
  case K_TOTAL: return 1;
  case K_ALL: return 1;
  case K_HEAP: return 1;
  case K_FUNCTION: return strcmp(a->function, b->function) == 0;
  }
  return 0;
}

/* Drops directives for other optimisation levels; an -Ox directive replaces
 * the plain one for the same target.  Two active ones for a target is an
 * error in the test. */
static void select_directives(struct directives *ds, const char *opt, const char *source) {
  for (size_t i = 0; i < ds->n; i++) {
    struct directive *d = &ds->v[i];
    if (d->opt && !opt)
      tu_die("%s:%ld: EXPECT-%s directives need --opt O0|O2", source, d->line, d->opt);
    if (d->opt && strcmp(d->opt, opt) != 0)
      d->superseded = 1;
  }
  for (size_t i = 0; i < ds->n; i++) {
    struct directive *d = &ds->v[i];
    if (d->superseded)
      continue;
    for (size_t j = 0; j < ds->n; j++) {
      struct directive *e = &ds->v[j];
      if (i == j || e->superseded || !same_target(d, e))
        continue;
      if (!d->opt && e->opt)
        d->superseded = 1;
      else if ((d->opt != NULL) == (e->opt != NULL))
        tu_die("%s:%ld: more than one directive for the same %s (also on line %ld)", source,
            e->line, d->kind == K_LINE ? "line" : d->kind == K_FUNCTION ? "function" : "total",
            d->line);
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Checking                                                                  */
/* ------------------------------------------------------------------------ */

struct sum {
  uint64_t objects, bytes;
  long sites;
  const char *bad_allocator; /* a site whose allocator differs, if any */
  const char *bad_verdict;   /* likewise for verdict= */
  long bad_flags;            /* likewise for flags=: that site's flags, or -1 */
};

static void add_site(struct sum *s, const struct site *site, const struct directive *d) {
  s->objects += site->objects;
  s->bytes += site->bytes;
  s->sites++;
  if (!d)
    return;
  if (d->allocator && !s->bad_allocator &&
      (!site->allocator || strcmp(site->allocator, d->allocator) != 0))
    s->bad_allocator = site->allocator ? site->allocator : "(null)";
  if (d->verdict && !s->bad_verdict && (!site->verdict || strcmp(site->verdict, d->verdict) != 0))
    s->bad_verdict = site->verdict ? site->verdict : "(null)";
  if (d->flags >= 0 && s->bad_flags < 0 && (long)site->flags != d->flags)
    s->bad_flags = (long)site->flags;
}

/* "wrapper-call,in-wrapper", or "none". */
static const char *flags_text(long flags, char *buf, size_t size) {
  buf[0] = '\0';
  for (size_t bit = 0; bit < NUM_FLAGS; bit++)
    if (flags & (1L << bit))
      snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "," : "", flag_names[bit]);
  return buf[0] ? buf : "none";
}

/* What the instrumented sites counted, each allocation once: the sum over
 * the sites (an allocation made inside an instrumented wrapper call is
 * counted at that call's site only). */
static void sites_sum(const struct report *r, uint64_t *objects, uint64_t *bytes) {
  *objects = *bytes = 0;
  for (size_t k = 0; k < r->num_sites; k++) {
    *objects += r->sites[k].objects;
    *bytes += r->sites[k].bytes;
  }
}

static void compare(const char *source, const struct directive *d, const struct sum *s,
                    const char *what) {
  if (s->objects != d->objects || s->bytes != d->bytes)
    mismatch("%s:%ld: expected %sobjects=%" PRIu64 " bytes=%" PRIu64
             ", report has objects=%" PRIu64 " bytes=%" PRIu64,
             source, d->line, what, d->objects, d->bytes, s->objects, s->bytes);
  if (d->sites >= 0 && s->sites != d->sites)
    mismatch("%s:%ld: expected %ssites=%ld, report has sites=%ld", source, d->line, what,
             d->sites, s->sites);
  if (d->allocator && s->bad_allocator)
    mismatch("%s:%ld: expected %sallocator=\"%s\", report has a site with allocator=\"%s\"",
             source, d->line, what, d->allocator, s->bad_allocator);
  if (d->verdict && s->bad_verdict)
    mismatch("%s:%ld: expected %sverdict=%s, report has a site with verdict=%s", source, d->line,
             what, d->verdict, s->bad_verdict);
  if (d->flags >= 0 && s->bad_flags >= 0) {
    char want[64], have[64];
    mismatch("%s:%ld: expected %sflags=%s, report has a site with flags=%s", source, d->line,
             what, flags_text(d->flags, want, sizeof want),
             flags_text(s->bad_flags, have, sizeof have));
  }
}

static int check_source(const char *source, const char *opt, int nodebug, const char *report_path) {
  struct report r;
  load_report(report_path, &r);
  check_self_consistent(&r);

  struct directives ds = {0};
  parse_source(source, &ds);
  select_directives(&ds, opt, source);
  char *src = canonical(source);

  for (size_t i = 0; i < ds.n; i++) {
    const struct directive *d = &ds.v[i];
    if (d->superseded)
      continue;
    struct sum s = {0, 0, 0, NULL, NULL, -1};
    char what[PATH_MAX + 64] = "";
    switch (d->kind) {
    case K_LINE:
      if (nodebug)
        continue;
      for (size_t k = 0; k < r.num_sites; k++) {
        const struct site *site = &r.sites[k];
        if (site->file && site->line == d->line && strcmp(site->file, src) == 0)
          add_site(&s, site, d);
      }
      break;
    case K_TOTAL:
      s.sites = (long)r.num_sites;
      sites_sum(&r, &s.objects, &s.bytes);
      snprintf(what, sizeof what, "(sum over the sites) ");
      break;
    case K_ALL:
      s.objects = r.total_objects;
      s.bytes = r.total_bytes;
      snprintf(what, sizeof what, "(report totals) ");
      break;
    case K_FUNCTION:
      for (size_t k = 0; k < r.num_sites; k++) {
        const struct site *site = &r.sites[k];
        if (site->function && strcmp(site->function, d->function) == 0)
          add_site(&s, site, d);
      }
      snprintf(what, sizeof what, "(function %s) ", d->function);
      break;
    case K_HEAP: {
      snprintf(what, sizeof what, "%s:%ld", source, d->line);
      check_heap(&r, what, "", d->objects, d->bytes);
      continue;
    }
    }
    compare(source, d, &s, what);
  }

  /* Unexpected allocations: a counted line without EXPECT. */
  for (size_t k = 0; k < r.num_sites; k++) {
    const struct site *site = &r.sites[k];
    if (site->file && !nodebug && strcmp(site->file, src) == 0) {
      int seen_before = 0, expected = 0;
      for (size_t j = 0; j < k; j++)
        if (r.sites[j].file && r.sites[j].line == site->line && strcmp(r.sites[j].file, src) == 0)
          seen_before = 1;
      if (seen_before)
        continue;
      struct sum s = {0, 0, 0, NULL, NULL, -1};
      for (size_t j = k; j < r.num_sites; j++)
        if (r.sites[j].file && r.sites[j].line == site->line && strcmp(r.sites[j].file, src) == 0)
          add_site(&s, &r.sites[j], NULL);
      for (size_t i = 0; i < ds.n; i++)
        if (!ds.v[i].superseded && ds.v[i].kind == K_LINE && ds.v[i].line == site->line)
          expected = 1;
      if (!expected && (s.objects || s.bytes))
        mismatch("%s:%ld: expected no allocations (no EXPECT on this line), report has "
                 "objects=%" PRIu64 " bytes=%" PRIu64,
                 source, site->line, s.objects, s.bytes);
    } else if (!site->file && site->module && strcmp(site->module, src) == 0 &&
               (site->objects || site->bytes)) {
      int expected = 0;
      for (size_t i = 0; i < ds.n; i++)
        if (!ds.v[i].superseded && ds.v[i].kind == K_FUNCTION && site->function &&
            strcmp(ds.v[i].function, site->function) == 0)
          expected = 1;
      if (!expected)
        mismatch("%s: expected no allocations in function %s (no EXPECT-FUNCTION), report has "
                 "a site without a file with objects=%" PRIu64 " bytes=%" PRIu64,
                 source, site->function ? site->function : "(null)", site->objects, site->bytes);
    }
  }
  return failures ? 1 : 0;
}

static void read_shim(const char *shim_path, uint64_t *objects_out, uint64_t *bytes_out) {
  FILE *f = fopen(shim_path, "r");
  if (!f)
    tu_die("cannot read count shim output '%s': %s", shim_path, strerror(errno));
  uint64_t objects, bytes;
  char extra;
  char line[256];
  if (!fgets(line, sizeof line, f) ||
      sscanf(line, "objects=%" SCNu64 " bytes=%" SCNu64 " %c", &objects, &bytes, &extra) != 2)
    tu_die("%s: invalid count shim output: expected one line 'objects=N bytes=M'", shim_path);
  fclose(f);
  *objects_out = objects;
  *bytes_out = bytes;
}

/* The report's heap (every allocation the interposer saw) against the
 * shim's count of every allocation of the process. */
static void check_heap_from(const char *shim_path, const struct report *r) {
  uint64_t objects, bytes;
  read_shim(shim_path, &objects, &bytes);
  char because[PATH_MAX + 32];
  snprintf(because, sizeof because, " (counted by the shim in %s)", shim_path);
  check_heap(r, r->path, because, objects, bytes);
}

/* The report's totals (each allocation once) against the shim's count of
 * every allocation of the process. */
static void check_all_from(const char *shim_path, const struct report *r) {
  uint64_t objects, bytes;
  read_shim(shim_path, &objects, &bytes);
  if (r->total_objects != objects || r->total_bytes != bytes)
    mismatch("%s: expected totals (each allocation once) objects=%" PRIu64 " bytes=%" PRIu64
             " (every allocation, counted by the shim in %s), report has objects=%" PRIu64
             " bytes=%" PRIu64,
             r->path, objects, bytes, shim_path, r->total_objects, r->total_bytes);
}

static int check_totals_from(const char *shim_path, const char *heap_path, const char *all_path,
                             uint64_t min_objects, const char *report_path) {
  struct report r;
  load_report(report_path, &r);
  check_self_consistent(&r);
  if (heap_path)
    check_heap_from(heap_path, &r);
  if (all_path)
    check_all_from(all_path, &r);
  if (!shim_path)
    return failures ? 1 : 0;
  uint64_t objects, bytes;
  read_shim(shim_path, &objects, &bytes);

  uint64_t have_objects, have_bytes;
  sites_sum(&r, &have_objects, &have_bytes);
  if (have_objects != objects || have_bytes != bytes)
    mismatch("%s: expected totals objects=%" PRIu64 " bytes=%" PRIu64
             " (counted by the shim in %s), report has objects=%" PRIu64 " bytes=%" PRIu64,
             report_path, objects, bytes, shim_path, have_objects, have_bytes);
  if (have_objects < min_objects)
    mismatch("%s: expected at least objects=%" PRIu64 ", report has objects=%" PRIu64,
             report_path, min_objects, have_objects);
  return failures ? 1 : 0;
}

static void usage(void) {
  fprintf(stderr,
          "usage: %s [--opt O0|O2] [--nodebug] SOURCE REPORT.json\n"
          "       %s [--totals-from SHIM_OUT] [--heap-from SHIM_HEAP_OUT] [--all-from SHIM_HEAP_OUT] "
          "[--min-objects N] REPORT.json\n",
          prog_name, prog_name);
  exit(2);
}

int main(int argc, char **argv) {
  tu_init(prog_name);
  const char *opt = NULL, *totals_from = NULL, *heap_from = NULL, *all_from = NULL;
  int nodebug = 0, have_min = 0;
  uint64_t min_objects = 0;
  const char *positional[2];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--opt") == 0 && i + 1 < argc) {
      opt = argv[++i];
      if (strcmp(opt, "O0") != 0 && strcmp(opt, "O2") != 0)
        tu_die("--opt takes O0 or O2, not '%s'", opt);
    } else if (strcmp(a, "--nodebug") == 0) {
      nodebug = 1;
    } else if (strcmp(a, "--totals-from") == 0 && i + 1 < argc) {
      totals_from = argv[++i];
    } else if (strcmp(a, "--heap-from") == 0 && i + 1 < argc) {
      heap_from = argv[++i];
    } else if (strcmp(a, "--all-from") == 0 && i + 1 < argc) {
      all_from = argv[++i];
    } else if (strcmp(a, "--min-objects") == 0 && i + 1 < argc) {
      min_objects = parse_u64(argv[++i], "--min-objects", 0, "--min-objects");
      have_min = 1;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage();
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "%s: error: unknown option '%s'\n", prog_name, a);
      usage();
    } else if (npos < 2) {
      positional[npos++] = a;
    } else {
      usage();
    }
  }
  if (totals_from || heap_from || all_from) {
    if (npos != 1 || opt || nodebug)
      usage();
    return check_totals_from(totals_from, heap_from, all_from, min_objects, positional[0]);
  }
  if (npos != 2 || have_min)
    usage();
  return check_source(positional[0], opt, nodebug, positional[1]);
}
