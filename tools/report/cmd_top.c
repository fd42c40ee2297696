/*
 * cmd_top.c - `allocsite-report top`: allocation sites ranked by objects or
 * bytes, like pprof's top, from one report or several summed by site ID.
 *
 * Counts are printed exactly (no K/M rounding) so that they can be checked
 * against a program's known allocations; the order is total, so the same
 * reports always give the same table.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "display.h"
#include "table.h"
#include "text.h"

enum rank_by { BY_OBJECTS, BY_BYTES };

struct row {
  const struct as_site *site;
  uint64_t first_key, second_key; /* the ranked count, then the other one */
};

/* Sites that never allocated last (they are still sites the program
 * contains); then the larger count first; then by place and ID, so that
 * ties never depend on the order of the input. */
static int compare_rows(const void *pa, const void *pb) {
  const struct row *ra = pa, *rb = pb;
  const struct as_site *a = ra->site, *b = rb->site;
  if ((a->objects == 0) != (b->objects == 0))
    return a->objects == 0 ? 1 : -1;
  if (ra->first_key != rb->first_key)
    return ra->first_key > rb->first_key ? -1 : 1;
  if (ra->second_key != rb->second_key)
    return ra->second_key > rb->second_key ? -1 : 1;
  if ((a->file == NULL) != (b->file == NULL))
    return a->file == NULL ? 1 : -1; /* sites with a line before those without */
  int c;
  if (a->file && (c = strcmp(a->file, b->file)) != 0)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if ((a->module == NULL) != (b->module == NULL))
    return a->module == NULL ? 1 : -1;
  if (a->module && (c = strcmp(a->module, b->module)) != 0)
    return c;
  if (a->id != b->id)
    return a->id < b->id ? -1 : 1;
  return 0;
}

/* "97.09%", or "-" when there is nothing to take a share of.  Rounded half
 * up (50 of 64 is 78.13%), not half to even as printf would. */
static char *percent(uint64_t part, uint64_t total) {
  if (total == 0)
    return xstrdup("-");
  unsigned hundredths =
      (unsigned)(10000.0L * (long double)part / (long double)total + 0.5L); /* <= 10000 */
  return xasprintf("%u.%02u%%", hundredths / 100, hundredths % 100);
}

/* bytes/objects: exact when it divides ("16"), else to two decimals
 * ("81.50"), so fixed-size sites read as the size they allocate. */
static char *average(uint64_t bytes, uint64_t objects) {
  if (objects == 0)
    return xstrdup("-");
  uint64_t whole = bytes / objects, rest = bytes % objects;
  if (rest == 0)
    return xasprintf("%" PRIu64, whole);
  unsigned hundredths = (unsigned)((long double)rest * 100.0L / (long double)objects + 0.5L);
  if (hundredths == 100) {
    whole++;
    hundredths = 0;
  }
  return xasprintf("%" PRIu64 ".%02u", whole, hundredths);
}

static const char *plural(uint64_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

static void print_top(const struct as_report *r, enum rank_by by, size_t limit,
                      int promotable_only) {
  /* With --promotable only the stack-promotion candidates are rows; their
   * shares stay shares of the whole program, which is what says whether
   * promoting them is worth it. */
  struct row *rows = xcalloc(r->num_sites ? r->num_sites : 1, sizeof *rows);
  size_t num_rows = 0;
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = &r->sites[i];
    if (promotable_only && s->verdict != AS_VERDICT_PROMOTABLE)
      continue;
    rows[num_rows].site = s;
    rows[num_rows].first_key = by == BY_BYTES ? s->bytes : s->objects;
    rows[num_rows].second_key = by == BY_BYTES ? s->objects : s->bytes;
    num_rows++;
  }
  qsort(rows, num_rows, sizeof *rows, compare_rows);

  if (r->program) {
    char *program = display_path(r->program);
    printf("Program: %s\n", program);
    free(program);
  }
  printf("Total: %" PRIu64 " %s, %" PRIu64 " %s in %zu %s (%zu %s), ranked by %s\n", r->objects,
         plural(r->objects, "object", "objects"), r->bytes, plural(r->bytes, "byte", "bytes"),
         r->num_sites, plural(r->num_sites, "site", "sites"), r->num_inputs,
         plural(r->num_inputs, "report", "reports"), by == BY_BYTES ? "bytes" : "objects");
  if (r->num_sites == 0) {
    printf("No allocation sites: the program contains no instrumented allocation calls.\n");
    free(rows);
    return;
  }
  if (promotable_only) {
    printf("Promotable sites only: %zu of %zu\n", num_rows, r->num_sites);
    if (num_rows == 0) {
      free(rows);
      return;
    }
  }

  size_t shown = limit == 0 || limit > num_rows ? num_rows : limit;
  static const enum table_align align[] = {TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT,
                                           TABLE_RIGHT, TABLE_RIGHT, TABLE_LEFT,
                                           TABLE_LEFT,  TABLE_LEFT,  TABLE_LEFT};
  struct table *t = table_new(sizeof align / sizeof *align, align);
  table_cell(t, "objects");
  table_cell(t, "objects%%");
  table_cell(t, "bytes");
  table_cell(t, "bytes%%");
  table_cell(t, "avg");
  table_cell(t, "location");
  table_cell(t, "function");
  table_cell(t, "allocator");
  table_cell(t, "verdict");
  for (size_t i = 0; i < shown; i++) {
    const struct as_site *s = rows[i].site;
    char *objects_pct = percent(s->objects, r->objects);
    char *bytes_pct = percent(s->bytes, r->bytes);
    char *avg = average(s->bytes, s->objects);
    char *location = display_location(s);
    char *function = display_function(s);
    char *allocator = text_escape(s->allocator, 0);
    char *code = s->reason_code ? text_escape(s->reason_code, 0) : NULL;
    table_cell(t, "%" PRIu64, s->objects);
    table_cell(t, "%s", objects_pct);
    table_cell(t, "%" PRIu64, s->bytes);
    table_cell(t, "%s", bytes_pct);
    table_cell(t, "%s", avg);
    table_cell(t, "%s", location);
    table_cell(t, "%s", function);
    table_cell(t, "%s", allocator);
    /* A promoted site's objects lived on the stack: say so beside the verdict. */
    table_cell(t, "%s%s%s%s%s", as_verdict_name(s->verdict), code ? " (" : "", code ? code : "",
               code ? ")" : "", s->flags & AS_SITE_PROMOTED ? ", promoted" : "");
    free(objects_pct);
    free(bytes_pct);
    free(avg);
    free(location);
    free(function);
    free(allocator);
    free(code);
  }
  table_print(t, stdout);
  table_free(t);

  if (shown < num_rows) {
    uint64_t objects = 0, bytes = 0; /* cannot overflow: parts of the totals */
    for (size_t i = shown; i < num_rows; i++) {
      objects += rows[i].site->objects;
      bytes += rows[i].site->bytes;
    }
    size_t hidden = num_rows - shown;
    printf("%zu more %s not shown (%" PRIu64 " %s, %" PRIu64 " %s); -n 0 shows all\n", hidden,
           plural(hidden, "site", "sites"), objects, plural(objects, "object", "objects"), bytes,
           plural(bytes, "byte", "bytes"));
  }
  free(rows);
}

