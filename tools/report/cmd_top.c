/*
 * cmd_top.c - `allocsite-report top`: allocation sites ranked by objects or
 * bytes, like pprof's top, from one report or several summed by site ID;
 * aggregated by source line or function, with pprof's flat and cum columns
 * (samples.h says what they sum, and why contexts replace the sites'
 * inlining chains when the report has them); or, from the calling contexts
 * of a report with "contexts", by the first caller outside allocator
 * wrappers (--skip-wrappers).  --cum ranks by cum, like pprof's -cum.
 *
 * Counts are printed exactly (no K/M rounding) so that they can be checked
 * against a program's known allocations; the order is total, so the same
 * reports always give the same table.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "display.h"
#include "format.h"
#include "symbolize.h"
#include "table.h"
#include "hidden_frames.h"
#include "samples.h"
#include "text.h"

enum rank_by { BY_OBJECTS, BY_BYTES };

/* What one row of the table stands for. */
enum group {
  GROUP_SITES,         /* one allocation site */
  GROUP_LINES,         /* the sites of one source line */
  GROUP_FUNCTIONS,     /* the sites written in one function */
  GROUP_SKIP_WRAPPERS, /* the innermost caller outside allocator wrappers */
};

struct options {
  enum rank_by by;
  size_t limit;
  int promotable_only;
  regex_t *focus;
  enum group group;
  int by_cum; /* --cum: rank by cum (pprof's -cum) */
  struct hidden_frames *hidden_frames; /* what --skip-wrappers looks past */
  const char *symbolizer;
};

/*
 * A contribution to one row: a site, or a stack seen through one of its
 * frames.  Rows are made by sorting items by their key (file, line, column,
 * function, tie, id; what a grouping does not distinguish is zero) and
 * summing equal neighbours.
 */
struct item {
  const char *file;
  uint32_t line, column;
  const char *function;
  const char *tie; /* module, for sites or frames without a file */
  uint64_t id;     /* site ID, or offset of an unresolved frame */
  uint64_t objects, bytes;         /* flat */
  uint64_t cum_objects, cum_bytes; /* cum (flat and below) */
  size_t sites, promotable;
  const struct as_site *site;          /* shown for site groupings */
  const struct sample_frame *sample;   /* shown for rows no site maps to */
  const struct sym_frame *frame;       /* shown for context groupings */
  const struct sym_location *location; /* where frame came from */
};

/* Items compare as the sample rows they stand for (samples.h). */
static int compare_keys(const struct item *a, const struct item *b) {
  struct sample_frame ka = {a->file, a->function, a->line, a->column, a->tie, a->id, NULL, NULL};
  struct sample_frame kb = {b->file, b->function, b->line, b->column, b->tie, b->id, NULL, NULL};
  return sample_key_compare(&ka, &kb);
}

static int compare_items(const void *pa, const void *pb) { return compare_keys(pa, pb); }

static enum rank_by ranking;
static int ranking_by_cum;

/* The counts a row is ranked by, most significant first: the chosen unit
 * and then the other, flat (or with --cum cum) and then the other. */
static void rank_keys(const struct item *it, uint64_t k[4]) {
  uint64_t fo = it->objects, fb = it->bytes, co = it->cum_objects, cb = it->cum_bytes;
  uint64_t first_o = ranking_by_cum ? co : fo, first_b = ranking_by_cum ? cb : fb;
  uint64_t then_o = ranking_by_cum ? fo : co, then_b = ranking_by_cum ? fb : cb;
  k[0] = ranking == BY_BYTES ? first_b : first_o;
  k[1] = ranking == BY_BYTES ? first_o : first_b;
  k[2] = ranking == BY_BYTES ? then_b : then_o;
  k[3] = ranking == BY_BYTES ? then_o : then_b;
}

/* Rows that never allocated last (sites the program contains that did not
 * run); then the larger count first; then by key, so that ties never depend
 * on the order of the input. */
static int compare_rows(const void *pa, const void *pb) {
  const struct item *a = pa, *b = pb;
  if ((a->cum_objects == 0) != (b->cum_objects == 0))
    return a->cum_objects == 0 ? 1 : -1;
  uint64_t ka[4], kb[4];
  rank_keys(a, ka);
  rank_keys(b, kb);
  for (int i = 0; i < 4; i++)
    if (ka[i] != kb[i])
      return ka[i] > kb[i] ? -1 : 1;
  return compare_keys(a, b);
}

