/*
 * output.c - whole-or-absent output files (see output.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"
#include "util.h"

struct output {
  FILE *file; /* write here */
  char *path; /* the target; "-" for standard output */
  char *temp; /* the temporary file, NULL for standard output */
};

static void cannot_write(const char *path, int err) {
  char *shown = text_escape(path, 0);
  report_error("cannot write '%s': %s", shown, strerror(err));
  free(shown);
}

static int output_open(struct output *o, const char *path) {
  memset(o, 0, sizeof *o);
  o->path = xstrdup(path);
  if (strcmp(path, "-") == 0) {
    o->file = stdout;
    return 0;
  }
  o->temp = xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(o->temp);
  if (fd < 0 || !(o->file = fdopen(fd, "wb"))) {
    cannot_write(path, errno);
    if (fd >= 0) {
      close(fd);
      unlink(o->temp);
    }
    free(o->temp);
    free(o->path);
    memset(o, 0, sizeof *o);
    return -1;
  }
  /* mkstemp's 0600 would make a shared profile unreadable to others;
   * give it what a plain fopen would under the user's umask. */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  return 0;
}

static void output_abandon(struct output *o) {
  if (o->temp) {
    fclose(o->file);
    unlink(o->temp);
  }
  free(o->temp);
  free(o->path);
  memset(o, 0, sizeof *o);
}

static int output_commit(struct output *o) {
  int err = 0;
  if (!o->temp) {
    if (fflush(o->file) != 0 || ferror(o->file))
      err = errno ? errno : EIO;
  } else {
    errno = 0;
    if (fflush(o->file) != 0 || ferror(o->file))
      err = errno ? errno : EIO;
    if (fclose(o->file) != 0 && !err)
      err = errno ? errno : EIO;
    if (!err && rename(o->temp, o->path) != 0)
      err = errno;
    if (err)
      unlink(o->temp);
  }
  if (err)
    cannot_write(o->path, err);
  free(o->temp);
  free(o->path);
  memset(o, 0, sizeof *o);
  return err ? -1 : 0;
}

int output_write(const char *path, int (*write)(FILE *file, void *context, char **error),
                 void *context) {
  struct output out;
  char *error = NULL;
  if (output_open(&out, path) != 0)
    return -1;
  if (write(out.file, context, &error) != 0) {
    char *shown = text_escape(path, 0);
    report_error("cannot write '%s': %s", shown, error ? error : "write failed");
    free(shown);
    free(error);
    output_abandon(&out);
    return -1;
  }
  return output_commit(&out);
}
