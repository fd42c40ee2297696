/*
 * hidden_frames.c - the frames `top --skip-wrappers` looks past (see
 * hidden_frames.h).
 *
 * Default patterns are anchored and end at the name: symbolized C++ names
 * carry their parameter list ("operator new(unsigned long)"), C names do
 * not, so each ends in "(\(|$)" - xmalloc matches, xmalloc_stats does not.
 */
#define _POSIX_C_SOURCE 200809L
#include "hidden_frames.h"

#include <regex.h>
#include <stdlib.h>

#include "util.h"

#define NAME_END "(\\(|$)"

const char *const hidden_frames_default[] = {
    /* The allocator entry points themselves (frames inside libc's own
     * strdup or getline call malloc too). */
    "^(malloc|calloc|realloc|reallocarray|free|aligned_alloc|posix_memalign|memalign|valloc|"
    "pvalloc|strdup|strndup|__libc_malloc|__libc_calloc|__libc_realloc)" NAME_END,
    "^operator (new|delete)(\\[\\])?" NAME_END,
    /* C++ standard library allocators. */
    "^(std::|__gnu_cxx::)(__new_allocator|new_allocator|allocator_traits)<.*>::allocate" NAME_END,
    "^std::_Vector_base<.*>::_M_allocate" NAME_END,
    /* Common C wrappers: GNU/BSD x*, GLib, Redis, SQLite, Lua, cJSON. */
    "^(xmalloc|xcalloc|xrealloc|xreallocarray|xzalloc|xstrdup|xstrndup|xmemdup)" NAME_END,
    "^g_(malloc|malloc0|realloc|try_malloc|try_malloc0|try_realloc|malloc_n|malloc0_n|"
    "realloc_n|new|new0|renew|strdup|strndup|memdup|memdup2|slice_alloc|slice_alloc0)" NAME_END,
    "^(zmalloc|zcalloc|zrealloc|ztrymalloc|ztrycalloc|ztryrealloc|zstrdup)[A-Za-z_]*" NAME_END,
    "^(sqlite3Malloc|sqlite3MallocZero|sqlite3Realloc|sqlite3DbMalloc|sqlite3DbRealloc|"
    "sqlite3DbStrDup|sqlite3DbStrNDup)[A-Za-z]*" NAME_END,
    "^luaM_[A-Za-z_]+" NAME_END,
    "^l_alloc" NAME_END,
    "^(cJSON_malloc|cJSON_strdup|internal_malloc|internal_realloc|cJSON_New_Item)" NAME_END,
    NULL,
};

struct hidden_frames {
  regex_t *regexes;
  size_t count;
};

struct hidden_frames *hidden_frames_new(void) {
  struct hidden_frames *h = xcalloc(1, sizeof *h);
  for (size_t i = 0; hidden_frames_default[i]; i++) {
    char *error = NULL;
    if (hidden_frames_add(h, hidden_frames_default[i], &error) != 0) {
      /* A bug in the list above, not the user's. */
      report_error("internal: %s", error);
      abort();
    }
  }
  return h;
}

int hidden_frames_add(struct hidden_frames *h, const char *regex, char **error) {
  h->regexes = xreallocarray(h->regexes, h->count + 1, sizeof *h->regexes);
  int rc = regcomp(&h->regexes[h->count], regex, REG_EXTENDED | REG_NOSUB);
  if (rc != 0) {
    char msg[256];
    regerror(rc, &h->regexes[h->count], msg, sizeof msg);
    *error = xasprintf("invalid regular expression '%s': %s", regex, msg);
    return -1;
  }
  h->count++;
  return 0;
}

int hidden_frames_match(const struct hidden_frames *h, const char *function) {
  if (!function)
    return 0;
  for (size_t i = 0; i < h->count; i++)
    if (regexec(&h->regexes[i], function, 0, NULL, 0) == 0)
      return 1;
  return 0;
}

void hidden_frames_free(struct hidden_frames *h) {
  if (!h)
    return;
  for (size_t i = 0; i < h->count; i++)
    regfree(&h->regexes[i]);
  free(h->regexes);
  free(h);
}
