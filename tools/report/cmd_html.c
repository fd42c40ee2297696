/*
 * cmd_html.c - `allocsite-report html -o DIR REPORT...`: a static site to
 * browse a report: index.html, a summary table of the sites (sortable by
 * objects or bytes, filterable to promotable sites, by a little inline
 * JavaScript; ?sort=bytes and ?promotable=1 in the URL set both), and one
 * page per source file with each line's allocation heat, the verdict of
 * each site as a badge and its reason.  No external resources: the pages
 * work from a file:// URL, offline, in any browser.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "display.h"
#include "format.h"
#include "output.h"
#include "source.h"
#include "text.h"

/* Everything from a report or a source file goes through this. */
static void put_escaped(FILE *out, const char *s) {
  for (; s && *s; s++) {
    switch (*s) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fputc(*s, out);
    }
  }
}

/* put_escaped of a string that display_* or text_escape made (and frees). */
static void put_owned(FILE *out, char *s) {
  put_escaped(out, s);
  free(s);
}

static const char style[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse}th,td{padding:2px 8px;text-align:left;vertical-align:top}"
    "th{background:#eee;position:sticky;top:0}th.sort{cursor:pointer;text-decoration:underline}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "tr:nth-child(even) td{background:#fafafa}"
    ".badge{border-radius:3px;padding:0 5px;font-size:12px;white-space:nowrap}"
    ".promotable,.promotable-if-small{background:#c8f0c8;color:#064}.heap{background:#f6d5d0;color:#822}"
    ".unknown{background:#ddd;color:#444}.flag{background:#dde4f6;color:#234}"
    "pre,.src td.code{font:13px/1.3 ui-monospace,monospace;white-space:pre}"
    ".src td{padding:0 8px}.src td.ln{color:#999;text-align:right}"
    ".src tr.hot td{background:transparent}.src tr.hot td.code{font-weight:600}.note{color:#555;font-size:12px}"
    "a{color:#05c}";

static void page_start(FILE *out, const char *title) {
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>", out);
  put_escaped(out, title);
  fprintf(out, "</title>\n<style>%s</style>\n</head><body>\n", style);
}

static void verdict_badge(FILE *out, const struct as_site *s) {
  fprintf(out, "<span class=\"badge %s\"", as_verdict_name(s->verdict));
  if (s->reason_message) {
    fputs(" title=\"", out);
    put_escaped(out, s->reason_message);
    fputc('"', out);
  }
  fprintf(out, ">%s", as_verdict_name(s->verdict));
  if (s->reason_code) {
    fputs(": ", out);
    put_escaped(out, s->reason_code);
  }
  fputs("</span>", out);
  for (unsigned bit = 1; bit; bit <<= 1)
    if ((s->flags & bit) && as_site_flag_name(bit))
      fprintf(out, " <span class=\"badge flag\">%s</span>", as_site_flag_name(bit));
}

/* The distinct source files of the sites, sorted; file i's page is
 * src/<i+1>.html. */
struct files {
  const char **paths;
  size_t count;
};

static int compare_paths(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static struct files collect_files(const struct as_report *r) {
  struct files f = {xcalloc(r->num_sites + 1, sizeof *f.paths), 0};
  for (size_t i = 0; i < r->num_sites; i++)
    if (r->sites[i].file)
      f.paths[f.count++] = r->sites[i].file;
  qsort(f.paths, f.count, sizeof *f.paths, compare_paths);
  size_t n = 0;
  for (size_t i = 0; i < f.count; i++)
    if (n == 0 || strcmp(f.paths[n - 1], f.paths[i]) != 0)
      f.paths[n++] = f.paths[i];
  f.count = n;
  return f;
}

static size_t file_index(const struct files *f, const char *path) {
  const char **p = bsearch(&path, f->paths, f->count, sizeof *f->paths, compare_paths);
  return (size_t)(p - f->paths);
}

/* Most objects first, then bytes, then ID: the table's initial order and
 * the tie-break the script keeps. */
static int compare_sites(const void *pa, const void *pb) {
  const struct as_site *a = *(const struct as_site *const *)pa;
  const struct as_site *b = *(const struct as_site *const *)pb;
  if (a->objects != b->objects)
    return a->objects > b->objects ? -1 : 1;
  if (a->bytes != b->bytes)
    return a->bytes > b->bytes ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

static const char script[] =
    "(function(){\n"
    "var body=document.getElementById('sites').tBodies[0];\n"
    "var box=document.getElementById('promotable');\n"
    "var rows=Array.prototype.slice.call(body.rows);\n"
    "function sortBy(key){\n"
    "  var other=key==='bytes'?'objects':'bytes';\n"
    "  rows.sort(function(a,b){\n"
    "    return (+b.dataset[key])-(+a.dataset[key])||(+b.dataset[other])-(+a.dataset[other])||\n"
    "           (+a.dataset.rank)-(+b.dataset.rank);});\n"
    "  rows.forEach(function(r){body.appendChild(r);});\n"
    "  document.getElementById('order').textContent=key;\n"
    "}\n"
    "function filter(){\n"
    "  var shown=0;\n"
    "  rows.forEach(function(r){r.hidden=box.checked&&r.dataset.verdict.indexOf('promotable')!==0;\n"
    "                           if(!r.hidden)shown++;});\n"
    "  document.getElementById('shown').textContent=shown;\n"
    "}\n"
    "Array.prototype.forEach.call(document.querySelectorAll('th.sort'),function(th){\n"
    "  th.addEventListener('click',function(){sortBy(th.dataset.key);});});\n"
    "box.addEventListener('change',filter);\n"
    "var q=new URLSearchParams(location.search);\n"
    "box.checked=q.get('promotable')==='1';\n"
    "sortBy(q.get('sort')==='bytes'?'bytes':'objects');\n"
    "filter();\n"
    "})();\n";

static void write_index(FILE *out, const struct as_report *r, const struct files *files) {
  page_start(out, "allocsite report");
  fputs("<h1>allocsite report</h1>\n<p>", out);
  if (r->program) {
    fputs("Program: <code>", out);
    put_escaped(out, r->program);
    fputs("</code><br>\n", out);
  }
  fprintf(out,
          "Total: <b id=\"total-objects\">%" PRIu64 "</b> objects, <b id=\"total-bytes\">%" PRIu64
          "</b> bytes in %zu sites (%zu %s)",
          r->objects, r->bytes, r->num_sites, r->num_inputs, plural(r->num_inputs, "report", "reports"));
  if (r->heap && r->heap->interposed)
    fprintf(out, "<br>\nHeap: %" PRIu64 " objects, %" PRIu64 " bytes allocated by the process, of "
                 "which %" PRIu64 " objects at instrumented sites",
            r->heap->objects, r->heap->bytes, r->heap->at_sites_objects);
  fputs("</p>\n<p><label><input type=\"checkbox\" id=\"promotable\"> promotable sites only</label>"
        " &mdash; <span id=\"shown\"></span> sites shown, ranked by <span id=\"order\"></span>"
        " (click a column to sort)</p>\n",
        out);
  fputs("<table id=\"sites\"><thead><tr><th class=\"n sort\" data-key=\"objects\">objects</th>"
        "<th class=\"n\">objects%</th><th class=\"n sort\" data-key=\"bytes\">bytes</th>"
        "<th class=\"n\">bytes%</th><th class=\"n\">avg</th><th>location</th><th>function</th>"
        "<th>allocator</th><th>verdict</th></tr></thead>\n<tbody>\n",
        out);
  const struct as_site **sorted = xcalloc(r->num_sites + 1, sizeof *sorted);
  for (size_t i = 0; i < r->num_sites; i++)
    sorted[i] = &r->sites[i];
  qsort(sorted, r->num_sites, sizeof *sorted, compare_sites);
  for (size_t i = 0; i < r->num_sites; i++) {
    const struct as_site *s = sorted[i];
    char id[17];
    as_format_id(s->id, id);
    fprintf(out,
            "<tr id=\"site-%s\" data-rank=\"%zu\" data-objects=\"%" PRIu64 "\" data-bytes=\"%" PRIu64
            "\" data-verdict=\"%s\"><td class=\"n\">%" PRIu64 "</td><td class=\"n\">",
            id, i, s->objects, s->bytes, as_verdict_name(s->verdict), s->objects);
    put_owned(out, format_percent(s->objects, r->objects));
    fprintf(out, "</td><td class=\"n\">%" PRIu64 "</td><td class=\"n\">", s->bytes);
    put_owned(out, format_percent(s->bytes, r->bytes));
    fputs("</td><td class=\"n\">", out);
    put_owned(out, format_average(s->bytes, s->objects));
    fputs("</td><td>", out);
    if (s->file)
      fprintf(out, "<a href=\"src/%zu.html#L%" PRIu32 "\">", file_index(files, s->file) + 1, s->line);
    put_owned(out, display_location(s));
    fputs(s->file ? "</a></td><td>" : "</td><td>", out);
    put_owned(out, display_function(s));
    fputs("</td><td>", out);
    put_escaped(out, s->allocator);
    fputs("</td><td>", out);
    verdict_badge(out, s);
    fputs("</td></tr>\n", out);
  }
  free(sorted);
  fprintf(out, "</tbody></table>\n<script>\n%s</script>\n</body></html>\n", script);
}

/* Sites written in file, by line. */
static int compare_by_line(const void *pa, const void *pb) {
  const struct as_site *a = *(const struct as_site *const *)pa;
  const struct as_site *b = *(const struct as_site *const *)pb;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  return (a->id > b->id) - (a->id < b->id);
}

static void site_note(FILE *out, const struct as_site *s) {
  char id[17];
  as_format_id(s->id, id);
  fprintf(out, "<div class=\"note\" id=\"site-%s\">col %" PRIu32 ": ", id, s->column);
  put_escaped(out, s->allocator);
  fprintf(out, " &mdash; %" PRIu64 " objects, %" PRIu64 " bytes ", s->objects, s->bytes);
  verdict_badge(out, s);
  if (s->reason_message) {
    fputs(" ", out);
    put_escaped(out, s->reason_message);
  }
  if (s->num_inlined) {
    fputs(" (inlined into ", out);
    put_owned(out, display_name(s->inlined_at[s->num_inlined - 1].function));
    fputs(")", out);
  }
  fputs("</div>", out);
}

static void write_source_page(FILE *out, const struct as_report *r, const char *file,
                              char *const *dirs, size_t num_dirs) {
  char *shown = display_path(file);
  page_start(out, shown);
  fputs("<p><a href=\"../index.html\">&larr; all sites</a></p>\n<h1>", out);
  put_escaped(out, shown);
  fputs("</h1>\n", out);
  free(shown);

  const struct as_site **sites = xcalloc(r->num_sites + 1, sizeof *sites);
  size_t n = 0;
  uint64_t max_line = 1, objects = 0, bytes = 0;
  for (size_t i = 0; i < r->num_sites; i++)
    if (r->sites[i].file && strcmp(r->sites[i].file, file) == 0) {
      sites[n++] = &r->sites[i];
      objects += r->sites[i].objects;
      bytes += r->sites[i].bytes;
    }
  qsort(sites, n, sizeof *sites, compare_by_line);
  for (size_t i = 0; i < n;) { /* the hottest line sets the scale */
    uint64_t line_objects = 0;
    size_t j = i;
    for (; j < n && sites[j]->line == sites[i]->line; j++)
      line_objects += sites[j]->objects;
    if (line_objects > max_line)
      max_line = line_objects;
    i = j;
  }
  fprintf(out, "<p>%zu sites, %" PRIu64 " objects, %" PRIu64 " bytes</p>\n", n, objects, bytes);

  struct source src;
  char *error = NULL;
  int have_source = source_load(file, dirs, num_dirs, &src, &error) == 0;
  if (!have_source) {
    report_error("%s; use --source-dir DIR to say where the sources are", error);
    fputs("<p class=\"missing\">", out);
    put_escaped(out, error);
    fputs(" &mdash; only the lines with allocations are shown.</p>\n", out);
    free(error);
  }
  fputs("<table class=\"src\"><thead><tr><th class=\"n\">objects</th><th class=\"n\">bytes</th>"
        "<th class=\"n\">line</th><th>source</th></tr></thead><tbody>\n",
        out);
  size_t i = 0;
  uint32_t last = have_source ? (uint32_t)src.num_lines : 0;
  if (n && sites[n - 1]->line > last)
    last = sites[n - 1]->line;
  for (uint32_t line = 1; line <= last && line != 0; line++) {
    size_t j = i;
    uint64_t lo = 0, lb = 0;
    for (; j < n && sites[j]->line == line; j++)
      lo += sites[j]->objects, lb += sites[j]->bytes;
    if (!have_source && j == i)
      continue;
    if (j > i) {
      /* Heat: the share of the file's hottest line, on a square-root
       * scale so that a line with 1% of the hottest still shows. */
      double heat = lo ? 0.10 + 0.40 * sqrt((double)lo / (double)max_line) : 0.05;
      fprintf(out,
              "<tr class=\"hot\" id=\"L%" PRIu32 "\" style=\"background:rgba(230,60,30,%.2f)\">"
              "<td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64 "</td>",
              line, heat, lo, lb);
    } else {
      fprintf(out, "<tr id=\"L%" PRIu32 "\"><td></td><td></td>", line);
    }
    fprintf(out, "<td class=\"ln\">%" PRIu32 "</td><td class=\"code\">", line);
    if (have_source && line <= src.num_lines)
      put_owned(out, source_line_text(src.lines[line - 1]));
    for (; i < j; i++)
      site_note(out, sites[i]);
    fputs("</td></tr>\n", out);
  }
  /* Sites with line 0 (no column info) would otherwise be missing. */
  for (; i < n; i++) {
    fputs("<tr><td></td><td></td><td class=\"ln\">?</td><td class=\"code\">", out);
    site_note(out, sites[i]);
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table>\n</body></html>\n", out);
  if (have_source)
    source_free(&src);
  free(sites);
}

static int make_dir(const char *path) {
  if (mkdir(path, 0777) == 0 || errno == EEXIST)
    return 0;
  char *shown = text_escape(path, 0);
  report_error("cannot create directory '%s': %s", shown, strerror(errno));
  free(shown);
  return -1;
}

struct page {
  const struct as_report *report;
  const struct files *files;
  const char *file; /* NULL for the index */
  char *const *dirs;
  size_t num_dirs;
};

static int write_page(FILE *out, void *context, char **error) {
  const struct page *p = context;
  if (p->file)
    write_source_page(out, p->report, p->file, p->dirs, p->num_dirs);
  else
    write_index(out, p->report, p->files);
  (void)error; /* a failed write shows when the file is committed */
  return 0;
}

static int run_html(const struct command *self, int argc, char **argv) {
  const char *dir = NULL, *value;
  char **files = xcalloc((size_t)argc, sizeof *files), **dirs = xcalloc((size_t)argc, sizeof *dirs);
  size_t num_files = 0, num_dirs = 0;
  struct args a = args_start(self, argc, argv);
  while (args_next(&a)) {
    if (args_flag(&a, "-h", "--help")) {
      command_help(self, stdout);
      free(files);
      free(dirs);
      return EXIT_OK;
    } else if (args_value(&a, "-o", "--output", &value)) {
      dir = value;
    } else if (args_value(&a, NULL, "--source-dir", &value)) {
      dirs[num_dirs++] = (char *)value;
    } else if (a.operand) {
      files[num_files++] = (char *)a.arg;
    } else {
      args_unknown(&a);
    }
  }
  if (args_check(&a, "-o DIR", dir, num_files) != 0) {
    free(files);
    free(dirs);
    return EXIT_USAGE;
  }
  struct as_report report;
  int status = load_summed_reports(files, num_files, &report);
  free(files);
  if (status == EXIT_OK) {
    display_init(report.program);
    struct files sources = collect_files(&report);
    char *src_dir = xasprintf("%s/src", dir);
    if (make_dir(dir) != 0 || make_dir(src_dir) != 0)
      status = EXIT_BAD_INPUT;
    for (size_t i = 0; status == EXIT_OK && i < sources.count; i++) {
      char *path = xasprintf("%s/%zu.html", src_dir, i + 1);
      struct page page = {&report, &sources, sources.paths[i], dirs, num_dirs};
      if (output_write(path, write_page, &page) != 0)
        status = EXIT_BAD_INPUT;
      free(path);
    }
    /* The index last: it is what links to everything else. */
    char *index = xasprintf("%s/index.html", dir);
    struct page page = {&report, &sources, NULL, dirs, num_dirs};
    if (status == EXIT_OK && output_write(index, write_page, &page) != 0)
      status = EXIT_BAD_INPUT;
    free(index);
    free(src_dir);
    free(sources.paths);
    as_report_free(&report);
  }
  free(dirs);
  return status;
}

const struct command cmd_html = {
    .name = "html",
    .summary = "a static web page: summary table and annotated sources",
    .usage = "html -o DIR [--source-dir DIR]... REPORT...",
    .help =
        "Writes a static site to DIR: index.html, the table of all sites (click\n"
        "'objects' or 'bytes' to sort, tick 'promotable sites only' to filter;\n"
        "index.html?sort=bytes&promotable=1 opens it that way), and src/N.html,\n"
        "one page per source file with the objects and bytes of each line shaded\n"
        "by heat, and each site's verdict badge and reason under its line.\n"
        "Pages need no network and no server: open DIR/index.html.\n"
        "\n"
        "Options:\n"
        "  -o, --output DIR  the directory to write (created if missing)\n"
        "  --source-dir DIR  also look for sources under DIR (see 'list --help')\n"
        "  -h, --help        show this help\n",
    .run = run_html,
};
