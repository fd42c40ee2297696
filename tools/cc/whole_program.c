/*
 * whole_program.c - services of allocsite-cc's whole-program -flto link
 * (see whole_program.h).
 */
#define _GNU_SOURCE
#include "whole_program.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int wp_is_bitcode(const char *path) {
  unsigned char magic[4];
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  size_t got = fread(magic, 1, sizeof magic, fp);
  fclose(fp);
  if (got != sizeof magic)
    return 0;
  static const unsigned char raw[4] = {'B', 'C', 0xC0, 0xDE};
  static const unsigned char wrapper[4] = {0xDE, 0xC0, 0x17, 0x0B}; /* 0x0B17C0DE, little-endian */
  return memcmp(magic, raw, 4) == 0 || memcmp(magic, wrapper, 4) == 0;
}

static int executable(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

/* COMPILER's real path: as given if it has a slash, else found in PATH. */
static int real_compiler_path(const char *compiler, char *out) {
  if (strchr(compiler, '/'))
    return realpath(compiler, out) ? 0 : -1;
  const char *path = getenv("PATH");
  char candidate[PATH_MAX];
  for (const char *dir = path; dir && *dir;) {
    const char *end = strchr(dir, ':');
    size_t len = end ? (size_t)(end - dir) : strlen(dir);
    if (snprintf(candidate, sizeof candidate, "%.*s/%s", (int)len, len ? dir : ".", compiler) <
            (int)sizeof candidate &&
        executable(candidate))
      return realpath(candidate, out) ? 0 : -1;
    dir = end ? end + 1 : NULL;
  }
  return -1;
}

const char *wp_find_llvm_link(const char *compiler) {
  const char *env = getenv("ALLOCSITE_LLVM_LINK");
  if (env && *env)
    return env;
  static char found[PATH_MAX + 16];
  char real[PATH_MAX];
  if (real_compiler_path(compiler, real) != 0)
    return NULL;
  char *slash = strrchr(real, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  /* The LLVM a clang belongs to keeps its tools in the clang's directory
   * (Debian's /usr/lib/llvm-N/bin, an LLVM build's bin/): an llvm-link of
   * another version may not read this clang's bitcode. */
  snprintf(found, sizeof found, "%s/llvm-link", real);
  return executable(found) ? found : NULL;
}

static char temp_dir[PATH_MAX];
static char **temp_files;
static size_t num_temp_files;

const char *wp_temp_dir(void) {
  const char *base = getenv("TMPDIR");
  if (!base || !*base)
    base = "/tmp";
  if (snprintf(temp_dir, sizeof temp_dir, "%s/allocsite-cc.XXXXXX", base) >= (int)sizeof temp_dir)
    return NULL;
  return mkdtemp(temp_dir);
}

char *wp_temp_file(const char *name) {
  size_t n = strlen(temp_dir) + 1 + strlen(name) + 1;
  char *path = malloc(n);
  char **more = realloc(temp_files, (num_temp_files + 1) * sizeof *temp_files);
  if (!path || !more) {
    free(path);
    return NULL;
  }
  temp_files = more;
  snprintf(path, n, "%s/%s", temp_dir, name);
  temp_files[num_temp_files++] = path;
  return path;
}

void wp_cleanup(void) {
  if (!temp_dir[0] || getenv("ALLOCSITE_KEEP_TEMPS"))
    return;
  for (size_t i = 0; i < num_temp_files; i++)
    unlink(temp_files[i]);
  rmdir(temp_dir);
}

int wp_run(const char *tool, char *const *argv, int *signal_out) {
  *signal_out = 0;
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "%s: error: cannot run '%s': %s\n", tool, argv[0], strerror(errno));
    _exit(errno == ENOENT ? 127 : 126);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  if (WIFSIGNALED(status)) {
    *signal_out = WTERMSIG(status);
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}
