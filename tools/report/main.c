/*
 * main.c - allocsite-report: reads the JSON reports that programs built with
 * the allocsite plugin write at exit.  This file only dispatches to the
 * commands (cmd_*.c) and prints the tool's own usage and version.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "text.h"

#ifndef ALLOCSITE_VERSION
#define ALLOCSITE_VERSION "unknown"
#endif

static const struct command *const commands[] = {
    &cmd_top,
    &cmd_list,
    &cmd_merge,
    &cmd_diff,
    &cmd_pprof,
    &cmd_html,
};
#define NUM_COMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *out) {
  fputs("usage: " TOOL_NAME " COMMAND [OPTIONS] REPORT...\n"
        "       " TOOL_NAME " help [COMMAND]\n"
        "\n"
        "Reads the JSON reports (allocsite.json) that programs instrumented by\n"
        "allocsite write at exit.\n"
        "\n"
        "Commands:\n",
        out);
  for (size_t i = 0; i < NUM_COMMANDS; i++)
    fprintf(out, "  %-8s %s\n", commands[i]->name, commands[i]->summary);
  fprintf(out, "  %-8s %s\n", "help", "show this help, or a command's");
  fputs("\n"
        "Options:\n"
        "  -h, --help  show this help\n"
        "  --version   show the version\n"
        "\n"
        "Run '" TOOL_NAME " COMMAND --help' for a command's options.\n"
        "Exit status: 0 on success, 1 if a report cannot be read or is invalid,\n"
        "2 on a usage error.\n",
        out);
}

/* "allocsite-report: error: <what> '<arg>'" and where to find the usage. */
static int usage_failure(const char *what, const char *arg) {
  char *shown = text_escape(arg, 64);
  report_error("%s '%s'", what, shown);
  free(shown);
  fputs("Run '" TOOL_NAME " --help' for usage.\n", stderr);
  return EXIT_USAGE;
}

static const struct command *find_command(const char *name) {
  for (size_t i = 0; i < NUM_COMMANDS; i++)
    if (strcmp(commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

static int run(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *first = argv[1];
  if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0) {
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(first, "--version") == 0) {
    printf(TOOL_NAME " " ALLOCSITE_VERSION " (reads allocsite report format versions %d to %d)\n",
           AS_REPORT_FORMAT_OLDEST, AS_REPORT_FORMAT_VERSION);
    return EXIT_OK;
  }
  if (strcmp(first, "help") == 0) {
    if (argc == 2) {
      usage(stdout);
      return EXIT_OK;
    }
    const struct command *cmd = find_command(argv[2]);
    if (!cmd)
      return usage_failure("unknown command", argv[2]);
    if (argc > 3)
      return usage_failure("unexpected argument", argv[3]);
    command_help(cmd, stdout);
    return EXIT_OK;
  }
  if (first[0] == '-')
    return usage_failure("unknown option", first);
  const struct command *cmd = find_command(first);
  if (!cmd)
    return usage_failure("unknown command", first);
  return cmd->run(cmd, argc - 1, argv + 1);
}

int main(int argc, char **argv) {
  int status = run(argc, argv);
  /* A full disk or closed pipe must not look like success. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    report_error("cannot write output: %s", strerror(errno ? errno : EIO));
    return EXIT_BAD_INPUT;
  }
  return status;
}