/* Sorts items by key and sums equal neighbours; returns the row count. */
static size_t fold_items(struct item *items, size_t n) {
  qsort(items, n, sizeof *items, compare_items);
  size_t rows = 0;
  for (size_t i = 0; i < n; i++) {
    if (rows && compare_keys(&items[rows - 1], &items[i]) == 0) {
      struct item *into = &items[rows - 1];
      into->objects += items[i].objects;
      into->bytes += items[i].bytes;
      into->cum_objects += items[i].cum_objects;
      into->cum_bytes += items[i].cum_bytes;
      into->sites += items[i].sites;
      into->promotable += items[i].promotable;
      if (!into->site)
        into->site = items[i].site;
      if (!into->sample)
        into->sample = items[i].sample;
    } else {
      items[rows++] = items[i];
    }
  }
  return rows;
}

static int matches(const regex_t *re, const char *s) {
  return s && regexec(re, s, 0, NULL, 0) == 0;
}

/* --focus: the site's file or a function it is in (inlined copies too). */
static int site_in_focus(const struct as_site *s, const regex_t *focus) {
  if (!focus || matches(focus, s->file) || matches(focus, s->function))
    return 1;
  for (size_t k = 0; k < s->num_inlined; k++)
    if (matches(focus, s->inlined_at[k].function) || matches(focus, s->inlined_at[k].file))
      return 1;
  return 0;
}

/* Whether the site could live on the stack: promotable, or promotable if
 * small (a stack buffer for the sizes that fit). */
static int could_use_stack(const struct as_site *s) {
  return s->verdict == AS_VERDICT_PROMOTABLE || s->verdict == AS_VERDICT_PROMOTABLE_IF_SMALL;
}

static int keep_site(const struct as_site *s, const void *arg) {
  const struct options *o = arg;
  return (!o->promotable_only || could_use_stack(s)) && site_in_focus(s, o->focus);
}

static int stack_in_focus(const struct as_stack *s, const struct sym_table *t,
                          const regex_t *focus);

static int keep_stack(const struct as_stack *s, const struct sym_table *t, const void *arg) {
  return stack_in_focus(s, t, ((const struct options *)arg)->focus);
}

/* Row keys of sample frames: a site's place (file, line, column), a source
 * line (file, line) or a function (file, function).  Frames without debug
 * info stay apart by module (and offset, for unnamed return addresses). */
static int place_key(const struct sample_frame *f, const void *arg, struct sample_frame *key) {
  (void)arg;
  *key = (struct sample_frame){f->file, NULL, f->line, f->column, NULL, 0, NULL, NULL};
  return f->file != NULL;
}

static int line_key(const struct sample_frame *f, const void *arg, struct sample_frame *key) {
  (void)arg;
  *key = (struct sample_frame){f->file, NULL, f->line, 0, f->module, f->offset, NULL, NULL};
  if (!f->file && !f->module && !f->offset)
    key->function = f->function; /* no place at all: by name */
  return 1;
}

static int function_key(const struct sample_frame *f, const void *arg, struct sample_frame *key) {
  (void)arg;
  *key = (struct sample_frame){f->file, f->function, 0, 0, f->module, f->offset, NULL, NULL};
  return 1;
}

/* The frame a site sample starts with (its own place). */
static struct sample_frame site_place(const struct as_site *s) {
  return (struct sample_frame){s->file, s->function, s->line, s->column,
                               s->file ? NULL : s->module, 0, NULL, NULL};
}

/* Items for the default view, one per site: flat is the site's count; cum
 * is flat, unless the calling contexts say more went through the site's
 * call (a wrapper's call site: what the wrapper allocated below it). */
static size_t site_items(const struct as_report *r, const struct options *o,
                         const struct sym_table *symbols, struct item *items) {
  struct sample_set stacks;
  struct sample_row *through = NULL;
  size_t num_through = 0;
  if (symbols) {
    samples_build(r, symbols, NULL, keep_stack, o, &stacks);
    for (size_t i = 0; i < stacks.num_samples;) /* the promoted sites' samples */
      if (stacks.samples[i].site) {
        free(stacks.samples[i].frames);
        stacks.samples[i] = stacks.samples[--stacks.num_samples];
      } else {
        i++;
      }
    num_through = samples_rows(&stacks, place_key, NULL, &through);
  }
  size_t n = 0;
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = &r->sites[i];
    if (!keep_site(s, o))
      continue;
    struct item it = {0};
    it.site = s;
    it.objects = it.cum_objects = s->objects;
    it.bytes = it.cum_bytes = s->bytes;
    it.sites = 1;
    it.promotable = could_use_stack(s);
    it.file = s->file;
    it.line = s->line;
    it.column = s->column;
    it.tie = s->module;
    it.id = s->id;
    struct sample_frame place = site_place(s), key;
    const struct sample_row *row = NULL;
    if (through && place_key(&place, NULL, &key))
      row = samples_find_row(through, num_through, &key);
    if (row && (row->cum_objects > it.objects || row->cum_bytes > it.bytes)) {
      it.cum_objects = row->cum_objects;
      it.cum_bytes = row->cum_bytes;
    }
    items[n++] = it;
  }
  if (symbols) {
    free(through);
    samples_free(&stacks);
  }
  return n;
}