static int run_top(const struct command *self, int argc, char **argv) {
  enum rank_by by = BY_OBJECTS;
  size_t limit = 10;
  int promotable_only = 0;
  char **files = xcalloc((size_t)argc, sizeof *files);
  size_t num_files = 0;
  const char *value;

  struct args a = args_start(self, argc, argv);
  while (args_next(&a)) {
    if (args_flag(&a, "-h", "--help")) {
      command_help(self, stdout);
      free(files);
      return EXIT_OK;
    } else if (args_value(&a, NULL, "--by", &value)) {
      if (a.failed)
        break;
      if (strcmp(value, "objects") == 0) {
        by = BY_OBJECTS;
      } else if (strcmp(value, "bytes") == 0) {
        by = BY_BYTES;
      } else {
        char *shown = text_escape(value, 64);
        usage_error(self, "--by expects 'objects' or 'bytes', got '%s'", shown);
        free(shown);
        a.failed = 1;
      }
    } else if (args_flag(&a, NULL, "--promotable")) {
      promotable_only = 1;
    } else if (args_value(&a, "-n", NULL, &value)) {
      if (!a.failed)
        args_parse_count(&a, "-n", value, &limit);
    } else if (a.operand) {
      files[num_files++] = (char *)a.arg;
    } else {
      args_unknown(&a);
    }
  }
  if (!a.failed && num_files == 0) {
    usage_error(self, "no report given");
    a.failed = 1;
  }
  if (a.failed) {
    free(files);
    return EXIT_USAGE;
  }

  struct as_report report;
  int status = load_summed_reports(files, num_files, &report);
  free(files);
  if (status != EXIT_OK)
    return status;
  display_init();
  print_top(&report, by, limit, promotable_only);
  as_report_free(&report);
  return EXIT_OK;
}

const struct command cmd_top = {
    .name = "top",
    .summary = "allocation sites ranked by objects or bytes (like pprof's top)",
    .usage = "top [--by objects|bytes] [--promotable] [-n N] REPORT...",
    .help =
        "Lists the allocation sites of a program, most allocating first: objects\n"
        "and bytes allocated at the site and their share of the total, the\n"
        "average size, where the allocation is written (file:line:column,\n"
        "relative to the current directory when below it), the function it is\n"
        "in, the allocator and the stack-promotion verdict.  Sites that never\n"
        "allocated are listed last.\n"
        "\n"
        "Several reports (runs of one program, or the processes of one test\n"
        "suite) are summed by site ID; reports of different builds are refused.\n"
        "'-' reads a report from standard input.\n"
        "\n"
        "Options:\n"
        "  --by objects|bytes  rank by number of allocations (the default) or by bytes\n"
        "  --promotable        only the sites that could live on the stack, ranked\n"
        "                      by what they cost at run time\n"
        "  -n N                show the first N sites (default 10; 0 shows all)\n"
        "  -h, --help          show this help\n",
    .run = run_top,
};
