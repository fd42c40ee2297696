// Real code: Debian's stb_image.h decoding images made at run time: a 24-bit
// uncompressed BMP and a binary PPM written byte by byte below, and PNG, JPEG
// and HDR images encoded in memory with stb_image_write.h.  Each is decoded
// in a loop (with different channel counts, so stb_image converts too).
// The report's totals must equal what count_shim.so counts on its own, exactly.
//
// REQUIRES: stb
// RUN: %allocsite-cc -O0 -g %s -lm -o %t.O0
// RUN: rm -f %t.O0.json %t.O0.shim %t.O0.heap
// RUN: env ALLOCSITE_OUT=%t.O0.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O0.shim COUNT_SHIM_HEAP_OUT=%t.O0.heap %t.O0 | FileCheck %s
// RUN: %check-expect --totals-from %t.O0.shim --heap-from %t.O0.heap --min-objects 101 %t.O0.json
//
// RUN: %allocsite-cc -O2 -g %s -lm -o %t.O2
// RUN: rm -f %t.O2.json %t.O2.shim %t.O2.heap
// RUN: env ALLOCSITE_OUT=%t.O2.json LD_PRELOAD=%count-shim COUNT_SHIM_OUT=%t.O2.shim COUNT_SHIM_HEAP_OUT=%t.O2.heap %t.O2 | FileCheck %s
// RUN: %check-expect --totals-from %t.O2.shim --heap-from %t.O2.heap --min-objects 101 %t.O2.json
//
// The allocations happen inside both headers' implementations:
// RUN: FileCheck %s --check-prefix=SITES < %t.O2.json
// SITES-DAG: "file": "/usr/include/stb/stb_image.h"
// SITES-DAG: "file": "/usr/include/stb/stb_image_write.h"
//
// CHECK: bmp 37x23 exact 20/20
// CHECK-NEXT: ppm 37x23 exact 20/20
// CHECK-NEXT: png 37x23 exact 20/20
// CHECK-NEXT: jpg 37x23 decoded 20/20
// CHECK-NEXT: hdr 37x23 decoded 20/20
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 37 // odd: BMP rows need padding
#define H 23
#define ROUNDS 20

static unsigned char pixels[W * H * 3];

// A growable byte buffer for the encoders (the program's own allocations).
struct buffer {
  unsigned char *data;
  size_t len, cap;
};
static void append(struct buffer *b, const void *bytes, size_t n) {
  if (b->len + n > b->cap) {
    b->cap = (b->len + n) * 2;
    b->data = realloc(b->data, b->cap);
  }
  memcpy(b->data + b->len, bytes, n);
  b->len += n;
}
static void write_callback(void *ctx, void *data, int size) { append(ctx, data, (size_t)size); }
static void put_le(struct buffer *b, unsigned v, int bytes) {
  for (int i = 0; i < bytes; i++) {
    unsigned char c = (unsigned char)(v >> (8 * i));
    append(b, &c, 1);
  }
}

static void make_bmp(struct buffer *b) {
  unsigned row = (W * 3 + 3) & ~3u, size = 54 + row * H;
  append(b, "BM", 2);
  put_le(b, size, 4);
  put_le(b, 0, 4);
  put_le(b, 54, 4);
  put_le(b, 40, 4); // BITMAPINFOHEADER
  put_le(b, W, 4);
  put_le(b, H, 4); // positive: bottom-up rows
  put_le(b, 1, 2);
  put_le(b, 24, 2);
  put_le(b, 0, 4); // BI_RGB
  put_le(b, row * H, 4);
  put_le(b, 2835, 4);
  put_le(b, 2835, 4);
  put_le(b, 0, 4);
  put_le(b, 0, 4);
  for (int y = H - 1; y >= 0; y--) {
    for (int x = 0; x < W; x++) {
      const unsigned char *p = &pixels[(y * W + x) * 3];
      unsigned char bgr[3] = {p[2], p[1], p[0]};
      append(b, bgr, 3);
    }
    put_le(b, 0, (int)(row - W * 3));
  }
}

static void make_ppm(struct buffer *b) {
  char header[64];
  int n = snprintf(header, sizeof header, "P6\n# made by the test\n%d %d\n255\n", W, H);
  append(b, header, (size_t)n);
  append(b, pixels, sizeof pixels);
}

static int same_pixels(const unsigned char *img, int w, int h, int channels) {
  if (!img || w != W || h != H || channels != 3)
    return 0;
  return memcmp(img, pixels, sizeof pixels) == 0;
}

static void decode_exactly(const char *name, const struct buffer *b) {
  int exact = 0, w = 0, h = 0;
  for (int i = 0; i < ROUNDS; i++) {
    int n;
    unsigned char *img = stbi_load_from_memory(b->data, (int)b->len, &w, &h, &n, 0);
    exact += same_pixels(img, w, h, n);
    stbi_image_free(img);
    // Also decode to RGBA, which converts after decoding.
    unsigned char *rgba = stbi_load_from_memory(b->data, (int)b->len, &w, &h, &n, 4);
    if (!rgba)
      exact = -1000;
    stbi_image_free(rgba);
  }
  printf("%s %dx%d exact %d/%d\n", name, w, h, exact, ROUNDS);
}

static void decode_lossy(const char *name, const struct buffer *b, int as_float) {
  int decoded = 0, w = 0, h = 0, n;
  for (int i = 0; i < ROUNDS; i++) {
    void *img = as_float ? (void *)stbi_loadf_from_memory(b->data, (int)b->len, &w, &h, &n, 0)
                         : (void *)stbi_load_from_memory(b->data, (int)b->len, &w, &h, &n, 1);
    decoded += img != NULL;
    stbi_image_free(img);
  }
  printf("%s %dx%d decoded %d/%d\n", name, w, h, decoded, ROUNDS);
}

int main(void) {
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      unsigned char *p = &pixels[(y * W + x) * 3];
      p[0] = (unsigned char)(x * 7);
      p[1] = (unsigned char)(y * 11);
      p[2] = (unsigned char)((x ^ y) * 5);
    }

  struct buffer bmp = {0}, ppm = {0}, png = {0}, jpg = {0}, hdr = {0};
  make_bmp(&bmp);
  make_ppm(&ppm);
  stbi_write_png_to_func(write_callback, &png, W, H, 3, pixels, W * 3);
  stbi_write_jpg_to_func(write_callback, &jpg, W, H, 3, pixels, 90);
  float *fpixels = malloc(sizeof(float) * W * H * 3);
  for (int i = 0; i < W * H * 3; i++)
    fpixels[i] = pixels[i] / 255.0f;
  stbi_write_hdr_to_func(write_callback, &hdr, W, H, 3, fpixels);
  free(fpixels);

  decode_exactly("bmp", &bmp);
  decode_exactly("ppm", &ppm);
  decode_exactly("png", &png);
  decode_lossy("jpg", &jpg, 0);
  decode_lossy("hdr", &hdr, 1);

  free(bmp.data);
  free(ppm.data);
  free(png.data);
  free(jpg.data);
  free(hdr.data);
  return 0;
}
