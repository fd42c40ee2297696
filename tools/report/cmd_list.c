/*
 * cmd_list.c - `allocsite-report list REGEX`: pprof's `list` for
 * allocations.  For each function whose name matches, its source lines with
 * the objects and bytes allocated on each, and under each such line the
 * sites on it with their verdict and reason - the run-time count and the
 * static explanation side by side.
 *
 * Each line has pprof's two columns (samples.h says what they sum): flat,
 * what was allocated at the line itself, and cum, what was allocated at it
 * or below it: through a call on it of an inlined helper (from the sites'
 * inlining chains) or, when the report has calling contexts, of any
 * function, also through function pointers.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "display.h"
#include "format.h"
#include "samples.h"
#include "source.h"
#include "text.h"

/* One site seen from a function: at `line` of `file` in `function`, either
 * written there (via == NULL) or through an inlined call of `via`. */
struct hit {
  const char *function, *file;
  uint32_t line;
  const struct as_site *site;
  const char *via; /* the inlined function the call on this line reaches */
};

/* By routine (function, file), then line, then site. */
static int compare_hits(const void *pa, const void *pb) {
  const struct hit *a = pa, *b = pb;
  int c;
  if ((c = compare_names(a->function, b->function)) || (c = compare_names(a->file, b->file)))
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if ((a->via == NULL) != (b->via == NULL))
    return a->via == NULL ? -1 : 1;
  if (a->site->column != b->site->column)
    return a->site->column < b->site->column ? -1 : 1;
  return (a->site->id > b->site->id) - (a->site->id < b->site->id);
}

static size_t collect_hits(const struct as_report *r, const regex_t *re, struct hit **out) {
  size_t cap = 16, n = 0;
  struct hit *hits = xcalloc(cap, sizeof *hits);
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = &r->sites[i];
    for (size_t k = 0; k <= s->num_inlined; k++) {
      /* k == 0: where the allocation is written; k > 0: the call in
       * inlined_at[k-1] that reaches it. */
      const char *fn = k ? s->inlined_at[k - 1].function : s->function;
      if (!fn || regexec(re, fn, 0, NULL, 0) != 0)
        continue;
      if (n == cap)
        hits = xreallocarray(hits, cap *= 2, sizeof *hits);
      hits[n++] = (struct hit){fn, k ? s->inlined_at[k - 1].file : s->file,
                               k ? s->inlined_at[k - 1].line : s->line, s,
                               k ? (k >= 2 ? s->inlined_at[k - 2].function : s->function) : NULL};
    }
  }
  qsort(hits, n, sizeof *hits, compare_hits);
  *out = hits;
  return n;
}

/* A count cell: the count, or "." for a line with nothing to show. */
static char *count_cell(uint64_t v, int any) { return any ? xasprintf("%" PRIu64, v) : xstrdup("."); }

static void print_site_note(const struct hit *h, int indent) {
  const struct as_site *s = h->site;
  char id[17];
  as_format_id(s->id, id);
  char *allocator = text_escape(s->allocator, 0);
  char *code = s->reason_code ? text_escape(s->reason_code, 0) : NULL;
  char *message = s->reason_message ? text_escape(s->reason_message, 0) : NULL;
  char *where = h->via ? display_location(s) : NULL;
  char *via = h->via ? text_escape(h->via, 0) : NULL;
  char *via_note = via ? xasprintf("via %s (inlined) at %s: ", via, where) : xstrdup("");
  printf("%*s^ %s%s: %" PRIu64 " %s, %" PRIu64 " %s; %s%s%s%s [site %s]\n", indent, "", via_note,
         allocator, s->objects, plural(s->objects, "object", "objects"), s->bytes,
         plural(s->bytes, "byte", "bytes"), as_verdict_name(s->verdict), code ? " (" : "",
         code ? code : "", code ? ")" : "", id);
  free(via_note);
  if (message)
    printf("%*s  %s\n", indent, "", message);
  free(allocator);
  free(code);
  free(message);
  free(where);
  free(via);
}

