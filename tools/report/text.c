/*
 * text.c - terminal-safe escaping and width of UTF-8 text (see text.h).
 */
#include "text.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

struct buf {
  char *data;
  size_t len, cap;
};

static void buf_put(struct buf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->data = xrealloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

/* Length of the UTF-8 sequence starting with byte c (1 for stray bytes, so
 * text that is not UTF-8 after all still advances byte by byte). */
static size_t utf8_len(unsigned char c) {
  if (c >= 0xf0 && c < 0xf8)
    return 4;
  if (c >= 0xe0)
    return c < 0xf0 ? 3 : 1;
  if (c >= 0xc0)
    return 2;
  return 1;
}

char *text_escape(const char *s, size_t max_chars) {
  struct buf b = {NULL, 0, 0};
  buf_put(&b, "", 0);
  size_t chars = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    if (max_chars && chars == max_chars) {
      buf_put(&b, "...", 3);
      break;
    }
    size_t n = utf8_len(*p);
    for (size_t k = 1; k < n; k++)
      if ((p[k] & 0xc0) != 0x80) {
        n = 1; /* truncated sequence: escape the lead byte alone */
        break;
      }
    char esc[16];
    if (*p == '\n') {
      buf_put(&b, "\\n", 2);
    } else if (*p == '\t') {
      buf_put(&b, "\\t", 2);
    } else if (*p < 0x20 || *p == 0x7f || (n == 1 && *p >= 0x80)) {
      snprintf(esc, sizeof esc, "\\x%02x", *p);
      buf_put(&b, esc, strlen(esc));
    } else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
      /* U+0080..U+009F: C1 controls, which some terminals obey (CSI). */
      snprintf(esc, sizeof esc, "\\u%04x", p[1]);
      buf_put(&b, esc, strlen(esc));
    } else {
      buf_put(&b, (const char *)p, n);
    }
    p += n;
    chars++;
  }
  return b.data;
}

size_t text_width(const char *s) {
  size_t w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xc0) != 0x80)
      w++;
  return w;
}
