/*
 * cmd_diff.c - `allocsite-report diff BASE NEW`: what changed between two
 * reports, per site and in total (pprof's -diff_base), and with
 * --fail-if-grew a CI gate for allocation regressions.
 *
 * Sites are matched by ID, which a rebuild of unchanged code keeps; an
 * allocation that moved to another line is a new ID, so it shows as one
 * site gone and one new.  Descriptions may differ between the two builds
 * (a verdict improves), and the new one is shown.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "display.h"
#include "format.h"
#include "table.h"
#include "text.h"

/* Exit status when --fail-if-grew trips, apart from bad input and usage. */
#define EXIT_GREW 3

struct change {
  const struct as_site *base, *now; /* either may be NULL */
  uint64_t base_objects, base_bytes, objects, bytes;
};

static uint64_t distance(uint64_t a, uint64_t b) { return a > b ? a - b : b - a; }

/* Largest change in objects first, then in bytes, then by place. */
static int compare_changes(const void *pa, const void *pb) {
  const struct change *a = pa, *b = pb;
  uint64_t da = distance(a->base_objects, a->objects), db = distance(b->base_objects, b->objects);
  if (da != db)
    return da > db ? -1 : 1;
  da = distance(a->base_bytes, a->bytes);
  db = distance(b->base_bytes, b->bytes);
  if (da != db)
    return da > db ? -1 : 1;
  const struct as_site *sa = a->now ? a->now : a->base, *sb = b->now ? b->now : b->base;
  return (sa->id > sb->id) - (sa->id < sb->id);
}

static const char *report_label(const char *path) { return strcmp(path, "-") ? path : "<stdin>"; }

static void print_side(const char *label, const char *path, const struct as_report *r) {
  char *shown = text_escape(report_label(path), 0);
  printf("%s %s: %" PRIu64 " %s, %" PRIu64 " %s in %zu %s\n", label, shown, r->objects,
         plural(r->objects, "object", "objects"), r->bytes, plural(r->bytes, "byte", "bytes"),
         r->num_sites, plural(r->num_sites, "site", "sites"));
  free(shown);
}

static void print_diff(const char *base_path, const struct as_report *base, const char *new_path,
                       const struct as_report *now, size_t limit) {
  print_side("Base:", base_path, base);
  print_side("New: ", new_path, now);
  char *d_o = format_delta(base->objects, now->objects), *c_o = format_change(base->objects, now->objects);
  char *d_b = format_delta(base->bytes, now->bytes), *c_b = format_change(base->bytes, now->bytes);
  printf("Change: %s objects (%s), %s bytes (%s)\n", d_o, c_o, d_b, c_b);
  free(d_o);
  free(c_o);
  free(d_b);
  free(c_b);

  /* Both site lists are sorted by ID: walk them together. */
  struct change *changes = xcalloc(base->num_sites + now->num_sites, sizeof *changes);
  size_t n = 0, unchanged = 0;
  for (size_t i = 0, j = 0; i < base->num_sites || j < now->num_sites;) {
    struct change c = {0};
    if (j == now->num_sites || (i < base->num_sites && base->sites[i].id < now->sites[j].id))
      c.base = &base->sites[i++];
    else if (i == base->num_sites || now->sites[j].id < base->sites[i].id)
      c.now = &now->sites[j++];
    else
      c.base = &base->sites[i++], c.now = &now->sites[j++];
    if (c.base)
      c.base_objects = c.base->objects, c.base_bytes = c.base->bytes;
    if (c.now)
      c.objects = c.now->objects, c.bytes = c.now->bytes;
    if (c.base_objects == c.objects && c.base_bytes == c.bytes)
      unchanged++;
    else
      changes[n++] = c;
  }
  qsort(changes, n, sizeof *changes, compare_changes);
  size_t shown = limit == 0 || limit > n ? n : limit;
  if (n > 0) {
    static const enum table_align align[] = {TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT, TABLE_RIGHT,
                                             TABLE_RIGHT, TABLE_RIGHT, TABLE_LEFT,  TABLE_LEFT,
                                             TABLE_LEFT,  TABLE_LEFT};
    struct table *t = table_new(sizeof align / sizeof *align, align);
    const char *head[] = {"objects", "delta", "delta%", "bytes", "delta", "delta%",
                          "location", "function", "allocator", "status"};
    for (size_t k = 0; k < sizeof head / sizeof *head; k++)
      table_cell(t, "%s", head[k]);
    for (size_t i = 0; i < shown; i++) {
      const struct change *c = &changes[i];
      const struct as_site *s = c->now ? c->now : c->base;
      char *cells[] = {format_delta(c->base_objects, c->objects),
                       format_change(c->base_objects, c->objects),
                       format_delta(c->base_bytes, c->bytes), format_change(c->base_bytes, c->bytes),
                       display_location(s), display_function(s), text_escape(s->allocator, 0)};
      table_cell(t, "%" PRIu64, c->objects);
      table_cell(t, "%s", cells[0]);
      table_cell(t, "%s", cells[1]);
      table_cell(t, "%" PRIu64, c->bytes);
      table_cell(t, "%s", cells[2]);
      table_cell(t, "%s", cells[3]);
      table_cell(t, "%s", cells[4]);
      table_cell(t, "%s", cells[5]);
      table_cell(t, "%s", cells[6]);
      table_cell(t, "%s", !c->base ? "new" : !c->now ? "gone" : "");
      for (size_t k = 0; k < sizeof cells / sizeof *cells; k++)
        free(cells[k]);
    }
    table_print(t, stdout);
    table_free(t);
  }
  if (shown < n)
    printf("%zu more changed %s not shown; -n 0 shows all\n", n - shown,
           plural(n - shown, "site", "sites"));
  if (unchanged)
    printf("%zu %s unchanged\n", unchanged, plural(unchanged, "site", "sites"));
  free(changes);
}

