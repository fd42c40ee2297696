/*
 * report_writer.c - writes the JSON report (format documented in README.md,
 * "Report format").
 *
 * The report is either complete or absent: it is written to a temporary file
 * beside the target and renamed over it only after every byte reached the
 * file (a character device or FIFO is written directly).  Output goes through one static buffer and write(2), never stdio or
 * malloc, because this runs inside exit handlers of arbitrary programs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt_internal.h"


struct json_out {
  int fd;
  int failed_errno; /* first write error, 0 if none */
  size_t used;
  char buf[64 * 1024];
};

static void flush_out(struct json_out *out) {
  size_t done = 0;
  while (done < out->used && !out->failed_errno) {
    ssize_t n = write(out->fd, out->buf + done, out->used - done);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      out->failed_errno = errno;
    } else {
      done += (size_t)n;
    }
  }
  out->used = 0;
}

static void put_bytes(struct json_out *out, const char *s, size_t n) {
  while (n) {
    if (out->used == sizeof out->buf)
      flush_out(out);
    size_t room = sizeof out->buf - out->used;
    size_t take = n < room ? n : room;
    memcpy(out->buf + out->used, s, take);
    out->used += take;
    s += take;
    n -= take;
  }
}

static void put(struct json_out *out, const char *s) { put_bytes(out, s, strlen(s)); }

static void put_u64(struct json_out *out, uint64_t v) {
  char digits[24];
  int n = snprintf(digits, sizeof digits, "%" PRIu64, v);
  put_bytes(out, digits, (size_t)n);
}

/* {"objects": N, "bytes": M} */
static void put_counts(struct json_out *out, struct allocsite_count c) {
  put(out, "{\"objects\": ");
  put_u64(out, c.objects);
  put(out, ", \"bytes\": ");
  put_u64(out, c.bytes);
  put(out, "}");
}

/* A JSON string, or null.  Bytes >= 0x80 pass through: paths and names are
 * UTF-8 in practice, and a reader rejects invalid UTF-8 with a clear error. */
static void put_string(struct json_out *out, const char *s) {
  if (!s) {
    put(out, "null");
    return;
  }
  put(out, "\"");
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    char esc[8];
    switch (*c) {
    case '"': put(out, "\\\""); break;
    case '\\': put(out, "\\\\"); break;
    case '\n': put(out, "\\n"); break;
    case '\t': put(out, "\\t"); break;
    case '\r': put(out, "\\r"); break;
    default:
      if (*c < 0x20) {
        snprintf(esc, sizeof esc, "\\u%04x", *c);
        put(out, esc);
      } else {
        put_bytes(out, (const char *)c, 1);
      }
    }
  }
  put(out, "\"");
}

static const char *verdict_name(uint32_t verdict) {
  switch (verdict) {
#define ALLOCSITE_VERDICT(Id, Value, ReportName)                                               \
  case Value:                                                                                  \
    return ReportName;
#include "allocsite_abi.inc"
  }
  return "unknown";
}

/* [{"file": ..., "line": ..., "column": ..., "function": ...}, ...] */
static void put_frames(struct json_out *out, const struct allocsite_frame *frames, uint32_t n) {
  put(out, "[");
  for (uint32_t k = 0; k < n; k++) {
    const struct allocsite_frame *f = &frames[k];
    put(out, k ? ", {\"file\": " : "{\"file\": ");
    put_string(out, f->file);
    put(out, ", \"line\": ");
    put_u64(out, f->line);
    put(out, ", \"column\": ");
    put_u64(out, f->column);
    put(out, ", \"function\": ");
    put_string(out, f->function);
    put(out, "}");
  }
  put(out, "]");
}

struct report_pass {
  struct json_out *out;
  struct rt_site_totals totals; /* of the values written (totals.c) */
  int first_site;
};

/* The site's size histogram, ALLOCSITE_SIZE_BUCKETS counts (allocsite_abi.h,
 * SIZE HISTOGRAMS: two buckets per count slot), or null for a site without
 * one.  Read once here like the site's own counts; a thread allocating
 * meanwhile may make their sum differ from "objects" by what it added in
 * between, so readers take the histogram as a distribution, not a total. */
