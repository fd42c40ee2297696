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

static int is_bitcode_data(const unsigned char *p, size_t n) {
  static const unsigned char raw[4] = {'B', 'C', 0xC0, 0xDE};
  static const unsigned char wrapper[4] = {0xDE, 0xC0, 0x17, 0x0B}; /* 0x0B17C0DE, little-endian */
  return n >= 4 && (memcmp(p, raw, 4) == 0 || memcmp(p, wrapper, 4) == 0);
}

int wp_is_bitcode(const char *path) {
  unsigned char magic[4];
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  size_t got = fread(magic, 1, sizeof magic, fp);
  fclose(fp);
  return is_bitcode_data(magic, got);
}

static int executable(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
}

int wp_command_path(const char *compiler, char *out) {
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

const char *wp_find_tool(const char *compiler, const char *name, const char *env_override) {
  const char *env = getenv(env_override);
  if (env && *env)
    return env;
  char real[PATH_MAX];
  if (wp_command_path(compiler, real) != 0)
    return NULL;
  char *slash = strrchr(real, '/');
  if (!slash)
    return NULL;
  *slash = '\0';
  /* The LLVM a clang belongs to keeps its tools in the clang's directory
   * (Debian's /usr/lib/llvm-N/bin, an LLVM build's bin/): a tool of another
   * version may not read this clang's bitcode. */
  size_t n = strlen(real) + 1 + strlen(name) + 1;
  char *found = malloc(n);
  if (!found)
    return NULL;
  snprintf(found, n, "%s/%s", real, name);
  if (executable(found))
    return found;
  free(found);
  return NULL;
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


/* Reads all of PATH; NULL with errno set on failure. */
static unsigned char *read_all(const char *path, size_t *size) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  unsigned char *data = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? 2 * cap : 1 << 16;
      unsigned char *more = realloc(data, cap);
      if (!more) {
        free(data);
        fclose(fp);
        errno = ENOMEM;
        return NULL;
      }
      data = more;
    }
    size_t got = fread(data + len, 1, cap - len, fp);
    len += got;
    if (got == 0)
      break;
  }
  int failed = ferror(fp);
  fclose(fp);
  if (failed) {
    free(data);
    errno = EIO;
    return NULL;
  }
  *size = len;
  return data;
}

static int write_file(const char *path, const unsigned char *data, size_t n) {
  FILE *fp = fopen(path, "wb");
  if (!fp)
    return -1;
  int ok = fwrite(data, 1, n, fp) == n;
  return fclose(fp) == 0 && ok ? 0 : -1;
}

/* The GNU and BSD ar formats (what ar and llvm-ar write on Linux): after
 * "!<arch>\n", each member is a 60-byte header (name[16] date[12] uid[6]
 * gid[6] mode[8] size[10] "`\n") and its data, padded to an even size.
 * GNU names end in '/', "/" and "/SYM64/" are symbol tables, "//" holds
 * long names, referred to as "/OFFSET"; BSD names "#1/LEN" precede the
 * data. */
int wp_is_archive(const char *path) {
  char head[8];
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return 0;
  size_t got = fread(head, 1, sizeof head, fp);
  fclose(fp);
  return got == sizeof head && memcmp(head, "!<arch>\n", 8) == 0;
}

struct parsed_member {
  char name[256];
  const unsigned char *content;
  size_t size;
};

/* The members of an archive in DATA, in order, but its symbol and name
 * tables.  Returns their count, or -1 with *error set. */
