/*
 * cmd_top.c - `allocsite-report top`: allocation sites ranked by objects or
 * bytes, like pprof's top, from one report or several summed by site ID;
 * aggregated by source line or function; or, from the calling contexts of
 * a report with "contexts", by the first caller outside allocator wrappers
 * (--skip-wrappers) or by every function on the stack (--cum).
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
#include "text.h"

enum rank_by { BY_OBJECTS, BY_BYTES };

/* What one row of the table stands for. */
enum group {
  GROUP_SITES,         /* one allocation site */
  GROUP_LINES,         /* the sites of one source line */
  GROUP_FUNCTIONS,     /* the sites written in one function */
  GROUP_SKIP_WRAPPERS, /* the innermost caller outside allocator wrappers */
  GROUP_CUM,           /* every function on the stacks, once per stack */
};

struct options {
  enum rank_by by;
  size_t limit;
  int promotable_only;
  regex_t *focus;
  enum group group;
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
  uint64_t objects, bytes;
  size_t sites, promotable;
  const struct as_site *site;          /* shown for site groupings */
  const struct sym_frame *frame;       /* shown for context groupings */
  const struct sym_location *location; /* where frame came from */
};

static int compare_strings(const char *a, const char *b) {
  if (!a || !b)
    return (a == NULL) - (b == NULL); /* NULL last */
  return strcmp(a, b);
}

static int compare_keys(const struct item *a, const struct item *b) {
  int c;
  if ((c = compare_strings(a->file, b->file)))
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if ((c = compare_strings(a->function, b->function)) || (c = compare_strings(a->tie, b->tie)))
    return c;
  return (a->id > b->id) - (a->id < b->id);
}

static int compare_items(const void *pa, const void *pb) { return compare_keys(pa, pb); }

static enum rank_by ranking;

/* Rows that never allocated last (sites the program contains that did not
 * run); then the larger count first; then by key, so that ties never depend
 * on the order of the input. */
static int compare_rows(const void *pa, const void *pb) {
  const struct item *a = pa, *b = pb;
  if ((a->objects == 0) != (b->objects == 0))
    return a->objects == 0 ? 1 : -1;
  uint64_t a1 = ranking == BY_BYTES ? a->bytes : a->objects;
  uint64_t b1 = ranking == BY_BYTES ? b->bytes : b->objects;
  uint64_t a2 = ranking == BY_BYTES ? a->objects : a->bytes;
  uint64_t b2 = ranking == BY_BYTES ? b->objects : b->bytes;
  if (a1 != b1)
    return a1 > b1 ? -1 : 1;
  if (a2 != b2)
    return a2 > b2 ? -1 : 1;
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
      into->sites += items[i].sites;
      into->promotable += items[i].promotable;
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

/* Items for the site groupings; returns how many. */
static size_t site_items(const struct as_report *r, const struct options *o, struct item *items) {
  size_t n = 0;
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = &r->sites[i];
    if ((o->promotable_only && !could_use_stack(s)) || !site_in_focus(s, o->focus))
      continue;
    struct item it = {0};
    it.site = s;
    it.objects = s->objects;
    it.bytes = s->bytes;
    it.sites = 1;
    it.promotable = could_use_stack(s);
    it.file = s->file;
    it.tie = s->file ? NULL : s->module;
    switch (o->group) {
    case GROUP_SITES:
      it.line = s->line;
      it.column = s->column;
      it.tie = s->module;
      it.id = s->id;
      break;
    case GROUP_LINES:
      it.line = s->line;
      break;
    default: /* GROUP_FUNCTIONS */
      it.function = s->function;
      break;
    }
    items[n++] = it;
  }
  return n;
}

/* The key of a symbolized frame (or of "no caller outside the wrappers"
 * when frame is NULL). */