/* Items for --lines and --functions: one per row of the samples, plus a
 * zero row for each selected site whose place no sample reached (a site
 * that did not run), so that the sites and promotable columns count every
 * site; *out is allocated. */
static size_t grouped_items(const struct as_report *r, const struct options *o,
                            const struct sample_set *set, struct item **out) {
  sample_key_fn key = o->group == GROUP_LINES ? line_key : function_key;
  struct sample_row *rows;
  size_t n = samples_rows(set, key, NULL, &rows);
  size_t cap = n + r->num_sites, m = 0;
  struct item *items = xcalloc(cap ? cap : 1, sizeof *items);
  for (size_t i = 0; i < n; i++) {
    struct item it = {0};
    it.file = rows[i].key.file;
    it.line = rows[i].key.line;
    it.function = rows[i].key.function;
    it.tie = rows[i].key.module;
    it.id = rows[i].key.offset;
    it.objects = rows[i].flat_objects;
    it.bytes = rows[i].flat_bytes;
    it.cum_objects = rows[i].cum_objects;
    it.cum_bytes = rows[i].cum_bytes;
    it.site = rows[i].site;
    it.sample = rows[i].frame;
    items[m++] = it;
  }
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = &r->sites[i];
    if (!keep_site(s, o))
      continue;
    struct sample_frame place = site_place(s), k;
    key(&place, NULL, &k);
    struct item it = {0};
    it.file = k.file;
    it.line = k.line;
    it.function = k.function;
    it.tie = k.module;
    it.id = k.offset;
    it.site = s;
    it.sites = 1;
    it.promotable = could_use_stack(s);
    items[m++] = it;
  }
  free(rows);
  *out = items;
  return fold_items(items, m);
}

/* The key of a symbolized frame (or of "no caller outside the wrappers"
 * when frame is NULL). */
static struct item frame_item(const struct as_stack *s, const struct sym_frame *frame,
                              const struct sym_location *where, const struct as_contexts *c,
                              int with_line) {
  struct item it = {0};
  it.objects = it.cum_objects = s->objects;
  it.bytes = it.cum_bytes = s->bytes;
  it.frame = frame;
  it.location = where;
  if (!frame)
    return it;
  it.function = frame->function;
  it.file = frame->file;
  if (with_line) {
    it.line = frame->line;
    it.column = frame->column;
  }
  if (!frame->function && !frame->file) {
    /* Unresolved addresses stay apart from each other. */
    it.tie = where->module >= 0 ? c->modules[where->module].path : NULL;
    it.id = where->offset;
  }
  return it;
}

static int frame_in_focus(const struct sym_frame *f, const regex_t *focus) {
  return matches(focus, f->function) || matches(focus, f->file);
}

static int stack_in_focus(const struct as_stack *s, const struct sym_table *t,
                          const regex_t *focus) {
  if (!focus)
    return 1;
  for (size_t k = 0; k < s->num_frames; k++) {
    const struct sym_location *l = sym_lookup(t, &s->frames[k]);
    for (size_t j = 0; j < l->num_frames; j++)
      if (frame_in_focus(&l->frames[j], focus))
        return 1;
  }
  return 0;
}

/* Items for --skip-wrappers; *out is allocated. */
static size_t context_items(const struct as_contexts *c, const struct sym_table *t,
                            const struct options *o, struct item **out) {
  size_t cap = 16, n = 0;
  struct item *items = xcalloc(cap, sizeof *items);
  for (size_t i = 0; i < c->num_stacks; i++) {
    const struct as_stack *s = &c->stacks[i];
    if (!stack_in_focus(s, t, o->focus))
      continue;
    int found = 0;
    for (size_t k = 0; k < s->num_frames && !found; k++) {
      const struct sym_location *l = sym_lookup(t, &s->frames[k]);
      for (size_t j = 0; j < l->num_frames && !found; j++) {
        const struct sym_frame *f = &l->frames[j];
        if (hidden_frames_match(o->hidden_frames, f->function))
          continue;
        if (n == cap)
          items = xreallocarray(items, cap *= 2, sizeof *items);
        items[n++] = frame_item(s, f, l, c, 1);
        found = 1;
      }
    }
    if (!found) {
      if (n == cap)
        items = xreallocarray(items, cap *= 2, sizeof *items);
      items[n++] = frame_item(s, NULL, NULL, c, 0);
    }
  }
  *out = items;
  return n;
}

static int has_wrapper_calls(const struct as_report *r) {
  for (size_t i = 0; i < r->num_sites; i++)
    if (r->sites[i].flags & AS_SITE_WRAPPER_CALL)
      return 1;
  return 0;
}

/* The heap lines: what the whole process allocated, how much of it the
 * instrumented sites counted, and the program's total (each allocation
 * once: the sites, plus the heap allocated elsewhere). */