static void put_sizes(struct json_out *out, const struct allocsite_module *m,
                      const struct allocsite_site *s) {
  if (!s->sizes || s->sizes + ALLOCSITE_SIZE_BUCKETS / 2 > m->num_counts) {
    put(out, "null");
    return;
  }
  put(out, "[");
  for (uint32_t k = 0; k < ALLOCSITE_SIZE_BUCKETS / 2; k++) {
    struct allocsite_count pair = rt_site_count(m, s->sizes + k);
    put(out, k ? ", " : "");
    put_u64(out, pair.objects);
    put(out, ", ");
    put_u64(out, pair.bytes);
  }
  put(out, "]");
}

static void write_site(struct json_out *out, const struct allocsite_module *m,
                       const struct allocsite_site *s, uint64_t objects, uint64_t bytes) {
  char id[24];
  snprintf(id, sizeof id, "%016" PRIx64, s->id);
  put(out, "    {\"id\": \"");
  put(out, id);
  put(out, "\", \"file\": ");
  put_string(out, s->file);
  put(out, ", \"line\": ");
  put_u64(out, s->line);
  put(out, ", \"column\": ");
  put_u64(out, s->column);
  put(out, ", \"function\": ");
  put_string(out, s->function);
  put(out, ", \"module\": ");
  put_string(out, m->source);
  put(out, ", \"allocator\": ");
  put_string(out, s->allocator);
  put(out, ", \"inlined_at\": ");
  put_frames(out, s->inlined_at, s->num_inlined);
  put(out, ", \"merged\": ");
  put_frames(out, s->merged, s->num_merged);
  put(out, ", \"wrapper\": ");
  put_string(out, s->wrapper);
  put(out, ", \"sizes\": ");
  put_sizes(out, m, s);
  put(out, ", \"verdict\": \"");
  put(out, verdict_name(s->verdict));
  put(out, "\", \"reason\": ");
  if (s->reason_code) {
    put(out, "{\"code\": ");
    put_string(out, s->reason_code);
    put(out, ", \"message\": ");
    put_string(out, s->reason_message);
    put(out, "}");
  } else {
    put(out, "null");
  }
  put(out, ", \"flags\": [");
  const char *sep = "";
  static const struct {
    uint32_t bit;
    const char *name; /* NULL: never written */
  } flag_names[] = {
#define ALLOCSITE_SITE_FLAG(Id, Bit, ReportName) {1u << Bit, ReportName},
#include "allocsite_abi.inc"
  };
  for (size_t k = 0; k < sizeof flag_names / sizeof flag_names[0]; k++) {
    if ((s->flags & flag_names[k].bit) && flag_names[k].name) {
      put(out, sep);
      put_string(out, flag_names[k].name);
      sep = ", ";
    }
  }
  put(out, "], \"objects\": ");
  put_u64(out, objects);
  put(out, ", \"bytes\": ");
  put_u64(out, bytes);
  put(out, "}");
}

static void write_module_sites(const struct allocsite_module *m, void *ctx) {
  struct report_pass *pass = ctx;
  for (uint32_t i = 0; i < m->num_sites; i++) {
    /* The interposer's entry points and the modules' NESTED records are
     * heap counts, not sites: see write_heap_and_contexts. */
    if (m->sites[i].flags & (RT_SITE_HEAP_ENTRY | ALLOCSITE_SITE_NESTED))
      continue;
    put(pass->out, pass->first_site ? "\n" : ",\n");
    pass->first_site = 0;
    /* Each counter is read once, and the totals are summed from the values
     * written, so the document is self-consistent even while other threads
     * keep allocating. */
    struct allocsite_count c = rt_site_count(m, i);
    rt_site_totals_add(&pass->totals, &m->sites[i], c);
    write_site(pass->out, m, &m->sites[i], c.objects, c.bytes);
  }
}

struct contexts_pass {
  struct json_out *out;
  uint64_t objects, bytes;
  int first;
  int num_used;                   /* modules written so far */
  int out_index[MAX_MODULES];     /* snapshot index -> index in the report, or -1 */
  int used[MAX_MODULES];          /* report index -> snapshot index */
};

static void put_hex(struct json_out *out, uint64_t v) {
  char digits[24];
  int n = snprintf(digits, sizeof digits, "\"0x%" PRIx64 "\"", v);
  put_bytes(out, digits, (size_t)n);
}

