/*
 * cmd_pprof.c - `allocsite-report pprof -o FILE REPORT...`: the reports as
 * a pprof profile (gzipped profile.proto, github.com/google/pprof
 * proto/profile.proto), so that `go tool pprof`, its web UI and every tool
 * that reads pprof work on C and C++ allocations.
 *
 * Sample types are alloc_objects/count and alloc_space/bytes, the names of
 * Go's heap profiles, so -sample_index=alloc_objects and -alloc_objects
 * work as they do for Go.  Without calling contexts each site is one sample
 * of one location whose lines are the site and the calls it was inlined
 * through (innermost first, as pprof wants), labelled with its site ID,
 * allocator and verdict.  With contexts each stack is one sample, its
 * locations the symbolized return addresses, an inlined call being several
 * lines of one location.  Output is deterministic (no timestamp).
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "commands.h"
#include "output.h"
#include "protobuf.h"
#include "symbolize.h"
#include "text.h"

/* profile.proto field numbers. */
enum {
  PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_MAPPING = 3, PROFILE_LOCATION = 4,
  PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6, PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12,
  PROFILE_COMMENT = 13, PROFILE_DEFAULT_SAMPLE_TYPE = 14,
  VALUE_TYPE_TYPE = 1, VALUE_TYPE_UNIT = 2,
  SAMPLE_LOCATION_ID = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3,
  LABEL_KEY = 1, LABEL_STR = 2,
  MAPPING_ID = 1, MAPPING_MEMORY_START = 2, MAPPING_MEMORY_LIMIT = 3, MAPPING_FILENAME = 5,
  MAPPING_BUILD_ID = 6, MAPPING_HAS_FUNCTIONS = 7, MAPPING_HAS_FILENAMES = 8,
  MAPPING_HAS_LINE_NUMBERS = 9, MAPPING_HAS_INLINE_FRAMES = 10,
  LOCATION_ID = 1, LOCATION_MAPPING_ID = 2, LOCATION_ADDRESS = 3, LOCATION_LINE = 4,
  LINE_FUNCTION_ID = 1, LINE_LINE = 2, LINE_COLUMN = 3,
  FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4,
};

/* Interned strings (the profile's string table) or functions, by key:
 * open addressing, FNV-1a. */
struct intern {
  char **keys; /* by index */
  size_t count;
  size_t *slots; /* index + 1, 0 = empty */
  size_t num_slots;
};

static uint64_t hash(const char *s, size_t len) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < len; i++)
    h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return h;
}

/* The index of key (len bytes, may contain NULs) in t, added if new. */
static size_t intern(struct intern *t, const char *key, size_t len, int *added) {
  if ((t->count + 1) * 2 > t->num_slots) {
    size_t n = t->num_slots ? t->num_slots * 2 : 64;
    size_t *slots = xcalloc(n, sizeof *slots);
    for (size_t i = 0; i < t->num_slots; i++)
      if (t->slots[i]) {
        const char *k = t->keys[t->slots[i] - 1];
        size_t klen = *(const size_t *)(const void *)(k - sizeof(size_t));
        size_t j = hash(k, klen) % n;
        while (slots[j])
          j = (j + 1) % n;
        slots[j] = t->slots[i];
      }
    free(t->slots);
    t->slots = slots;
    t->num_slots = n;
  }
  size_t j = hash(key, len) % t->num_slots;
  for (; t->slots[j]; j = (j + 1) % t->num_slots) {
    const char *k = t->keys[t->slots[j] - 1];
    if (*(const size_t *)(const void *)(k - sizeof(size_t)) == len && memcmp(k, key, len) == 0) {
      if (added)
        *added = 0;
      return t->slots[j] - 1;
    }
  }
  /* Each key is stored after its length, so lookups compare lengths first. */
  char *copy = xmalloc(sizeof(size_t) + len + 1);
  memcpy(copy, &len, sizeof len);
  memcpy(copy + sizeof len, key, len);
  copy[sizeof len + len] = '\0';
  t->keys = xreallocarray(t->keys, t->count + 1, sizeof *t->keys);
  t->keys[t->count] = copy + sizeof len;
  t->slots[j] = ++t->count;
  if (added)
    *added = 1;
  return t->count - 1;
}