static void print_heap(const struct as_report *r) {
  const struct as_heap *h = r->heap;
  if (!h)
    return;
  if (!h->interposed) {
    printf("Heap: not counted (the runtime's allocator interposer was not active)\n");
    return;
  }
  uint64_t objects = h->at_sites_objects, bytes = h->at_sites_bytes;
  printf("Heap: %" PRIu64 " %s, %" PRIu64 " %s allocated by the process\n",
         h->objects, plural(h->objects, "object", "objects"), h->bytes,
         plural(h->bytes, "byte", "bytes"));
  char *po = format_percent(objects, h->objects), *pb = format_percent(bytes, h->bytes);
  char *qo = format_percent(h->objects - objects, h->objects);
  char *qb = format_percent(h->bytes - bytes, h->bytes);
  printf("  at instrumented sites: %" PRIu64 " %s (%s), %" PRIu64 " %s (%s)\n", objects,
         plural(objects, "object", "objects"), po, bytes, plural(bytes, "byte", "bytes"), pb);
  printf("  elsewhere (uninstrumented code, function pointers): %" PRIu64 " %s (%s), %" PRIu64
         " %s (%s)\n",
         h->objects - objects, plural(h->objects - objects, "object", "objects"), qo,
         h->bytes - bytes, plural(h->bytes - bytes, "byte", "bytes"), qb);
  if (has_wrapper_calls(r))
    printf("  (a call of an allocation wrapper is one object of the size it asks for at its site, "
           "whatever the wrapper allocates inside it)\n");
  if (h->objects > objects && !r->contexts)
    printf("  (to see which code asked for those: build with -fno-omit-frame-pointer, run with "
           "ALLOCSITE_DEPTH=8, then top --skip-wrappers)\n");
  printf("All allocations, each once: %" PRIu64 " %s, %" PRIu64 " %s (the sites, plus the heap "
         "allocated elsewhere)\n",
         r->objects, plural(r->objects, "object", "objects"), r->bytes,
         plural(r->bytes, "byte", "bytes"));
  free(po);
  free(pb);
  free(qo);
  free(qb);
}

/* The site flags worth seeing next to a verdict: " [in-wrapper]". */
static char *flag_note(unsigned flags) {
  char *s = xstrdup("");
  for (unsigned bit = 1; bit; bit <<= 1)
    if ((flags & bit) && as_site_flag_name(bit)) {
      char *t = xasprintf("%s%s%s", s, *s ? "," : " [", as_site_flag_name(bit));
      free(s);
      s = t;
    }
  if (*s) {
    char *t = xasprintf("%s]", s);
    free(s);
    s = t;
  }
  return s;
}

/* The location and function cells of a --lines or --functions row: as
 * the site whose own place it is shows it, else as its frame. */
static void grouped_names(const struct item *it, enum group group, const struct as_contexts *c,
                          char **location, char **function) {
  const struct as_site *s = it->site;
  const struct sample_frame *f = it->sample;
  uint32_t line = group == GROUP_LINES ? it->line : 0;
  if (it->file)
    *location = display_place(it->file, line, 0);
  else
    *location = s ? display_location(s) : xstrdup("");
  if (s && group == GROUP_LINES)
    *function = display_function(s);
  else if (s)
    *function = display_name(s->function);
  else if (f && f->sym && c)
    *function = display_sym_function(f->sym, f->location, c);
  else
    *function = display_name(f ? f->function : it->function);
}

static void add_row_cells(struct table *t, const struct item *it, enum group group,
                          const struct as_contexts *c) {
  char *location, *function;
  if (group == GROUP_SITES) {
    const struct as_site *s = it->site;
    location = s->file ? display_place(s->file, s->line, s->column) : display_location(s);
    function = display_function(s);
  } else if (group == GROUP_LINES || group == GROUP_FUNCTIONS) {
    grouped_names(it, group, c, &location, &function);
  } else if (it->frame) {
    location = it->frame->file ? display_place(it->frame->file, it->line, it->column) : xstrdup("");
    function = display_sym_function(it->frame, it->location, c);
  } else {
    location = xstrdup("");
    function = xstrdup("(no caller outside allocator wrappers)");
  }
  table_cell(t, "%s", location);
  table_cell(t, "%s", function);
  free(location);
  free(function);
  if (group == GROUP_SITES) {
    const struct as_site *s = it->site;
    char *allocator = text_escape(s->allocator, 0);
    char *code = s->reason_code ? text_escape(s->reason_code, 0) : NULL;
    char *flags = flag_note(s->flags);
    table_cell(t, "%s", allocator);
    table_cell(t, "%s%s%s%s%s", as_verdict_name(s->verdict), code ? " (" : "", code ? code : "",
               code ? ")" : "", flags);
    free(allocator);
    free(code);
    free(flags);
  } else if (group == GROUP_LINES || group == GROUP_FUNCTIONS) {
    table_cell(t, "%zu", it->sites);
    table_cell(t, "%zu", it->promotable);
  }
}