static void write_context(const struct rt_context *c, void *ctx) {
  struct contexts_pass *pass = ctx;
  struct json_out *out = pass->out;
  put(out, pass->first ? "\n      {\"function\": " : ",\n      {\"function\": ");
  pass->first = 0;
  put_string(out, rt_heap_entry_names[c->entry]);
  put(out, ", \"objects\": ");
  put_u64(out, c->objects);
  put(out, ", \"bytes\": ");
  put_u64(out, c->bytes);
  put(out, ", \"frames\": [");
  for (uint32_t k = 0; k < c->depth; k++) {
    uintptr_t offset;
    int m = rt_module_lookup(c->frames[k], &offset);
    int index = -1;
    if (m >= 0) {
      if (pass->out_index[m] < 0) {
        pass->out_index[m] = pass->num_used;
        pass->used[pass->num_used++] = m;
      }
      index = pass->out_index[m];
    }
    put(out, k ? ", {\"module\": " : "{\"module\": ");
    if (index < 0)
      put(out, "-1");
    else
      put_u64(out, (uint64_t)index);
    put(out, ", \"offset\": ");
    put_hex(out, offset);
    put(out, "}");
  }
  put(out, "]}");
  pass->objects += c->objects;
  pass->bytes += c->bytes;
}

/* "contexts" then "heap".  The heap counts are read after the contexts, and
 * every allocation adds to its heap count before its context, so the heap
 * is never less than the contexts' sum even while threads keep allocating;
 * "dropped" is the difference (contexts not recorded: table full, recorded
 * after the snapshot, or no context at all). */
static void write_heap_and_contexts(struct json_out *out, struct rt_heap_counts *heap,
                                    int interposed) {
  static struct contexts_pass pass; /* static: too big for an exit path's stack */
  memset(&pass, 0, sizeof pass);
  pass.out = out;
  pass.first = 1;
  for (int i = 0; i < MAX_MODULES; i++)
    pass.out_index[i] = -1;
  if (rt_contexts_depth > 0) {
    rt_modules_snapshot();
    put(out, "  \"contexts\": {\"depth\": ");
    put_u64(out, (uint64_t)rt_contexts_depth);
    put(out, ", \"stacks\": [");
    rt_for_each_context(write_context, &pass);
    put(out, pass.first ? "],\n    \"modules\": [" : "\n    ],\n    \"modules\": [");
    for (int i = 0; i < pass.num_used; i++) {
      put(out, i ? ",\n      {\"path\": " : "\n      {\"path\": ");
      put_string(out, rt_module_path(pass.used[i]));
      put(out, ", \"build_id\": ");
      put_string(out, rt_module_build_id(pass.used[i]));
      put(out, "}");
    }
    put(out, pass.num_used ? "\n    ],\n" : "],\n");
  } else {
    put(out, "  \"contexts\": null,\n");
  }

  rt_heap_snapshot(heap);
  const struct allocsite_count *by_entry = heap->by_entry;
  uint64_t objects = 0, bytes = 0;
  for (int e = 0; e < RT_HEAP_NUM_ENTRIES; e++) {
    objects += by_entry[e].objects;
    bytes += by_entry[e].bytes;
  }
  if (rt_contexts_depth > 0) {
    put(out, "    \"dropped\": {\"objects\": ");
    put_u64(out, objects >= pass.objects ? objects - pass.objects : 0);
    put(out, ", \"bytes\": ");
    put_u64(out, bytes >= pass.bytes ? bytes - pass.bytes : 0);
    put(out, "}},\n");
  }
  put(out, "  \"heap\": {\"interposed\": ");
  put(out, interposed ? "true" : "false");
  put(out, ", \"objects\": ");
  put_u64(out, objects);
  put(out, ", \"bytes\": ");
  put_u64(out, bytes);
  put(out, ", \"by_function\": [");
  const char *sep = "";
  for (int e = 0; e < RT_HEAP_NUM_ENTRIES; e++) {
    if (!by_entry[e].objects)
      continue;
    put(out, sep);
    sep = ", ";
    put(out, "{\"function\": ");
    put_string(out, rt_heap_entry_names[e]);
    put(out, ", \"objects\": ");
    put_u64(out, by_entry[e].objects);
    put(out, ", \"bytes\": ");
    put_u64(out, by_entry[e].bytes);
    put(out, "}");
  }
  put(out, "]");
}