/* PERCENT for --fail-if-grew: a finite, non-negative decimal. */
static int parse_percent(struct args *a, const char *value, double *out) {
  char *end;
  double v = strtod(value, &end);
  if (!*value || *end || !isfinite(v) || v < 0 || strspn(value, "0123456789.") != strlen(value)) {
    char *shown = text_escape(value, 64);
    usage_error(a->cmd, "--fail-if-grew expects a non-negative percentage, got '%s'", shown);
    free(shown);
    a->failed = 1;
    return -1;
  }
  *out = v;
  return 0;
}

static int run_diff(const struct command *self, int argc, char **argv) {
  const char *value, *paths[2];
  size_t num_paths = 0, limit = 10;
  double max_growth = -1;
  struct args a = args_start(self, argc, argv);
  while (args_next(&a)) {
    if (args_flag(&a, "-h", "--help")) {
      command_help(self, stdout);
      return EXIT_OK;
    } else if (args_value(&a, NULL, "--fail-if-grew", &value)) {
      if (!a.failed)
        parse_percent(&a, value, &max_growth);
    } else if (args_value(&a, "-n", NULL, &value)) {
      if (!a.failed)
        args_parse_count(&a, "-n", value, &limit);
    } else if (a.operand) {
      if (num_paths == 2) {
        char *shown = text_escape(a.arg, 64);
        usage_error(self, "unexpected argument '%s' (diff compares two reports; merge several "
                          "first)", shown);
        free(shown);
        a.failed = 1;
      } else {
        paths[num_paths++] = a.arg;
      }
    } else {
      args_unknown(&a);
    }
  }
  if (!a.failed && num_paths < 2)
    usage_error(self, "diff needs two reports, BASE and NEW"), a.failed = 1;
  if (a.failed)
    return EXIT_USAGE;

  struct as_report base, now;
  int status = load_summed_reports((char **)&paths[0], 1, &base);
  if (status != EXIT_OK)
    return status;
  if ((status = load_summed_reports((char **)&paths[1], 1, &now)) != EXIT_OK) {
    as_report_free(&base);
    return status;
  }
  display_init(now.program);
  print_diff(paths[0], &base, paths[1], &now, limit);
  if (max_growth >= 0 && now.objects > base.objects) {
    long double grew = base.objects ? 100.0L * (long double)(now.objects - base.objects) /
                                          (long double)base.objects
                                    : INFINITY;
    if (grew > (long double)max_growth) {
      char *change = format_change(base.objects, now.objects);
      fflush(stdout);
      report_error("objects grew by %s (%" PRIu64 " to %" PRIu64 "), more than the %g%% "
                   "--fail-if-grew allows",
                   change, base.objects, now.objects, max_growth);
      free(change);
      status = EXIT_GREW;
    }
  }
  as_report_free(&base);
  as_report_free(&now);
  return status;
}

const struct command cmd_diff = {
    .name = "diff",
    .summary = "per-site and total changes from BASE to NEW (a CI gate)",
    .usage = "diff [--fail-if-grew PERCENT] [-n N] BASE NEW",
    .help =
        "Compares two reports (merge several first): the total change in objects\n"
        "and bytes, then each site whose counts changed, largest change in\n"
        "objects first, with its count in NEW, the change and the change as a\n"
        "percentage of BASE ('new' for a site BASE does not have or never ran).\n"
        "Sites are matched by ID; an allocation that moved to another line\n"
        "shows as one site 'gone' and one 'new'.\n"
        "\n"
        "Options:\n"
        "  --fail-if-grew PERCENT  exit with status 3 if the total objects grew by\n"
        "                          more than PERCENT percent (0: any growth)\n"
        "  -n N                    show the first N changed sites (default 10; 0: all)\n"
        "  -h, --help              show this help\n"
        "\n"
        "Exit status: 0, or 3 when --fail-if-grew trips; 1 for a bad report,\n"
        "2 for a usage error.\n",
    .run = run_diff,
};