/* A count and its share of total, as two cells. */
static void count_cells(struct table *t, uint64_t v, uint64_t total) {
  char *pct = format_percent(v, total);
  table_cell(t, "%" PRIu64, v);
  table_cell(t, "%s", pct);
  free(pct);
}

static void print_rows(struct item *rows, size_t num_rows, const struct options *o,
                       uint64_t total_objects, uint64_t total_bytes, const char *unit,
                       const struct as_contexts *c) {
  ranking = o->by;
  ranking_by_cum = o->by_cum;
  qsort(rows, num_rows, sizeof *rows, compare_rows);
  size_t shown = o->limit == 0 || o->limit > num_rows ? num_rows : o->limit;
  int sites = o->group == GROUP_SITES, grouped = o->group == GROUP_LINES || o->group == GROUP_FUNCTIONS;
  /* --skip-wrappers charges each stack to one row: flat is cum there. */
  int cum = o->group != GROUP_SKIP_WRAPPERS;
  size_t counts = cum ? 8 : 4, columns = counts + 3 + (sites || grouped ? 2 : 0);
  enum table_align align[13];
  for (size_t i = 0; i < columns; i++)
    align[i] = i <= counts || (grouped && i >= counts + 3) ? TABLE_RIGHT : TABLE_LEFT;
  struct table *t = table_new(columns, align);
  if (cum) {
    static const char *const heads[] = {"flat", "flat%", "cum", "cum%",
                                        "flat-bytes", "flat-bytes%", "cum-bytes", "cum-bytes%"};
    for (size_t i = 0; i < 8; i++)
      table_cell(t, "%s", heads[i]);
  } else {
    table_cell(t, "objects");
    table_cell(t, "objects%%");
    table_cell(t, "bytes");
    table_cell(t, "bytes%%");
  }
  table_cell(t, "avg");
  table_cell(t, "location");
  table_cell(t, "function");
  if (sites) {
    table_cell(t, "allocator");
    table_cell(t, "verdict");
  } else if (grouped) {
    table_cell(t, "sites");
    table_cell(t, "promotable");
  }
  for (size_t i = 0; i < shown; i++) {
    const struct item *it = &rows[i];
    count_cells(t, it->objects, total_objects);
    if (cum)
      count_cells(t, it->cum_objects, total_objects);
    count_cells(t, it->bytes, total_bytes);
    if (cum)
      count_cells(t, it->cum_bytes, total_bytes);
    /* The average size of what the row allocated itself, or of what was
     * allocated below it when nothing was. */
    char *avg = it->objects ? format_average(it->bytes, it->objects)
                            : format_average(it->cum_bytes, it->cum_objects);
    table_cell(t, "%s", avg);
    free(avg);
    add_row_cells(t, it, o->group, c);
  }
  table_print(t, stdout);
  table_free(t);

  if (shown < num_rows) {
    uint64_t objects = 0, bytes = 0; /* flat: parts of the checked totals */
    for (size_t i = shown; i < num_rows; i++) {
      objects += rows[i].objects;
      bytes += rows[i].bytes;
    }
    size_t hidden = num_rows - shown;
    printf("%zu more %s not shown (%" PRIu64 " %s, %" PRIu64 " %s); -n 0 shows all\n", hidden,
           plural(hidden, unit, o->group == GROUP_SITES ? "sites" : "rows"), objects,
           plural(objects, "object", "objects"), bytes, plural(bytes, "byte", "bytes"));
  }
}

static const char *group_name(enum group g) {
  switch (g) {
  case GROUP_LINES: return "source line";
  case GROUP_FUNCTIONS: return "function";
  case GROUP_SKIP_WRAPPERS: return "first caller outside allocator wrappers";
  case GROUP_SITES: break;
  }
  return "site";
}

static void print_header(const struct as_report *r) {
  if (r->program) {
    char *program = display_cwd_path(r->program);
    printf("Program: %s\n", program);
    free(program);
  }
  print_heap(r);
}

/* What flat and cum mean in this table, in one line. */
static void print_cum_source(const struct options *o, const struct sym_table *symbols,
                             const struct as_report *r) {
  if (symbols)
    printf("(flat: allocated at the row itself; cum: also below it, from the calling "
           "contexts%s)\n",
           o->group == GROUP_SITES ? " of the heap" : "");
  else if (!r->contexts)
    samples_print_inline_only_note();
  else
    printf("(cum counts callers through inlined calls only: --promotable selects sites, "
           "which the calling contexts do not name)\n");
}

/* The default view and --lines and --functions; symbols is the report's
 * symbolized contexts, or NULL. */