static void write_document(struct json_out *out) {
  char program[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", program, sizeof program - 1);
  program[n > 0 ? n : 0] = '\0';

  struct report_pass pass = {out, {{0, 0}, {0, 0}}, 1};
  put(out, "{\n  \"format\": \"allocsite\",\n  \"version\": ");
  put_u64(out, ALLOCSITE_REPORT_FORMAT_VERSION);
  put(out, ",\n  \"program\": ");
  put_string(out, n > 0 ? program : NULL);
  put(out, ",\n  \"pid\": ");
  put_u64(out, (uint64_t)getpid());
  put(out, ",\n  \"sites\": [");
  rt_for_each_module(write_module_sites, &pass);
  put(out, pass.first_site ? "],\n" : "\n  ],\n");
  /* After the sites: an allocation reaches the heap count before its site's
   * count, so read later the heap covers every site counted above. */
  /* Read once: the totals below must follow the "interposed" written. */
  int interposed = rt_heap_interposed();
  struct rt_heap_counts heap;
  write_heap_and_contexts(out, &heap, interposed);
  /* What of the heap the sites counted, and the program's total (totals.c),
   * both from the values written above. */
  struct allocsite_count at = rt_heap_at_sites(&pass.totals, &heap, interposed);
  put(out, ", \"at_sites\": ");
  put_counts(out, at);
  put(out, "},\n  \"totals\": ");
  put_counts(out, rt_program_total(&pass.totals, &heap, interposed));
  put(out, "\n}\n");
  flush_out(out);
}

static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;
static struct json_out writer_out; /* static: 64 KiB is too much stack for exit paths */

void rt_writer_lock(void) { pthread_mutex_lock(&writer_lock); }
void rt_writer_unlock(void) { pthread_mutex_unlock(&writer_lock); }

/* Writes the document to fd and closes it; returns 0 or an errno value. */
static int write_to_fd(int fd) {
  writer_out.fd = fd;
  writer_out.failed_errno = 0;
  writer_out.used = 0;
  write_document(&writer_out);
  int err = writer_out.failed_errno;
  if (close(fd) != 0 && !err)
    err = errno;
  return err;
}

/* A character device or FIFO (a terminal, /dev/full, a named pipe, also
 * behind a link such as /dev/stderr) cannot be replaced by renaming, and
 * replacing a device node as root would be destructive: the report is
 * written to it directly. */
static int is_stream(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

/* The file a symbolic link leads to, so that the rename replaces that file
 * and never the link (replacing /dev/stderr -> /proc/self/fd/2 would break
 * every later user of /dev/stderr).  A dangling link is replaced. */
static const char *final_target(const char *path, char *resolved) {
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode) || !realpath(path, resolved))
    return path;
  return resolved;
}

/* The temporary file: a new name (O_EXCL) that is not a symbolic link
 * (O_NOFOLLOW), so a file or link planted under the name is never written
 * through.  The pid keeps processes apart; the counter, earlier leftovers. */
static int open_temporary(const char *path, char *tmp, size_t size) {
  static unsigned serial;
  for (int attempt = 0; attempt < 100; attempt++) {
    int n = snprintf(tmp, size, "%s.tmp.%ld.%u", path, (long)getpid(), serial++);
    if (n < 0 || (size_t)n >= size) {
      errno = ENAMETOOLONG;
      return -1;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0 || errno != EEXIST)
      return fd;
  }
  return -1;
}

int rt_write_report(const char *pattern) {
  char path[PATH_MAX], tmp[PATH_MAX + 48];
  int saved_errno = errno;
  int status = rt_report_path(pattern, path, sizeof path);
  if (status != 0) {
    errno = saved_errno;
    return status < 0 ? -1 : 0;
  }
  int err = 0;

  pthread_mutex_lock(&writer_lock);
  if (is_stream(path)) {
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    err = fd < 0 ? errno : write_to_fd(fd);
  } else {
    char resolved[PATH_MAX];
    const char *target = final_target(path, resolved);
    int fd = open_temporary(target, tmp, sizeof tmp);
    if (fd < 0) {
      err = errno;
    } else {
      err = write_to_fd(fd);
      if (!err && rename(tmp, target) != 0)
        err = errno;
      if (err)
        unlink(tmp);
    }
  }
  if (err)
    rt_error("cannot write '%s': %s", path, strerror(err));
  pthread_mutex_unlock(&writer_lock);
  errno = saved_errno;
  return err ? -1 : 0;
}