static void intern_free(struct intern *t) {
  for (size_t i = 0; i < t->count; i++)
    free(t->keys[i] - sizeof(size_t));
  free(t->keys);
  free(t->slots);
}

struct profile {
  struct pb body;         /* everything but the string table */
  struct intern strings;  /* string_table[0] is "" */
  struct intern functions; /* "name\0file" -> function ID - 1 */
  uint64_t next_location;
};

static uint64_t str(struct profile *p, const char *s) {
  return intern(&p->strings, s ? s : "", s ? strlen(s) : 0, NULL);
}

static void value_type(struct profile *p, uint32_t field, const char *type, const char *unit) {
  struct pb vt = {0};
  pb_varint_field(&vt, VALUE_TYPE_TYPE, str(p, type));
  pb_varint_field(&vt, VALUE_TYPE_UNIT, str(p, unit));
  pb_message_field(&p->body, field, &vt);
  pb_free(&vt);
}

/* The ID of function (name, file), written to the profile when first seen. */
static uint64_t function_id(struct profile *p, const char *name, const char *file) {
  name = name ? name : "??";
  file = file ? file : "";
  char *key = xasprintf("%s%c%s", name, 0, file);
  int added;
  uint64_t id = intern(&p->functions, key, strlen(name) + 1 + strlen(file), &added) + 1;
  free(key);
  if (added) {
    struct pb f = {0};
    pb_varint_field(&f, FUNCTION_ID, id);
    pb_varint_field(&f, FUNCTION_NAME, str(p, name));
    pb_varint_field(&f, FUNCTION_SYSTEM_NAME, str(p, name));
    pb_varint_field(&f, FUNCTION_FILENAME, str(p, file));
    pb_message_field(&p->body, PROFILE_FUNCTION, &f);
    pb_free(&f);
  }
  return id;
}

static void add_line(struct profile *p, struct pb *loc, const char *function, const char *file,
                     uint32_t line, uint32_t column) {
  struct pb l = {0};
  pb_varint_field(&l, LINE_FUNCTION_ID, function_id(p, function, file));
  pb_varint_field(&l, LINE_LINE, line);
  if (column)
    pb_varint_field(&l, LINE_COLUMN, column);
  pb_message_field(loc, LOCATION_LINE, &l);
  pb_free(&l);
}

static void add_mapping(struct profile *p, uint64_t id, const char *file, const char *build_id) {
  struct pb m = {0};
  pb_varint_field(&m, MAPPING_ID, id);
  pb_varint_field(&m, MAPPING_MEMORY_START, 0);
  pb_varint_field(&m, MAPPING_MEMORY_LIMIT, UINT64_MAX);
  pb_varint_field(&m, MAPPING_FILENAME, str(p, file));
  if (build_id)
    pb_varint_field(&m, MAPPING_BUILD_ID, str(p, build_id));
  /* Already symbolized: pprof must not try again. */
  pb_varint_field(&m, MAPPING_HAS_FUNCTIONS, 1);
  pb_varint_field(&m, MAPPING_HAS_FILENAMES, 1);
  pb_varint_field(&m, MAPPING_HAS_LINE_NUMBERS, 1);
  pb_varint_field(&m, MAPPING_HAS_INLINE_FRAMES, 1);
  pb_message_field(&p->body, PROFILE_MAPPING, &m);
  pb_free(&m);
}

static void add_label(struct profile *p, struct pb *sample, const char *key, const char *value) {
  struct pb l = {0};
  pb_varint_field(&l, LABEL_KEY, str(p, key));
  pb_varint_field(&l, LABEL_STR, str(p, value));
  pb_message_field(sample, SAMPLE_LABEL, &l);
  pb_free(&l);
}

