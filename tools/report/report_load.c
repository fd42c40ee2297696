/*
 * report_load.c - reads one report, from a file (or standard input) or from
 * memory, with jansson, turns JSON syntax errors into the tool's one-line
 * messages, and hands the document to the validator (report_validate.c).
 *
 * Validation is complete before anything is returned: a command either gets
 * a whole, consistent model or one error line, never a partial table.
 */
#define _POSIX_C_SOURCE 200809L
#include "report_model.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report_validate.h"
#include "text.h"
#include "util.h"

static char *json_failure(const char *name, const json_error_t *jerr) {
  char *text = text_escape(jerr->text, 0);
  char *msg;
  switch (json_error_code(jerr)) {
  case json_error_premature_end_of_input:
    if (jerr->position == 0) {
      msg = xasprintf("%s: empty file (not an allocsite report)", name);
      break;
    }
    /* The runtime renames a complete file into place, so a cut-off report
     * was copied or written by something else. */
    msg = xasprintf("%s:%d:%d: truncated JSON: %s", name, jerr->line, jerr->column, text);
    break;
  case json_error_numeric_overflow:
    msg = xasprintf("%s:%d:%d: number out of range: %s (allocsite-report reads integers up to "
                    "2^63-1)",
                    name, jerr->line, jerr->column, text);
    break;
  default:
    msg = xasprintf("%s:%d:%d: invalid JSON: %s", name, jerr->line, jerr->column, text);
    break;
  }
  free(text);
  return msg;
}

/* Checks the parsed document root (NULL: jerr says why it did not parse)
 * into out, whose source is set; consumes root. */
static int from_document(json_t *root, const json_error_t *jerr, struct as_report *out,
                         char **error) {
  if (!root) {
    *error = json_failure(out->source, jerr);
    as_report_free(out);
    return -1;
  }
  int status = as_report_validate(root, out, error);
  json_decref(root);
  if (status != 0) {
    as_report_free(out);
    return -1;
  }
  return 0;
}

int as_report_load(const char *path, struct as_report *out, char **error) {
  memset(out, 0, sizeof *out);
  *error = NULL;
  int from_stdin = strcmp(path, "-") == 0;
  /* Set first: messages about sites listed twice name the report by it. */
  out->source = from_stdin ? xstrdup("<stdin>") : text_escape(path, 0);
  out->num_inputs = 1;
  const char *name = out->source;

  FILE *f = from_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    *error = xasprintf("cannot open '%s': %s", name, strerror(errno));
    as_report_free(out);
    return -1;
  }
  /* jansson would read a directory as an empty document. */
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    *error = xasprintf("cannot read '%s': %s", name, strerror(EISDIR));
    if (!from_stdin)
      fclose(f);
    as_report_free(out);
    return -1;
  }

  json_error_t jerr;
  errno = 0;
  json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
  int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
  if (!from_stdin)
    fclose(f);
  if (read_errno) {
    *error = xasprintf("cannot read '%s': %s", name, strerror(read_errno));
    json_decref(root);
    as_report_free(out);
    return -1;
  }
  return from_document(root, &jerr, out, error);
}

int as_report_parse(const char *name, const void *data, size_t len, struct as_report *out,
                         char **error) {
  memset(out, 0, sizeof *out);
  *error = NULL;
  out->source = text_escape(name, 0);
  out->num_inputs = 1;
  json_error_t jerr;
  json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
  return from_document(root, &jerr, out, error);
}