static long parse_archive(const unsigned char *data, size_t size, struct parsed_member **out,
                          const char **error) {
  struct parsed_member *list = NULL;
  long count = 0;
  const char *long_names = NULL;
  size_t long_names_size = 0;
  size_t at = 8;
  *error = NULL;
  while (at < size && !*error) {
    if (size - at < 60 || memcmp(data + at + 58, "`\n", 2) != 0) {
      *error = "malformed archive member header";
      break;
    }
    const char *h = (const char *)data + at;
    char size_text[11];
    memcpy(size_text, h + 48, 10);
    size_text[10] = '\0';
    char *end;
    unsigned long long member_size = strtoull(size_text, &end, 10);
    size_t body = at + 60;
    if (end == size_text || member_size > size - body) {
      *error = "archive member larger than the archive";
      break;
    }
    at = body + (size_t)member_size + (member_size & 1);
    struct parsed_member m = {"", data + body, (size_t)member_size};
    size_t name_len = 16;
    while (name_len && h[name_len - 1] == ' ')
      name_len--;
    if ((name_len == 1 && h[0] == '/') || (name_len == 7 && memcmp(h, "/SYM64/", 7) == 0))
      continue; /* GNU symbol tables */
    if (name_len == 2 && memcmp(h, "//", 2) == 0) {
      long_names = (const char *)m.content;
      long_names_size = m.size;
      continue;
    }
    if (name_len > 1 && h[0] == '/') {
      unsigned long offset = strtoul(h + 1, NULL, 10);
      if (!long_names || offset >= long_names_size) {
        *error = "archive member names a missing long name";
        break;
      }
      size_t n = 0;
      while (offset + n < long_names_size && long_names[offset + n] != '/' &&
             long_names[offset + n] != '\n')
        n++;
      snprintf(m.name, sizeof m.name, "%.*s", (int)n, long_names + offset);
    } else if (name_len > 3 && memcmp(h, "#1/", 3) == 0) {
      size_t n = strtoul(h + 3, NULL, 10);
      if (n > m.size) {
        *error = "malformed BSD archive member name";
        break;
      }
      snprintf(m.name, sizeof m.name, "%.*s", (int)n, (const char *)m.content);
      m.content += n;
      m.size -= n;
      if (strncmp(m.name, "__.SYMDEF", 9) == 0)
        continue;
    } else {
      if (name_len && h[name_len - 1] == '/')
        name_len--;
      snprintf(m.name, sizeof m.name, "%.*s", (int)name_len, h);
    }
    struct parsed_member *more = realloc(list, (size_t)(count + 1) * sizeof *list);
    if (!more) {
      *error = "out of memory";
      break;
    }
    list = more;
    list[count++] = m;
  }
  if (*error) {
    free(list);
    return -1;
  }
  *out = list;
  return count;
}

/* The GNU and BSD ar formats (what ar and llvm-ar write on Linux): after
 * "!<arch>\n", each member is a 60-byte header (name[16] date[12] uid[6]
 * gid[6] mode[8] size[10] "`\n") and its data, padded to an even size.
 * GNU names end in '/', "/" and "/SYM64/" are symbol tables, "//" holds
 * long names, referred to as "/OFFSET"; BSD names "#1/LEN" precede the
 * data.  Thin archives ("!<thin>\n") are not read: their members are files
 * elsewhere, left to the linker. */
int wp_extract_bitcode_archive(const char *path, struct wp_member **members, const char **error) {
  if (!wp_is_archive(path))
    return 0;
  size_t size;
  unsigned char *data = read_all(path, &size);
  if (!data) {
    *error = strerror(errno);
    return -1;
  }
  struct parsed_member *parsed;
  long count = parse_archive(data, size, &parsed, error);
  if (count < 0) {
    free(data);
    return -1;
  }
  int any_bitcode = 0;
  for (long i = 0; i < count; i++)
    any_bitcode |= is_bitcode_data(parsed[i].content, parsed[i].size);
  struct wp_member *list = any_bitcode ? calloc((size_t)count, sizeof *list) : NULL;
  if (any_bitcode && !list)
    *error = "out of memory";
  for (long i = 0; list && i < count && !*error; i++) {
    const char *slash = strrchr(parsed[i].name, '/');
    const char *base = slash ? slash + 1 : parsed[i].name;
    char dir_name[32];
    snprintf(dir_name, sizeof dir_name, "m%ld", i);
    char *dir = wp_temp_file(dir_name);
    size_t file_len = dir ? strlen(dir) + 1 + strlen(base) + 16 : 0;
    char *file = dir ? malloc(file_len) : NULL;
    if (!file) {
      *error = "out of memory";
      break;
    }
    snprintf(file, file_len, "%s/%s", dir, *base ? base : "member.o");
    if (mkdir(dir, 0700) != 0 || wp_remember(file) != 0 ||
        write_file(file, parsed[i].content, parsed[i].size) != 0) {
      *error = strerror(errno);
      break;
    }
    list[i].path = file;
    list[i].bitcode = is_bitcode_data(parsed[i].content, parsed[i].size);
  }
  free(parsed);
  free(data);
  if (*error || !any_bitcode) {
    free(list);
    return *error ? -1 : 0;
  }
  *members = list;
  return (int)count;
}

int wp_remember(char *path) {
  char **more = realloc(temp_files, (num_temp_files + 1) * sizeof *temp_files);
  if (!more)
    return -1;
  temp_files = more;
  temp_files[num_temp_files++] = path;
  return 0;
}

char *wp_temp_file(const char *name) {
  size_t n = strlen(temp_dir) + 1 + strlen(name) + 1;
  char *path = malloc(n);
  if (!path)
    return NULL;
  snprintf(path, n, "%s/%s", temp_dir, name);
  if (wp_remember(path) != 0) {
    free(path);
    return NULL;
  }
  return path;
}

void wp_cleanup(void) {
  if (!temp_dir[0] || getenv("ALLOCSITE_KEEP_TEMPS"))
    return;
  /* Newest first: a directory's files were remembered after it. */
  for (size_t i = num_temp_files; i-- > 0;)
    if (unlink(temp_files[i]) != 0)
      rmdir(temp_files[i]);
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