static struct item frame_item(const struct as_stack *s, const struct sym_frame *frame,
                              const struct sym_location *where, const struct as_contexts *c,
                              int with_line) {
  struct item it = {0};
  it.objects = s->objects;
  it.bytes = s->bytes;
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

/* Items for --skip-wrappers and --cum; *out is allocated. */
static size_t context_items(const struct as_contexts *c, const struct sym_table *t,
                            const struct options *o, struct item **out) {
  size_t cap = 16, n = 0;
  struct item *items = xcalloc(cap, sizeof *items);
  for (size_t i = 0; i < c->num_stacks; i++) {
    const struct as_stack *s = &c->stacks[i];
    if (!stack_in_focus(s, t, o->focus))
      continue;
    size_t first = n;
    int found = 0;
    for (size_t k = 0; k < s->num_frames && !(found && o->group == GROUP_SKIP_WRAPPERS); k++) {
      const struct sym_location *l = sym_lookup(t, &s->frames[k]);
      for (size_t j = 0; j < l->num_frames; j++) {
        const struct sym_frame *f = &l->frames[j];
        if (o->group == GROUP_SKIP_WRAPPERS && hidden_frames_match(o->hidden_frames, f->function))
          continue;
        if (n == cap)
          items = xreallocarray(items, cap *= 2, sizeof *items);
        items[n++] = frame_item(s, f, l, c, o->group == GROUP_SKIP_WRAPPERS);
        found = 1;
        if (o->group == GROUP_SKIP_WRAPPERS)
          break;
      }
    }
    if (o->group == GROUP_CUM && n > first) {
      /* A recursive function counts an allocation once. */
      n = first + fold_items(items + first, n - first);
      for (size_t k = first; k < n; k++) {
        items[k].objects = s->objects;
        items[k].bytes = s->bytes;
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

static void add_row_cells(struct table *t, const struct item *it, enum group group,
                          const struct as_contexts *c) {
  char *location, *function;
  if (group == GROUP_SITES || group == GROUP_LINES) {
    const struct as_site *s = it->site;
    location = s->file ? display_place(s->file, group == GROUP_SITES ? s->line : it->line,
                                       group == GROUP_SITES ? s->column : 0)
                       : display_location(s);
    function = display_function(s);
  } else if (group == GROUP_FUNCTIONS) {
    location = it->site->file ? display_place(it->site->file, 0, 0) : display_location(it->site);
    function = display_name(it->site->function);
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

static void print_rows(struct item *rows, size_t num_rows, const struct options *o,
                       uint64_t total_objects, uint64_t total_bytes, const char *unit,
                       const struct as_contexts *c) {
  ranking = o->by;
  qsort(rows, num_rows, sizeof *rows, compare_rows);
  size_t shown = o->limit == 0 || o->limit > num_rows ? num_rows : o->limit;
  int sites = o->group == GROUP_SITES, grouped = o->group == GROUP_LINES || o->group == GROUP_FUNCTIONS;
  size_t columns = 7 + (sites || grouped ? 2 : 0);
  static const enum table_align align[] = {TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT,
                                           TABLE_RIGHT, TABLE_RIGHT, TABLE_LEFT,
                                           TABLE_LEFT,  TABLE_LEFT,  TABLE_LEFT};
  static const enum table_align grouped_align[] = {TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT,
                                                   TABLE_RIGHT, TABLE_RIGHT, TABLE_LEFT,
                                                   TABLE_LEFT,  TABLE_RIGHT, TABLE_RIGHT};
  struct table *t = table_new(columns, grouped ? grouped_align : align);
  table_cell(t, "objects");
  table_cell(t, "objects%%");
  table_cell(t, "bytes");
  table_cell(t, "bytes%%");
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
    char *objects_pct = format_percent(it->objects, total_objects);
    char *bytes_pct = format_percent(it->bytes, total_bytes);
    char *avg = format_average(it->bytes, it->objects);
    table_cell(t, "%" PRIu64, it->objects);
    table_cell(t, "%s", objects_pct);
    table_cell(t, "%" PRIu64, it->bytes);
    table_cell(t, "%s", bytes_pct);
    table_cell(t, "%s", avg);
    add_row_cells(t, it, o->group, c);
    free(objects_pct);
    free(bytes_pct);
    free(avg);
  }
  table_print(t, stdout);
  table_free(t);

  if (shown < num_rows) {
    uint64_t objects = 0, bytes = 0; /* parts of checked totals, except with --cum */
    for (size_t i = shown; i < num_rows; i++) {
      objects += rows[i].objects;
      bytes += rows[i].bytes;
    }
    size_t hidden = num_rows - shown;
    if (o->group == GROUP_CUM)
      printf("%zu more %s not shown; -n 0 shows all\n", hidden, plural(hidden, unit, "rows"));
    else
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
  case GROUP_CUM: return "every function on the stack (cumulative)";
  case GROUP_SITES: break;
  }
  return "site";
}

static void print_header(const struct as_report *r) {
  if (r->program) {
    char *program = display_path(r->program);
    printf("Program: %s\n", program);
    free(program);
  }
  print_heap(r);
}

static void print_sites(const struct as_report *r, const struct options *o) {
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
  printf("Total: %" PRIu64 " %s, %" PRIu64 " %s in %zu %s (%zu %s), ranked by %s", objects,
         plural(objects, "object", "objects"), bytes, plural(bytes, "byte", "bytes"),
         num_sites, plural(num_sites, "site", "sites"), r->num_inputs,
         plural(r->num_inputs, "report", "reports"), o->by == BY_BYTES ? "bytes" : "objects");
  printf(o->group == GROUP_SITES ? "\n" : ", by %s\n", group_name(o->group));
  /* Before and after: what -allocsite-promote took off the heap. */
  if (promoted_objects)
    printf("Of which promoted to the stack (not heap allocations): %" PRIu64 " %s, %" PRIu64
           " %s\n",
           promoted_objects, plural(promoted_objects, "object", "objects"), promoted_bytes,
           plural(promoted_bytes, "byte", "bytes"));
  if (r->num_sites == 0) {
    printf("No allocation sites: the program contains no instrumented allocation calls.\n");
    return;
  }
  struct item *items = xcalloc(r->num_sites, sizeof *items);
  size_t n = site_items(r, o, items);
  if (o->promotable_only)
    printf("Promotable sites only: %zu of %zu\n", n, num_sites);
  if (o->focus)
    printf("Focus: %zu of %zu sites\n", n, num_sites);
  if (o->group != GROUP_SITES)
    n = fold_items(items, n);
  if (n > 0)
    print_rows(items, n, o, objects, bytes, o->group == GROUP_SITES ? "site" : "row", NULL);
  free(items);
}

static int print_contexts(const struct as_report *r, const struct options *o) {
  const struct as_contexts *c = r->contexts;
  char *error = NULL;
  if (!c) {
    const char *option = o->group == GROUP_CUM ? "--cum" : "--skip-wrappers";
    if (r->source)
      report_error("%s: the report has no calling contexts, which %s needs; run the program "
                   "with ALLOCSITE_DEPTH set (e.g. ALLOCSITE_DEPTH=8)",
                   r->source, option);
    else
      report_error("not every report has calling contexts, which %s needs; run the programs "
                   "with ALLOCSITE_DEPTH set (e.g. ALLOCSITE_DEPTH=8)",
                   option);
    return EXIT_BAD_INPUT;
  }
  char *symbolizer = symbolizer_find(o->symbolizer, &error);
  struct sym_table table;
  if (!symbolizer || symbolize_contexts(c, symbolizer, &table, &error) != 0) {
    report_error("%s", error);
    free(error);
    free(symbolizer);
    return EXIT_BAD_INPUT;
  }
  free(symbolizer);
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

static int set_group(struct args *a, struct options *o, enum group g) {
  if (o->group != GROUP_SITES && o->group != g) {
    usage_error(a->cmd, "--lines, --functions, --skip-wrappers and --cum exclude each other");
    a->failed = 1;
    return -1;
  }
  o->group = g;
  return 0;
}

static int run_top(const struct command *self, int argc, char **argv) {
  struct options o = {BY_OBJECTS, 10, 0, NULL, GROUP_SITES, hidden_frames_new(), NULL};
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
      set_group(&a, &o, GROUP_CUM);
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
  if (!a.failed && o.promotable_only &&
      (o.group == GROUP_SKIP_WRAPPERS || o.group == GROUP_CUM)) {
    usage_error(self, "--promotable selects sites; it does not combine with %s",
                o.group == GROUP_CUM ? "--cum" : "--skip-wrappers");
    a.failed = 1;
  }
  int status = EXIT_USAGE;
  if (!a.failed) {
    struct as_report report;
    status = load_summed_reports(files, num_files, &report);
    if (status == EXIT_OK) {
      display_init();
      if (o.group == GROUP_SKIP_WRAPPERS || o.group == GROUP_CUM)
        status = print_contexts(&report, &o);
      else
        print_sites(&report, &o);
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
    .usage = "top [--by objects|bytes] [--promotable] [--focus REGEX] [--lines|--functions|"
             "--skip-wrappers[=REGEX]|--cum] [-n N] REPORT...",
    .help =
        "Lists the allocation sites of a program, most allocating first: objects\n"
        "and bytes allocated at the site and their share of the total, the\n"
        "average size, where the allocation is written (file:line:column,\n"
        "relative to the current directory when below it), the function it is\n"
        "in, the allocator and the stack-promotion verdict.  Sites that never\n"
        "allocated are listed last.  When the report counts the whole heap\n"
        "(\"heap\"), a header says how much of it the instrumented sites saw.\n"
        "\n"
        "Several reports (runs of one program, or the processes of one test\n"
        "suite) are summed by site ID; reports of different builds are refused.\n"
        "'-' reads a report from standard input.\n"
        "\n"
        "Options:\n"
        "  --by objects|bytes  rank by number of allocations (the default) or by bytes\n"
        "  --promotable        only the sites that could live on the stack (verdict\n"
        "                      promotable or promotable-if-small), ranked by what\n"
        "                      they cost at run time\n"
        "  --focus REGEX       only sites whose file or function (or a function they\n"
        "                      are inlined into) matches the extended regex\n"
        "  --lines             one row per source line (all sites on it)\n"
        "  --functions         one row per function the allocations are written in\n"
        "  --skip-wrappers[=REGEX]\n"
        "                      from the calling contexts: one row per innermost\n"
        "                      caller that is not an allocator wrapper (the malloc\n"
        "                      family, operator new, xmalloc, g_malloc, zmalloc,\n"
        "                      sqlite3Malloc, luaM_*, cJSON's, ...); each =REGEX adds\n"
        "                      functions to skip (repeatable, like pprof's -hide)\n"
        "  --cum               from the calling contexts: one row per function, counting\n"
        "                      every allocation whose stack it is on (once per stack)\n"
        "  --symbolizer PATH   the llvm-symbolizer for --skip-wrappers and --cum\n"
        "                      (default: $ALLOCSITE_SYMBOLIZER, else llvm-symbolizer\n"
        "                      on PATH, else the one of the LLVM allocsite was built with)\n"
        "  -n N                show the first N rows (default 10; 0 shows all)\n"
        "  -h, --help          show this help\n"
        "\n"
        "--skip-wrappers and --cum need a report with calling contexts: run the\n"
        "program with ALLOCSITE_DEPTH set.\n",
    .run = run_top,
};