static void print_sites(const struct as_report *r, const struct options *o,
                        const struct sym_table *symbols) {
  print_header(r);
  /* Each allocation is counted at one site (the outermost instrumented
   * allocation call that made it); promoted objects are not heap objects
   * but still sites, shown as such. */
  uint64_t objects = 0, bytes = 0, promoted_objects = 0, promoted_bytes = 0;
  size_t num_sites = r->num_sites;
  for (size_t i = 0; i < r->num_sites; i++) {
    uint64_t so = r->sites[i].objects, sb = r->sites[i].bytes;
    objects += so;
    bytes += sb;
    if (r->sites[i].flags & AS_SITE_PROMOTED) {
      promoted_objects += so;
      promoted_bytes += sb;
    }
  }
  int grouped = o->group != GROUP_SITES;
  const struct as_contexts *c = symbols ? r->contexts : NULL;
  if (grouped && c) {
    /* The samples are the heap's stacks and the promoted sites. */
    objects = promoted_objects + c->dropped_objects;
    bytes = promoted_bytes + c->dropped_bytes;
    for (size_t i = 0; i < c->num_stacks; i++) {
      objects += c->stacks[i].objects;
      bytes += c->stacks[i].bytes;
    }
    printf("Total: %" PRIu64 " %s, %" PRIu64 " %s in %zu %s and %zu %s (%zu %s)", objects,
           plural(objects, "object", "objects"), bytes, plural(bytes, "byte", "bytes"),
           c->num_stacks, plural(c->num_stacks, "stack", "stacks"), num_sites,
           plural(num_sites, "site", "sites"), r->num_inputs,
           plural(r->num_inputs, "report", "reports"));
  } else {
    printf("Total: %" PRIu64 " %s, %" PRIu64 " %s in %zu %s (%zu %s)", objects,
           plural(objects, "object", "objects"), bytes, plural(bytes, "byte", "bytes"),
           num_sites, plural(num_sites, "site", "sites"), r->num_inputs,
           plural(r->num_inputs, "report", "reports"));
  }
  printf(", ranked by %s%s", o->by_cum ? "cum " : "", o->by == BY_BYTES ? "bytes" : "objects");
  printf(grouped ? ", by %s\n" : "\n", group_name(o->group));
  /* Before and after: what -allocsite-promote took off the heap. */
  if (promoted_objects)
    printf("Of which promoted to the stack (not heap allocations): %" PRIu64 " %s, %" PRIu64
           " %s\n",
           promoted_objects, plural(promoted_objects, "object", "objects"), promoted_bytes,
           plural(promoted_bytes, "byte", "bytes"));
  if (r->num_sites == 0 && !(grouped && c)) {
    printf("No allocation sites: the program contains no instrumented allocation calls.\n");
    return;
  }
  struct item *items;
  size_t n, selected = 0;
  for (size_t i = 0; i < r->num_sites; i++)
    selected += keep_site(&r->sites[i], o) != 0;
  if (grouped) {
    struct sample_set set;
    samples_build(r, symbols, keep_site, keep_stack, o, &set);
    n = grouped_items(r, o, &set, &items);
    samples_free(&set);
  } else {
    items = xcalloc(r->num_sites ? r->num_sites : 1, sizeof *items);
    n = site_items(r, o, symbols, items);
  }
  if (o->promotable_only)
    printf("Promotable sites only: %zu of %zu\n", selected, num_sites);
  if (o->focus)
    printf("Focus: %zu of %zu sites\n", selected, num_sites);
  print_cum_source(o, symbols, r);
  if (n > 0)
    print_rows(items, n, o, objects, bytes, o->group == GROUP_SITES ? "site" : "row", c);
  if (grouped && c && c->dropped_objects)
    printf("Not in any stack: %" PRIu64 " %s, %" PRIu64 " %s (made before the runtime "
           "started, or the stack table was full)\n",
           c->dropped_objects, plural(c->dropped_objects, "object", "objects"), c->dropped_bytes,
           plural(c->dropped_bytes, "byte", "bytes"));
  free(items);
}

