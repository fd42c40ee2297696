/*
 * protobuf.h - the small part of the protocol buffers wire format that
 * writing pprof's profile.proto needs: varints, length-delimited fields
 * (strings, nested messages, packed repeated integers).  Debian ships no C
 * library with pprof's schema, and encoding these two wire types takes less
 * code than adapting a generator; cmd_pprof.c knows the field numbers, this
 * file only the encoding (https://protobuf.dev/programming-guides/encoding/).
 */
#ifndef ALLOCSITE_REPORT_PROTOBUF_H
#define ALLOCSITE_REPORT_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

/* A growing buffer holding one encoded message. */
struct pb {
  unsigned char *data;
  size_t len, cap;
};

/* Field `field` as a varint (wire type 0): uint64, int64 (two's
 * complement, as protobuf encodes negative int64), bool.  Zero is the
 * default and is written anyway, so callers decide what to omit. */
void pb_varint_field(struct pb *m, uint32_t field, uint64_t value);

/* Field `field` as bytes (wire type 2): strings and bytes. */
void pb_bytes_field(struct pb *m, uint32_t field, const void *data, size_t len);
void pb_string_field(struct pb *m, uint32_t field, const char *s);

/* A nested message: `inner`'s bytes as a length-delimited field. */
void pb_message_field(struct pb *m, uint32_t field, const struct pb *inner);

/* A packed repeated varint field (what proto3 uses for repeated ints). */
void pb_packed_field(struct pb *m, uint32_t field, const uint64_t *values, size_t n);

void pb_clear(struct pb *m); /* empties m, keeping its memory */
void pb_free(struct pb *m);

#endif