/* Frames in a function that matches: keyed by (file, line, function). */
static int list_key(const struct sample_frame *f, const void *arg, struct sample_frame *key) {
  *key = (struct sample_frame){f->file, f->function, f->line, 0, NULL, 0, NULL, NULL};
  return f->function && regexec(arg, f->function, 0, NULL, 0) == 0;
}

/* The same per routine (file, function), for its total. */
static int routine_key(const struct sample_frame *f, const void *arg, struct sample_frame *key) {
  int keep = list_key(f, arg, key);
  key->line = 0;
  return keep;
}

/* By routine (function, file), then line. */
static int compare_routine_rows(const void *pa, const void *pb) {
  const struct sample_frame *a = &((const struct sample_row *)pa)->key;
  const struct sample_frame *b = &((const struct sample_row *)pb)->key;
  int c;
  if ((c = compare_names(a->function, b->function)) || (c = compare_names(a->file, b->file)))
    return c;
  return (a->line > b->line) - (a->line < b->line);
}

/* The column widths of one routine's counts. */
struct widths {
  int flat, cum, flat_bytes, cum_bytes;
};

static int width(uint64_t v, const char *head) {
  char buf[24];
  int n = snprintf(buf, sizeof buf, "%" PRIu64, v), h = (int)strlen(head);
  return n > h ? n : h;
}

static void print_counts(const struct widths *w, const struct sample_row *row, int any) {
  uint64_t zero[4] = {0};
  const uint64_t *v = row ? (const uint64_t[4]){row->flat_objects, row->cum_objects,
                                                row->flat_bytes, row->cum_bytes}
                          : zero;
  char *c[4];
  for (int i = 0; i < 4; i++)
    c[i] = count_cell(v[i], any);
  printf("%*s %*s %*s %*s", w->flat, c[0], w->cum, c[1], w->flat_bytes, c[2], w->cum_bytes, c[3]);
  for (int i = 0; i < 4; i++)
    free(c[i]);
}

/* Prints one routine: rows[0..num_rows) (by line) and hits[0..n) (by
 * line) share function and file; total is the routine's own row. */
static void print_routine(const char *function, const char *file, const struct sample_row *rows,
                          size_t num_rows, const struct hit *hits, size_t n,
                          const struct sample_row *total, char *const *dirs, size_t num_dirs) {
  char *fn = display_name(function);
  char *shown_file = file ? display_path(file) : xstrdup("(no file: compiled without -g)");
  printf("ROUTINE ======================== %s in %s\n", fn, shown_file);
  free(fn);
  free(shown_file);

  struct sample_row sum = {0};
  for (size_t i = 0; i < num_rows; i++) {
    sum.flat_objects += rows[i].flat_objects;
    sum.flat_bytes += rows[i].flat_bytes;
  }
  if (total) {
    sum.cum_objects = total->cum_objects;
    sum.cum_bytes = total->cum_bytes;
  }
  struct widths w = {width(sum.flat_objects, "flat"), width(sum.cum_objects, "cum"),
                     width(sum.flat_bytes, "flat-bytes"), width(sum.cum_bytes, "cum-bytes")};
  printf("%*s %*s %*s %*s  %6s  %s\n", w.flat, "flat", w.cum, "cum", w.flat_bytes, "flat-bytes",
         w.cum_bytes, "cum-bytes", "line", "source");
  print_counts(&w, &sum, 1);
  printf("  %6s  (total for this function)\n", "");
  int indent = w.flat + w.cum + w.flat_bytes + w.cum_bytes + 13;

  struct source src;
  char *error = NULL;
  int have_source = file && source_load(file, dirs, num_dirs, &src, &error) == 0;
  if (file && !have_source) {
    report_error("%s; use --source-dir DIR to say where the sources are", error);
    printf("%*s(source not found; lines with allocations only)\n", indent, "");
    free(error);
  }
  uint32_t first = UINT32_MAX, last = 0;
  if (num_rows) {
    first = rows[0].key.line;
    last = rows[num_rows - 1].key.line;
  }
  if (n && hits[0].line < first)
    first = hits[0].line;
  if (n && hits[n - 1].line > last)
    last = hits[n - 1].line;
  uint32_t lo = first, hi = last;
  if (have_source) {
    uint32_t f, l;
    if (source_function_range(&src, function, lo, &f, &l) == 0 && f <= first)
      first = f;
    if (source_function_range(&src, function, hi, &f, &l) == 0 && l >= last)
      last = l;
  }

  size_t i = 0, r = 0;
  for (uint32_t line = first;; line++) {
    if (!have_source) {
      /* only the lines that allocate */
      if (i >= n && r >= num_rows)
        break;
      line = UINT32_MAX;
      if (i < n)
        line = hits[i].line;
      if (r < num_rows && rows[r].key.line < line)
        line = rows[r].key.line;
    } else if (line > last) {
      break;
    }
    const struct sample_row *row = r < num_rows && rows[r].key.line == line ? &rows[r++] : NULL;
    size_t j = i;
    while (j < n && hits[j].line == line)
      j++;
    char *text = have_source && line >= 1 && line <= src.num_lines
                     ? source_line_text(src.lines[line - 1])
                     : xstrdup("");
    char num[16];
    snprintf(num, sizeof num, "%" PRIu32, line);
    print_counts(&w, row, row || j > i);
    printf("  %6s  %s\n", line ? num : "?", text);
    free(text);
    for (; i < j; i++)
      print_site_note(&hits[i], indent);
    if (line == UINT32_MAX)
      break;
  }
  if (have_source)
    source_free(&src);
}

