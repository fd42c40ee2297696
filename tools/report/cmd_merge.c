/*
 * cmd_merge.c - `allocsite-report merge -o OUT REPORT...`: sums reports (the
 * processes of a test suite, runs on several machines) into one report that
 * every command reads like any other.  Summing is exact and the output
 * canonical, so merging is associative: merge(merge(a, b), c) and
 * merge(a, b, c) are the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "output.h"
#include "report_write.h"

static int write_report(FILE *file, void *report, char **error) {
  return as_report_write(report, file, error);
}

static int run_merge(const struct command *self, int argc, char **argv) {
  const char *out_path = NULL, *value;
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
    } else if (a.operand) {
      files[num_files++] = (char *)a.arg;
    } else {
      args_unknown(&a);
    }
  }
  if (args_check(&a, "-o OUT", out_path, num_files) != 0) {
    free(files);
    return EXIT_USAGE;
  }

  struct as_report report;
  int status = load_summed_reports(files, num_files, &report);
  free(files);
  if (status != EXIT_OK)
    return status;
  if (output_write(out_path, write_report, &report) != 0)
    status = EXIT_BAD_INPUT;
  as_report_free(&report);
  return status;
}

const struct command cmd_merge = {
    .name = "merge",
    .summary = "sum reports into one report",
    .usage = "merge -o OUT REPORT...",
    .help =
        "Sums reports by site ID into one report (format version 2) that every\n"
        "command reads: the processes of a test suite run with\n"
        "ALLOCSITE_OUT=app.%p.json, or runs on several machines.  The sum is\n"
        "exact, and merging in any grouping gives the same file.  Reports of\n"
        "different builds (one site ID, different descriptions) or of an unknown\n"
        "format version are refused, and nothing is written.\n"
        "\n"
        "Heap counts (\"heap\") are summed when every report has them, calling\n"
        "contexts (\"contexts\") when every report has them, by allocator entry\n"
        "point and frames (module path and offset).\n"
        "\n"
        "Options:\n"
        "  -o, --output OUT  write the merged report to OUT ('-': standard output);\n"
        "                    it appears complete or not at all\n"
        "  -h, --help        show this help\n",
    .run = run_merge,
};