/* Completes sample s (which may already hold labels) and adds it. */
static void add_sample(struct profile *p, struct pb *s, const uint64_t *locations, size_t n,
                       uint64_t objects, uint64_t bytes) {
  uint64_t values[2] = {objects, bytes}; /* int64 in the schema; below 2^63 */
  pb_packed_field(s, SAMPLE_LOCATION_ID, locations, n);
  pb_packed_field(s, SAMPLE_VALUE, values, 2);
  pb_message_field(&p->body, PROFILE_SAMPLE, s);
  pb_free(s);
}

/* A sample at a location of its own, function name only. */
static void add_pseudo_sample(struct profile *p, const char *function, const char *allocator,
                              uint64_t objects, uint64_t bytes) {
  uint64_t id = ++p->next_location;
  struct pb loc = {0};
  pb_varint_field(&loc, LOCATION_ID, id);
  pb_varint_field(&loc, LOCATION_MAPPING_ID, 1);
  add_line(p, &loc, function, NULL, 0, 0);
  pb_message_field(&p->body, PROFILE_LOCATION, &loc);
  pb_free(&loc);
  struct pb s = {0};
  add_label(p, &s, "allocator", allocator);
  add_sample(p, &s, &id, 1, objects, bytes);
}

/* One sample per site that allocated on the heap (promoted sites are stack
 * slots), plus one for the heap allocations made outside every site, so that
 * the profile's total is the report's: each allocation once.  Mapping 1 is
 * the program. */
static void add_sites(struct profile *p, const struct as_report *r) {
  add_mapping(p, 1, r->program, NULL);
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *site = &r->sites[i];
    uint64_t objects = site->objects, bytes = site->bytes;
    if (objects == 0 || (site->flags & AS_SITE_PROMOTED))
      continue;
    uint64_t id = ++p->next_location;
    struct pb loc = {0};
    pb_varint_field(&loc, LOCATION_ID, id);
    pb_varint_field(&loc, LOCATION_MAPPING_ID, 1);
    add_line(p, &loc, site->function, site->file, site->line, site->column);
    for (size_t k = 0; k < site->num_inlined; k++) {
      const struct as_frame *f = &site->inlined_at[k];
      add_line(p, &loc, f->function, f->file, f->line, f->column);
    }
    pb_message_field(&p->body, PROFILE_LOCATION, &loc);
    pb_free(&loc);

    char hex[17];
    as_format_id(site->id, hex);
    char *verdict = site->reason_code ? xasprintf("%s (%s)", as_verdict_name(site->verdict),
                                                  site->reason_code)
                                      : xstrdup(as_verdict_name(site->verdict));
    struct pb s = {0};
    add_label(p, &s, "site", hex);
    add_label(p, &s, "allocator", site->allocator);
    add_label(p, &s, "verdict", verdict);
    free(verdict);
    add_sample(p, &s, &id, 1, objects, bytes);
  }
  const struct as_heap *h = r->heap;
  if (h && h->interposed && h->objects > h->at_sites_objects)
    add_pseudo_sample(p, "(heap outside instrumented sites)", "malloc family",
                      h->objects - h->at_sites_objects, h->bytes - h->at_sites_bytes);
}

/* The module that is the program itself, or -1: go tool pprof names a
 * profile after its first mapping ("File: ..."), so the program's must come
 * first, not the alphabetically first module (often libc.so.6). */
static int64_t program_module(const struct as_contexts *c, const char *program) {
  for (size_t i = 0; program && i < c->num_modules; i++)
    if (strcmp(c->modules[i].path, program) == 0)
      return (int64_t)i;
  return -1;
}

/* One sample per stack; mapping i + 1 is module i (the program's written
 * first), location j + 1 the j-th distinct frame. */
