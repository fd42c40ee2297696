/*
 * cmd_list.c - `allocsite-report list REGEX`: pprof's `list` for
 * allocations.  For each function whose name matches, its source lines with
 * the objects and bytes allocated on each, and under each such line the
 * sites on it with their verdict and reason - the run-time count and the
 * static explanation side by side.
 *
 * A line in function F counts the sites written on it in F, and also the
 * sites inlined into F through a call on it (like pprof's cumulative
 * column): `list main` shows the allocations main makes through inlined
 * helpers at the line that calls them.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "display.h"
#include "format.h"
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

static int compare_strings(const char *a, const char *b) {
  if (!a || !b)
    return (a == NULL) - (b == NULL);
  return strcmp(a, b);
}

/* By routine (function, file), then line, then site. */
static int compare_hits(const void *pa, const void *pb) {
  const struct hit *a = pa, *b = pb;
  int c;
  if ((c = compare_strings(a->function, b->function)) || (c = compare_strings(a->file, b->file)))
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

/* "objects" column text: a count, or "." for a line with no allocation. */
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

/* Prints one routine: hits[0..n) share function and file. */
static void print_routine(const struct hit *hits, size_t n, char *const *dirs, size_t num_dirs) {
  const char *function = hits[0].function, *file = hits[0].file;
  uint64_t objects = 0, bytes = 0;
  for (size_t i = 0; i < n; i++) {
    objects += hits[i].site->objects;
    bytes += hits[i].site->bytes;
  }
  char *fn = display_name(function);
  char *shown_file = file ? display_path(file) : xstrdup("(no file: compiled without -g)");
  printf("ROUTINE ======================== %s in %s\n", fn, shown_file);
  free(fn);
  free(shown_file);

  char *ob = xasprintf("%" PRIu64, objects), *by = xasprintf("%" PRIu64, bytes);
  int wo = (int)strlen(ob) > 7 ? (int)strlen(ob) : 7, wb = (int)strlen(by) > 7 ? (int)strlen(by) : 7;
  printf("%*s %*s  %6s  %s\n", wo, "objects", wb, "bytes", "line", "source");
  printf("%*s %*s  %6s  (total for %s)\n", wo, ob, wb, by, "", "this function");
  free(ob);
  free(by);
  int indent = wo + wb + 11;

  struct source src;
  char *error = NULL;
  int have_source = file && source_load(file, dirs, num_dirs, &src, &error) == 0;
  if (file && !have_source) {
    report_error("%s; use --source-dir DIR to say where the sources are", error);
    printf("%*s(source not found; lines with allocations only)\n", indent, "");
    free(error);
  }
  uint32_t first = hits[0].line, last = hits[n - 1].line;
  if (have_source) {
    uint32_t f, l;
    if (source_function_range(&src, function, hits[0].line, &f, &l) == 0 && f <= first)
      first = f;
    if (source_function_range(&src, function, hits[n - 1].line, &f, &l) == 0 && l >= last)
      last = l;
  }

  size_t i = 0;
  for (uint32_t line = first; i < n || (have_source && line <= last); line++) {
    if (!have_source && i < n)
      line = hits[i].line; /* only the lines that allocate */
    size_t j = i;
    uint64_t lo = 0, lb = 0;
    for (; j < n && hits[j].line == line; j++) {
      lo += hits[j].site->objects;
      lb += hits[j].site->bytes;
    }
    if (have_source && line > last && j == i)
      break;
    char *co = count_cell(lo, j > i), *cb = count_cell(lb, j > i);
    char *text = have_source && line >= 1 && line <= src.num_lines
                     ? source_line_text(src.lines[line - 1])
                     : xstrdup("");
    char num[16];
    snprintf(num, sizeof num, "%" PRIu32, line);
    printf("%*s %*s  %6s  %s\n", wo, co, wb, cb, line ? num : "?", text);
    free(co);
    free(cb);
    free(text);
    for (; i < j; i++)
      print_site_note(&hits[i], indent);
    if (line == UINT32_MAX)
      break;
  }
  if (have_source)
    source_free(&src);
}

static int run_list(const struct command *self, int argc, char **argv) {
  const char *pattern = NULL, *value;
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
  if (status == EXIT_OK) {
    display_init();
    struct hit *hits;
    size_t n = collect_hits(&report, &re, &hits);
    if (n == 0) {
      char *shown = text_escape(pattern, 64);
      report_error("no function with allocation sites matches '%s'", shown);
      free(shown);
      status = EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < n;) {
      size_t j = i + 1;
      while (j < n && compare_strings(hits[i].function, hits[j].function) == 0 &&
             compare_strings(hits[i].file, hits[j].file) == 0)
        j++;
      print_routine(hits + i, j - i, dirs, num_dirs);
      i = j;
    }
    free(hits);
    as_report_free(&report);
  }
  regfree(&re);
  free(dirs);
  return status;
}

const struct command cmd_list = {
    .name = "list",
    .summary = "source lines of matching functions with counts and verdicts (like pprof's list)",
    .usage = "list [--source-dir DIR]... REGEX REPORT...",
    .help =
        "For each function whose name matches the extended regular expression\n"
        "REGEX (anywhere in the name, like pprof's list), prints its source with\n"
        "the objects and bytes allocated on each line, and under each such line\n"
        "every site on it: allocator, counts, verdict, reason and site ID.  A\n"
        "line that calls an inlined function counts the allocations made through\n"
        "it (\"via f (inlined)\").  Without the source, only the lines that\n"
        "allocate are shown, and a warning says which file is missing.\n"
        "\n"
        "Options:\n"
        "  --source-dir DIR  also look for sources under DIR (repeatable), trying\n"
        "                    ever shorter trailing parts of the recorded path\n"
        "  -h, --help        show this help\n"
        "\n"
        "Exit status: 0; 1 for a bad report or when no function matches; 2 for a\n"
        "usage error.\n",
    .run = run_list,
};