/* Prints every routine that has rows or hits; returns how many. */
static size_t print_routines(struct sample_row *rows, size_t num_rows, struct sample_row *totals,
                             size_t num_totals, const struct hit *hits, size_t num_hits,
                             char *const *dirs, size_t num_dirs) {
  qsort(rows, num_rows, sizeof *rows, compare_routine_rows);
  qsort(totals, num_totals, sizeof *totals, compare_routine_rows);
  size_t r = 0, h = 0, t = 0, printed = 0;
  while (r < num_rows || h < num_hits) {
    /* The next routine in (function, file) order, from rows or hits. */
    const char *function, *file;
    if (r < num_rows &&
        (h >= num_hits ||
         compare_names(rows[r].key.function, hits[h].function) < 0 ||
         (compare_names(rows[r].key.function, hits[h].function) == 0 &&
          compare_names(rows[r].key.file, hits[h].file) <= 0))) {
      function = rows[r].key.function;
      file = rows[r].key.file;
    } else {
      function = hits[h].function;
      file = hits[h].file;
    }
    size_t r0 = r, h0 = h;
    while (r < num_rows && compare_names(rows[r].key.function, function) == 0 &&
           compare_names(rows[r].key.file, file) == 0)
      r++;
    while (h < num_hits && compare_names(hits[h].function, function) == 0 &&
           compare_names(hits[h].file, file) == 0)
      h++;
    while (t < num_totals && (compare_names(totals[t].key.function, function) < 0 ||
                              (compare_names(totals[t].key.function, function) == 0 &&
                               compare_names(totals[t].key.file, file) < 0)))
      t++;
    const struct sample_row *total =
        t < num_totals && compare_names(totals[t].key.function, function) == 0 &&
                compare_names(totals[t].key.file, file) == 0
            ? &totals[t]
            : NULL;
    print_routine(function, file, rows + r0, r - r0, hits + h0, h - h0, total, dirs, num_dirs);
    printed++;
  }
  return printed;
}