static int print_contexts(const struct as_report *r, const struct options *o) {
  const struct as_contexts *c = r->contexts;
  if (!c) {
    if (r->source)
      report_error("%s: the report has no calling contexts, which --skip-wrappers needs; run "
                   "the program with ALLOCSITE_DEPTH set (e.g. ALLOCSITE_DEPTH=8)",
                   r->source);
    else
      report_error("not every report has calling contexts, which --skip-wrappers needs; run "
                   "the programs with ALLOCSITE_DEPTH set (e.g. ALLOCSITE_DEPTH=8)");
    return EXIT_BAD_INPUT;
  }
  struct sym_table table;
  if (samples_symbolize(r, o->symbolizer, &table) < 0)
    return EXIT_BAD_INPUT;
  uint64_t objects = c->dropped_objects, bytes = c->dropped_bytes;
  for (size_t i = 0; i < c->num_stacks; i++) {
    objects += c->stacks[i].objects; /* checked against heap when present */
    bytes += c->stacks[i].bytes;
  }
  if (r->heap) {
    objects = r->heap->objects;
    bytes = r->heap->bytes;
  }
  print_header(r);
  printf("Total: %" PRIu64 " %s, %" PRIu64 " %s in %zu %s (%zu %s), ranked by %s, by %s\n",
         objects, plural(objects, "object", "objects"), bytes, plural(bytes, "byte", "bytes"),
         c->num_stacks, plural(c->num_stacks, "stack", "stacks"), r->num_inputs,
         plural(r->num_inputs, "report", "reports"), o->by == BY_BYTES ? "bytes" : "objects",
         group_name(o->group));
  struct item *items;
  size_t n = context_items(c, &table, o, &items);
  n = fold_items(items, n);
  if (n > 0)
    print_rows(items, n, o, objects, bytes, "row", c);
  if (c->dropped_objects)
    printf("Not in any stack: %" PRIu64 " %s, %" PRIu64 " %s (made before the runtime "
           "started, or the stack table was full)\n",
           c->dropped_objects, plural(c->dropped_objects, "object", "objects"), c->dropped_bytes,
           plural(c->dropped_bytes, "byte", "bytes"));
  free(items);
  sym_table_free(&table);
  return EXIT_OK;
}

/* The default view, --lines and --functions: with the report's contexts
 * symbolized when it has them (and --promotable does not restrict the
 * view to sites, which stacks do not name). */
static int print_site_view(const struct as_report *r, const struct options *o) {
  struct sym_table table;
  int have = 0;
  if (!o->promotable_only && (have = samples_symbolize(r, o->symbolizer, &table)) < 0)
    return EXIT_BAD_INPUT;
  print_sites(r, o, have ? &table : NULL);
  if (have)
    sym_table_free(&table);
  return EXIT_OK;
}

static int set_group(struct args *a, struct options *o, enum group g) {
  if (o->group != GROUP_SITES && o->group != g) {
    usage_error(a->cmd, "--lines, --functions and --skip-wrappers exclude each other");
    a->failed = 1;
    return -1;
  }
  o->group = g;
  return 0;
}

static int run_top(const struct command *self, int argc, char **argv) {
  struct options o = {BY_OBJECTS, 10, 0, NULL, GROUP_SITES, 0, hidden_frames_new(), NULL};
  regex_t focus;
  char **files = xcalloc((size_t)argc, sizeof *files);
  size_t num_files = 0;
  const char *value;
  char *error = NULL;

  struct args a = args_start(self, argc, argv);
  while (args_next(&a)) {
    if (args_flag(&a, "-h", "--help")) {
      command_help(self, stdout);
      free(files);
      hidden_frames_free(o.hidden_frames);
      if (o.focus)
        regfree(o.focus);
      return EXIT_OK;
    } else if (args_value(&a, NULL, "--by", &value)) {
      if (a.failed)
        break;
      if (strcmp(value, "objects") == 0) {
        o.by = BY_OBJECTS;
      } else if (strcmp(value, "bytes") == 0) {
        o.by = BY_BYTES;
      } else {
        char *shown = text_escape(value, 64);
        usage_error(self, "--by expects 'objects' or 'bytes', got '%s'", shown);
        free(shown);
        a.failed = 1;
      }
    } else if (args_flag(&a, NULL, "--promotable")) {
      o.promotable_only = 1;
    } else if (args_flag(&a, NULL, "--lines")) {
      set_group(&a, &o, GROUP_LINES);
    } else if (args_flag(&a, NULL, "--functions")) {
      set_group(&a, &o, GROUP_FUNCTIONS);
    } else if (args_flag(&a, NULL, "--cum")) {
      o.by_cum = 1;
    } else if (args_flag(&a, NULL, "--skip-wrappers")) {
      set_group(&a, &o, GROUP_SKIP_WRAPPERS);
    } else if (!a.operand && strncmp(a.arg, "--skip-wrappers=", 16) == 0) {
      if (set_group(&a, &o, GROUP_SKIP_WRAPPERS) == 0 &&
          hidden_frames_add(o.hidden_frames, a.arg + 16, &error) != 0) {
        usage_error(self, "--skip-wrappers: %s", error);
        free(error);
        a.failed = 1;
      }
    } else if (args_value(&a, NULL, "--focus", &value)) {
      if (a.failed)
        break;
      int rc = o.focus ? -1 : regcomp(&focus, value, REG_EXTENDED | REG_NOSUB);
      if (rc == 0) {
        o.focus = &focus;
      } else {
        char msg[256] = "given twice";
        if (rc > 0)
          regerror(rc, &focus, msg, sizeof msg);
        usage_error(self, "--focus: %s", msg);
        a.failed = 1;
      }
    } else if (args_value(&a, NULL, "--symbolizer", &value)) {
      o.symbolizer = value;
    } else if (args_value(&a, "-n", NULL, &value)) {
      if (!a.failed)
        args_parse_count(&a, "-n", value, &o.limit);
    } else if (a.operand) {
      files[num_files++] = (char *)a.arg;
    } else {
      args_unknown(&a);
    }
  }
  args_check(&a, NULL, NULL, num_files);
  if (!a.failed && o.promotable_only && o.group == GROUP_SKIP_WRAPPERS) {
    usage_error(self, "--promotable selects sites; it does not combine with --skip-wrappers");
    a.failed = 1;
  }
  if (!a.failed && o.by_cum && o.group == GROUP_SKIP_WRAPPERS) {
    usage_error(self, "--cum ranks by cum, which --skip-wrappers does not have (one row per "
                      "stack)");
    a.failed = 1;
  }
  /* Alone, --cum keeps what it was before flat and cum shared one table:
   * one row per function, ranked by cum (pprof's -top -cum). */
  if (o.by_cum && o.group == GROUP_SITES)
    o.group = GROUP_FUNCTIONS;
  int status = EXIT_USAGE;
  if (!a.failed) {
    struct as_report report;
    status = load_summed_reports(files, num_files, &report);
    if (status == EXIT_OK) {
      display_init(report.program);
      if (o.group == GROUP_SKIP_WRAPPERS)
        status = print_contexts(&report, &o);
      else
        status = print_site_view(&report, &o);
      as_report_free(&report);
    }
  }
  free(files);
  hidden_frames_free(o.hidden_frames);
  if (o.focus)
    regfree(o.focus);
  return status;
}

