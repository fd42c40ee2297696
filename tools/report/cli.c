/*
 * cli.c - the command-line helpers every command shares (see commands.h),
 * so that all commands spell options, errors and exit statuses alike.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "text.h"

void command_help(const struct command *cmd, FILE *out) {
  fprintf(out, "usage: " TOOL_NAME " %s\n\n%s", cmd->usage, cmd->help);
}

int usage_error(const struct command *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = xvasprintf(fmt, ap);
  va_end(ap);
  report_error("%s", msg);
  free(msg);
  fprintf(stderr, "usage: " TOOL_NAME " %s\n", cmd->usage);
  fprintf(stderr, "Run '" TOOL_NAME " %s --help' for details.\n", cmd->name);
  return EXIT_USAGE;
}

struct args args_start(const struct command *cmd, int argc, char **argv) {
  struct args a = {cmd, argc, argv, 1, NULL, 0, 0, 0};
  return a;
}

int args_next(struct args *a) {
  for (;;) {
    if (a->failed || a->next >= a->argc)
      return 0;
    a->arg = a->argv[a->next++];
    a->operand = a->options_done || a->arg[0] != '-' || strcmp(a->arg, "-") == 0;
    if (!a->operand && strcmp(a->arg, "--") == 0) {
      a->options_done = 1;
      continue;
    }
    return 1;
  }
}

int args_flag(const struct args *a, const char *short_name, const char *long_name) {
  return !a->operand && ((short_name && strcmp(a->arg, short_name) == 0) ||
                         (long_name && strcmp(a->arg, long_name) == 0));
}

int args_value(struct args *a, const char *short_name, const char *long_name,
               const char **value) {
  if (a->operand)
    return 0;
  const char *name = NULL;
  size_t n;
  if (short_name && strncmp(a->arg, short_name, (n = strlen(short_name))) == 0) {
    name = short_name;
    if (a->arg[n]) {
      *value = a->arg + n; /* -n5 */
      return 1;
    }
  } else if (long_name && strncmp(a->arg, long_name, (n = strlen(long_name))) == 0 &&
             (a->arg[n] == '=' || !a->arg[n])) {
    name = long_name;
    if (a->arg[n] == '=') {
      *value = a->arg + n + 1; /* --by=bytes */
      return 1;
    }
  }
  if (!name)
    return 0;
  if (a->next >= a->argc) {
    usage_error(a->cmd, "option '%s' needs a value", name);
    a->failed = 1;
    return 1;
  }
  *value = a->argv[a->next++];
  return 1;
}

int args_unknown(struct args *a) {
  char *arg = text_escape(a->arg, 0);
  usage_error(a->cmd, "unknown option '%s'", arg);
  free(arg);
  a->failed = 1;
  return EXIT_USAGE;
}

int args_check(struct args *a, const char *output_option, const char *output,
               size_t num_reports) {
  if (!a->failed && output_option && !output)
    usage_error(a->cmd, "no output given (%s)", output_option), a->failed = 1;
  else if (!a->failed && num_reports == 0)
    usage_error(a->cmd, "no report given"), a->failed = 1;
  return a->failed ? EXIT_USAGE : 0;
}

int args_parse_count(struct args *a, const char *option, const char *value, size_t *out) {
  int ok = value[0] != '\0';
  for (const char *p = value; ok && *p; p++)
    ok = *p >= '0' && *p <= '9';
  unsigned long long v = 0;
  if (ok) {
    errno = 0;
    v = strtoull(value, NULL, 10);
    ok = errno == 0 && v <= SIZE_MAX;
  }
  if (!ok) {
    char *shown = text_escape(value, 64);
    usage_error(a->cmd, "%s expects a non-negative integer, got '%s'", option, shown);
    free(shown);
    a->failed = 1;
    return -1;
  }
  *out = (size_t)v;
  return 0;
}

int load_summed_reports(char **paths, size_t n, struct as_report *out) {
  struct as_report *reports = xcalloc(n, sizeof *reports);
  char *error = NULL;
  int status = EXIT_OK;
  size_t loaded = 0;
  for (; loaded < n; loaded++)
    if (as_report_load(paths[loaded], &reports[loaded], &error) != 0) {
      status = EXIT_BAD_INPUT;
      break;
    }
  if (status == EXIT_OK && as_report_merge(reports, n, out, &error) != 0)
    status = EXIT_BAD_INPUT;
  if (status != EXIT_OK) {
    report_error("%s", error);
    free(error);
  }
  for (size_t i = 0; i < loaded; i++)
    as_report_free(&reports[i]);
  free(reports);
  return status;
}