static void add_stacks(struct profile *p, const struct as_contexts *c, const struct sym_table *t,
                       const char *program) {
  int64_t main_module = program_module(c, program);
  if (main_module >= 0)
    add_mapping(p, (uint64_t)main_module + 1, c->modules[main_module].path,
                c->modules[main_module].build_id);
  for (size_t i = 0; i < c->num_modules; i++)
    if ((int64_t)i != main_module)
      add_mapping(p, i + 1, c->modules[i].path, c->modules[i].build_id);
  for (size_t j = 0; j < t->num_locations; j++) {
    const struct sym_location *l = &t->locations[j];
    struct pb loc = {0};
    pb_varint_field(&loc, LOCATION_ID, j + 1);
    if (l->module >= 0)
      pb_varint_field(&loc, LOCATION_MAPPING_ID, (uint64_t)l->module + 1);
    pb_varint_field(&loc, LOCATION_ADDRESS, l->offset);
    for (size_t k = 0; k < l->num_frames; k++)
      if (l->frames[k].function || l->frames[k].file)
        add_line(p, &loc, l->frames[k].function, l->frames[k].file, l->frames[k].line,
                 l->frames[k].column);
    pb_message_field(&p->body, PROFILE_LOCATION, &loc);
    pb_free(&loc);
  }
  p->next_location = t->num_locations;
  for (size_t i = 0; i < c->num_stacks; i++) {
    const struct as_stack *s = &c->stacks[i];
    uint64_t *ids = xcalloc(s->num_frames, sizeof *ids);
    for (size_t k = 0; k < s->num_frames; k++)
      ids[k] = (uint64_t)(sym_lookup(t, &s->frames[k]) - t->locations) + 1;
    struct pb sample = {0};
    add_label(p, &sample, "allocator", s->function);
    add_sample(p, &sample, ids, s->num_frames, s->objects, s->bytes);
    free(ids);
  }
  if (c->dropped_objects) {
    /* Allocations whose stacks did not fit in the runtime's table still
     * count, under one pseudo-function that says so. */
    uint64_t id = ++p->next_location;
    struct pb loc = {0};
    pb_varint_field(&loc, LOCATION_ID, id);
    add_line(p, &loc, "[allocsite: stack not recorded, table full]", NULL, 0, 0);
    pb_message_field(&p->body, PROFILE_LOCATION, &loc);
    pb_free(&loc);
    struct pb sample = {0};
    add_sample(p, &sample, &id, 1, c->dropped_objects, c->dropped_bytes);
  }
}

/* The profile's own fields; protobuf fields may come in any order, so the
 * string table, complete only at the end, is simply written last. */
static void header(struct profile *p, const struct as_report *r) {
  str(p, ""); /* string_table[0] must be "" */
  value_type(p, PROFILE_SAMPLE_TYPE, "alloc_objects", "count");
  value_type(p, PROFILE_SAMPLE_TYPE, "alloc_space", "bytes");
  value_type(p, PROFILE_PERIOD_TYPE, "space", "bytes");
  pb_varint_field(&p->body, PROFILE_PERIOD, 1);
  pb_varint_field(&p->body, PROFILE_DEFAULT_SAMPLE_TYPE, str(p, "alloc_objects"));
  char *comment = xasprintf("allocsite report%s%s (%zu %s)", r->program ? " of " : "",
                            r->program ? r->program : "", r->num_inputs,
                            r->num_inputs == 1 ? "report" : "reports");
  uint64_t index = str(p, comment);
  pb_packed_field(&p->body, PROFILE_COMMENT, &index, 1);
  free(comment);
}

static void string_table(struct profile *p) {
  for (size_t i = 0; i < p->strings.count; i++) {
    const char *k = p->strings.keys[i];
    pb_bytes_field(&p->body, PROFILE_STRING_TABLE, k,
                   *(const size_t *)(const void *)(k - sizeof(size_t)));
  }
}

/* gzip (RFC 1952) of the message m, written to out. */
static int write_gzip(FILE *out, void *m, char **error) {
  const unsigned char *data = ((struct pb *)m)->data;
  size_t len = ((struct pb *)m)->len;
  z_stream z;
  memset(&z, 0, sizeof z);
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16 /* gzip wrapper */, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    *error = xstrdup("zlib cannot start compressing");
    return -1;
  }
  unsigned char buf[1 << 16];
  z.next_in = (unsigned char *)data;
  int rc = Z_OK;
  size_t left = len;
  while (rc != Z_STREAM_END) {
    /* avail_in is 32 bits: feed a huge profile in parts. */
    if (z.avail_in == 0 && left > 0) {
      z.avail_in = left > (1u << 30) ? (1u << 30) : (uInt)left;
      left -= z.avail_in;
    }
    z.next_out = buf;
    z.avail_out = sizeof buf;
    rc = deflate(&z, left == 0 && z.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR ||
        fwrite(buf, 1, sizeof buf - z.avail_out, out) != sizeof buf - z.avail_out) {
      *error = xstrdup(rc == Z_STREAM_ERROR ? "compression failed" : "write failed");
      deflateEnd(&z);
      return -1;
    }
  }
  deflateEnd(&z);
  return 0;
}