static int run_list(const struct command *self, int argc, char **argv) {
  const char *pattern = NULL, *value, *symbolizer = NULL;
  char **files = xcalloc((size_t)argc, sizeof *files), **dirs = xcalloc((size_t)argc, sizeof *dirs);
  size_t num_files = 0, num_dirs = 0;
  struct args a = args_start(self, argc, argv);
  while (args_next(&a)) {
    if (args_flag(&a, "-h", "--help")) {
      command_help(self, stdout);
      free(files);
      free(dirs);
      return EXIT_OK;
    } else if (args_value(&a, NULL, "--source-dir", &value)) {
      dirs[num_dirs++] = (char *)value;
    } else if (args_value(&a, NULL, "--symbolizer", &value)) {
      symbolizer = value;
    } else if (a.operand) {
      if (!pattern)
        pattern = a.arg;
      else
        files[num_files++] = (char *)a.arg;
    } else {
      args_unknown(&a);
    }
  }
  if (!a.failed && !pattern)
    usage_error(self, "no function regex given"), a.failed = 1;
  else if (!a.failed && num_files == 0)
    usage_error(self, "no report given"), a.failed = 1;
  regex_t re;
  int rc;
  if (!a.failed && (rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB)) != 0) {
    char msg[256];
    regerror(rc, &re, msg, sizeof msg);
    char *shown = text_escape(pattern, 64);
    usage_error(self, "invalid regular expression '%s': %s", shown, msg);
    free(shown);
    a.failed = 1;
  }
  if (a.failed) {
    free(files);
    free(dirs);
    return EXIT_USAGE;
  }

  struct as_report report;
  int status = load_summed_reports(files, num_files, &report);
  free(files);
  struct sym_table symbols;
  int have_symbols = 0;
  if (status == EXIT_OK && (have_symbols = samples_symbolize(&report, symbolizer, &symbols)) < 0) {
    as_report_free(&report);
    status = EXIT_BAD_INPUT;
  }
  if (status == EXIT_OK) {
    display_init(report.program);
    struct hit *hits;
    size_t n = collect_hits(&report, &re, &hits);
    struct sample_set set;
    samples_build(&report, have_symbols ? &symbols : NULL, NULL, NULL, NULL, &set);
    struct sample_row *rows, *totals;
    size_t num_rows = samples_rows(&set, list_key, &re, &rows);
    size_t num_totals = samples_rows(&set, routine_key, &re, &totals);
    if (!have_symbols && (n || num_rows))
      samples_print_inline_only_note();
    if (print_routines(rows, num_rows, totals, num_totals, hits, n, dirs, num_dirs) == 0) {
      char *shown = text_escape(pattern, 64);
      report_error("no function with allocations matches '%s'", shown);
      free(shown);
      status = EXIT_BAD_INPUT;
    }
    free(rows);
    free(totals);
    samples_free(&set);
    free(hits);
    if (have_symbols)
      sym_table_free(&symbols);
    as_report_free(&report);
  }
  regfree(&re);
  free(dirs);
  return status;
}

const struct command cmd_list = {
    .name = "list",
    .summary = "source lines of matching functions with counts and verdicts (like pprof's list)",
    .usage = "list [--source-dir DIR]... [--symbolizer PATH] REGEX REPORT...",
    .help =
        "For each function whose name matches the extended regular expression\n"
        "REGEX (anywhere in the name, like pprof's list), prints its source with\n"
        "flat and cum per line, in objects and bytes (flat: allocated at the line\n"
        "itself; cum: at it or below it, in the functions a call on it reached),\n"
        "and under each line every site on it: allocator, counts, verdict,\n"
        "reason and site ID (\"via f (inlined)\" for a site reached through an\n"
        "inlined call).  cum comes from the calling contexts when the report has\n"
        "them, else from inlining chains only (a line says so).  Without the\n"
        "source, only the lines that allocate are shown, and a warning says which\n"
        "file is missing.\n"
        "\n"
        "Options:\n"
        "  --source-dir DIR  also look for sources under DIR (repeatable), trying\n"
        "                    ever shorter trailing parts of the recorded path\n"
        "  --symbolizer PATH the llvm-symbolizer for calling contexts (as for top)\n"
        "  -h, --help        show this help\n"
        "\n"
        "Exit status: 0; 1 for a bad report or when no function matches; 2 for a\n"
        "usage error.\n",
    .run = run_list,
};
