/*
 * stb_decode.c - decode a PNG with stb_image, N times (argv[1]).  The
 * 256x256 RGB image is drawn and encoded with stb_image_write at start-up
 * (deterministic; no binary file in the repository).  stb_image's own
 * allocations (zlib buffers, the image, its row filters) are the sites.
 */
#include <stdio.h>
#include <stdlib.h>

#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#define SIDE 256

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200;
  static unsigned char pixels[SIDE * SIDE * 3];
  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++) {
      unsigned char *p = &pixels[(y * SIDE + x) * 3];
      p[0] = (unsigned char)(x ^ y);
      p[1] = (unsigned char)(x * y >> 4);
      p[2] = (unsigned char)((x + y) * 3);
    }
  int png_len = 0;
  unsigned char *png = stbi_write_png_to_mem(pixels, SIDE * 3, SIDE, SIDE, 3, &png_len);
  if (!png)
    return 1;
  unsigned long checksum = 0;
  for (long i = 0; i < n; i++) {
    int w, h, channels;
    unsigned char *img = stbi_load_from_memory(png, png_len, &w, &h, &channels, 4);
    if (!img)
      return 1;
    checksum += img[(i * 7919) % (SIDE * SIDE * 4)] + (unsigned long)w * h;
    stbi_image_free(img);
  }
  STBIW_FREE(png);
  printf("checksum %lu\n", checksum);
  return 0;
}
