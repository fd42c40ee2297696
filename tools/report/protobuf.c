/*
 * protobuf.c - protocol buffers wire encoding (see protobuf.h).  A field is
 * a key varint (field number << 3 | wire type) and its value: a varint for
 * type 0, a varint length and the bytes for type 2.  Varints are 7 bits per
 * byte, least significant first, the high bit set on all but the last.
 */
#include "protobuf.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { WIRE_VARINT = 0, WIRE_LEN = 2 };

static void put(struct pb *m, const void *data, size_t len) {
  if (len == 0)
    return;
  if (m->len + len > m->cap) {
    m->cap = (m->len + len) * 2 + 64;
    m->data = xrealloc(m->data, m->cap);
  }
  memcpy(m->data + m->len, data, len);
  m->len += len;
}

static void varint(struct pb *m, uint64_t v) {
  unsigned char buf[10];
  size_t n = 0;
  do {
    buf[n] = (unsigned char)(v & 0x7f);
    v >>= 7;
    if (v)
      buf[n] |= 0x80;
    n++;
  } while (v);
  put(m, buf, n);
}

static void key(struct pb *m, uint32_t field, unsigned wire) {
  varint(m, (uint64_t)field << 3 | wire);
}

void pb_varint_field(struct pb *m, uint32_t field, uint64_t value) {
  key(m, field, WIRE_VARINT);
  varint(m, value);
}

void pb_bytes_field(struct pb *m, uint32_t field, const void *data, size_t len) {
  key(m, field, WIRE_LEN);
  varint(m, len);
  put(m, data, len);
}

void pb_string_field(struct pb *m, uint32_t field, const char *s) {
  pb_bytes_field(m, field, s, strlen(s));
}

void pb_message_field(struct pb *m, uint32_t field, const struct pb *inner) {
  pb_bytes_field(m, field, inner->data, inner->len);
}

void pb_packed_field(struct pb *m, uint32_t field, const uint64_t *values, size_t n) {
  struct pb packed = {0};
  for (size_t i = 0; i < n; i++)
    varint(&packed, values[i]);
  pb_message_field(m, field, &packed);
  pb_free(&packed);
}

void pb_clear(struct pb *m) { m->len = 0; }

void pb_free(struct pb *m) {
  free(m->data);
  memset(m, 0, sizeof *m);
}