static int run_pprof(const struct command *self, int argc, char **argv) {
  const char *out_path = NULL, *symbolizer_option = NULL, *value;
  int sites_only = 0;
  char **files = xcalloc((size_t)argc, sizeof *files);
  size_t num_files = 0;
  struct args a = args_start(self, argc, argv);
  while (args_next(&a)) {
    if (args_flag(&a, "-h", "--help")) {
      command_help(self, stdout);
      free(files);
      return EXIT_OK;
    } else if (args_value(&a, "-o", "--output", &value)) {
      out_path = value;
    } else if (args_flag(&a, NULL, "--sites")) {
      sites_only = 1;
    } else if (args_value(&a, NULL, "--symbolizer", &value)) {
      symbolizer_option = value;
    } else if (a.operand) {
      files[num_files++] = (char *)a.arg;
    } else {
      args_unknown(&a);
    }
  }
  if (args_check(&a, "-o FILE", out_path, num_files) != 0) {
    free(files);
    return EXIT_USAGE;
  }

  struct as_report report;
  int status = load_summed_reports(files, num_files, &report);
  free(files);
  if (status != EXIT_OK)
    return status;
  struct profile p = {0};
  header(&p, &report);
  struct sym_table table = {0};
  char *error = NULL;
  if (report.contexts && !sites_only) {
    char *symbolizer = symbolizer_find(symbolizer_option, &error);
    if (!symbolizer || symbolize_contexts(report.contexts, symbolizer, &table, &error) != 0) {
      report_error("%s", error);
      free(error);
      status = EXIT_BAD_INPUT;
    } else {
      add_stacks(&p, report.contexts, &table, report.program);
    }
    free(symbolizer);
  } else {
    add_sites(&p, &report);
  }
  if (status == EXIT_OK) {
    string_table(&p);
    if (output_write(out_path, write_gzip, &p.body) != 0)
      status = EXIT_BAD_INPUT;
  }
  sym_table_free(&table);
  pb_free(&p.body);
  intern_free(&p.strings);
  intern_free(&p.functions);
  as_report_free(&report);
  return status;
}

const struct command cmd_pprof = {
    .name = "pprof",
    .summary = "export to Go's pprof format (profile.proto, gzipped)",
    .usage = "pprof -o FILE [--sites] [--symbolizer PATH] REPORT...",
    .help =
        "Writes the reports, summed, as a pprof profile that `go tool pprof` and\n"
        "other pprof tools read, with the sample types alloc_objects (count) and\n"
        "alloc_space (bytes), as in Go heap profiles:\n"
        "\n"
        "  go tool pprof -top -sample_index=alloc_objects FILE\n"
        "  go tool pprof -list=main -alloc_space FILE\n"
        "\n"
        "Without calling contexts, each site is one sample at one location with\n"
        "its file, line and column and the calls it was inlined through, and\n"
        "labels site (ID), allocator and verdict.  With contexts (a report\n"
        "written with ALLOCSITE_DEPTH set), each stack is one sample whose\n"
        "locations are its return addresses, symbolized with llvm-symbolizer,\n"
        "labelled with the allocator entry point.\n"
        "\n"
        "Options:\n"
        "  -o, --output FILE  where to write the profile ('-': standard output)\n"
        "  --sites            one sample per site even when there are contexts\n"
        "  --symbolizer PATH  the llvm-symbolizer to use (see 'top --help')\n"
        "  -h, --help         show this help\n",
    .run = run_pprof,
};
