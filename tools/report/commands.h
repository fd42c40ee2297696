/*
 * commands.h - what a subcommand of allocsite-report is, and the helpers all
 * of them share: option parsing with uniform messages, usage errors, and
 * loading the report files named on the command line.
 *
 * Adding a command (list, merge, diff, pprof, html, ...) means writing
 * cmd_<name>.c with one `const struct command` and listing it in main.c.
 */
#ifndef ALLOCSITE_REPORT_COMMANDS_H
#define ALLOCSITE_REPORT_COMMANDS_H

#include <stdio.h>

#include "report_model.h"
#include "util.h"

/* Exit statuses, the same for every command. */
enum {
  EXIT_OK = 0,
  EXIT_BAD_INPUT = 1, /* a report could not be read, or output not written */
  EXIT_USAGE = 2,     /* the command line is wrong */
};

struct command {
  const char *name;
  const char *summary; /* one line for the command list in --help */
  const char *usage;   /* "top [--by objects|bytes] [-n N] REPORT..." */
  const char *help;    /* the rest of `allocsite-report NAME --help` */
  /* argv[0] is the command name; returns an exit status. */
  int (*run)(const struct command *self, int argc, char **argv);
};

extern const struct command cmd_top;
extern const struct command cmd_list;
extern const struct command cmd_merge;
extern const struct command cmd_diff;
extern const struct command cmd_pprof;
extern const struct command cmd_html;

/* Prints "usage: allocsite-report <usage>" and the help text to out. */
void command_help(const struct command *cmd, FILE *out);

/* Prints the error and the command's usage line to stderr; returns
 * EXIT_USAGE so commands can `return usage_error(...)`. */
int usage_error(const struct command *cmd, const char *fmt, ...) AS_PRINTF(2, 3);

/*
 * Walks a command's arguments.  Options and operands may be mixed; "--" ends
 * options, and "-" is an operand (standard input).  Typical use:
 *
 *   struct args a = args_start(self, argc, argv);
 *   while (args_next(&a)) {
 *     if (args_flag(&a, "-h", "--help")) ...
 *     else if (args_value(&a, "-n", NULL, &value)) ...
 *     else if (a.operand) ...
 *     else return args_unknown(&a);
 *   }
 *   if (a.failed) return EXIT_USAGE;
 */
struct args {
  const struct command *cmd;
  int argc;
  char **argv;
  int next;         /* index of the next argument to look at */
  const char *arg;  /* the current argument */
  int operand;      /* the current argument is an operand, not an option */
  int options_done; /* "--" was seen */
  int failed;       /* a usage error was printed */
};

struct args args_start(const struct command *cmd, int argc, char **argv);
/* Moves to the next argument; 0 when there are no more or after an error. */
int args_next(struct args *a);
/* Whether the current argument is the flag short_name or long_name (either
 * may be NULL). */
int args_flag(const struct args *a, const char *short_name, const char *long_name);
/* Whether the current argument is an option taking a value: "-n 5", "-n5",
 * "--by bytes", "--by=bytes".  Sets *value; a missing value is a usage error
 * (a->failed is set, and 1 is returned so that no other branch runs). */
int args_value(struct args *a, const char *short_name, const char *long_name,
               const char **value);
/* Reports the current argument as an unknown option; returns EXIT_USAGE. */
int args_unknown(struct args *a);

/* The checks every command makes after its options: no earlier usage
 * error, the output given when the command requires one (output_option is
 * how usage errors name it, e.g. "-o OUT"; NULL when there is none), and
 * at least one report.  Returns 0, or prints the error and returns
 * EXIT_USAGE. */
int args_check(struct args *a, const char *output_option, const char *output,
               size_t num_reports);

/* Parses a non-negative decimal count for option `option`; prints a usage
 * error and returns -1 if value is not one. */
int args_parse_count(struct args *a, const char *option, const char *value, size_t *out);

/*
 * Loads every report in paths and sums them by site ID (report_model.h)
 * into *out.  Prints the error and returns EXIT_BAD_INPUT if any report is
 * unreadable or invalid, or if they cannot be combined.
 */
int load_summed_reports(char **paths, size_t n, struct as_report *out);

#endif