const struct command cmd_top = {
    .name = "top",
    .summary = "allocation sites ranked by objects or bytes (like pprof's top)",
    .usage = "top [--by objects|bytes] [--cum] [--promotable] [--focus REGEX] [--lines|--functions|"
             "--skip-wrappers[=REGEX]] [-n N] REPORT...",
    .help =
        "Lists the allocation sites of a program, most allocating first, like\n"
        "pprof's top: flat, the objects allocated at the row itself, and cum,\n"
        "those allocated at it or anywhere below it (in functions it called),\n"
        "each with its share of the total, then the same in bytes, the average\n"
        "size, where the allocation is written (file:line:column, relative to\n"
        "the current directory when below it), the function it is in, the\n"
        "allocator and the stack-promotion verdict.  Sites that never allocated\n"
        "are listed last.  When the report counts the whole heap (\"heap\"), a\n"
        "header says how much of it the instrumented sites saw.\n"
        "\n"
        "cum comes from the calling contexts when the report has them (every\n"
        "caller is credited), else from the calls each site was inlined through\n"
        "(a line says so).  An allocation counts once per row, also under\n"
        "recursion.\n"
        "\n"
        "Several reports (runs of one program, or the processes of one test\n"
        "suite) are summed by site ID; reports of different builds are refused.\n"
        "'-' reads a report from standard input.\n"
        "\n"
        "Options:\n"
        "  --by objects|bytes  rank by number of allocations (the default) or by bytes\n"
        "  --cum               rank by cum instead of flat (pprof's -cum); alone, it\n"
        "                      implies --functions\n"
        "  --promotable        only the sites that could live on the stack (verdict\n"
        "                      promotable or promotable-if-small), ranked by what\n"
        "                      they cost at run time\n"
        "  --focus REGEX       only sites whose file or function (or a function they\n"
        "                      are inlined into) matches the extended regex, and\n"
        "                      stacks with a frame that matches\n"
        "  --lines             one row per source line\n"
        "  --functions         one row per function\n"
        "  --skip-wrappers[=REGEX]\n"
        "                      from the calling contexts: one row per innermost\n"
        "                      caller that is not an allocator wrapper (the malloc\n"
        "                      family, operator new, xmalloc, g_malloc, zmalloc,\n"
        "                      sqlite3Malloc, luaM_*, cJSON's, ...); each =REGEX adds\n"
        "                      functions to skip (repeatable, like pprof's -hide)\n"
        "  --symbolizer PATH   the llvm-symbolizer for calling contexts\n"
        "                      (default: $ALLOCSITE_SYMBOLIZER, else llvm-symbolizer\n"
        "                      on PATH, else the one of the LLVM allocsite was built with)\n"
        "  -n N                show the first N rows (default 10; 0 shows all)\n"
        "  -h, --help          show this help\n"
        "\n"
        "--skip-wrappers needs a report with calling contexts: run the program\n"
        "with ALLOCSITE_DEPTH set.\n",
    .run = run_top,
};
