/*
 * format.c - counts, shares, averages and deltas as text (see format.h).
 * Two-decimal values are rounded half up (50 of 64 is 78.13%), not half to
 * even as printf would, so that they match a hand calculation.
 */
#include "format.h"

#include <inttypes.h>
#include <stdlib.h>

#include "util.h"

/* value (>= 0) as "W.HH", rounded half up. */
static char *two_decimals(long double value) {
  uint64_t hundredths = (uint64_t)(value * 100.0L + 0.5L);
  return xasprintf("%" PRIu64 ".%02u", hundredths / 100, (unsigned)(hundredths % 100));
}

char *format_percent(uint64_t part, uint64_t total) {
  if (total == 0)
    return xstrdup("-");
  char *n = two_decimals(100.0L * (long double)part / (long double)total);
  char *s = xasprintf("%s%%", n);
  free(n);
  return s;
}

char *format_average(uint64_t bytes, uint64_t objects) {
  if (objects == 0)
    return xstrdup("-");
  if (bytes % objects == 0)
    return xasprintf("%" PRIu64, bytes / objects);
  /* The whole part exactly, the fraction rounded: a long double cannot hold
   * every 64-bit quotient exactly. */
  uint64_t whole = bytes / objects;
  uint64_t hundredths = (uint64_t)((long double)(bytes % objects) * 100.0L / (long double)objects + 0.5L);
  if (hundredths == 100) {
    whole++;
    hundredths = 0;
  }
  return xasprintf("%" PRIu64 ".%02u", whole, (unsigned)hundredths);
}

char *format_delta(uint64_t before, uint64_t now) {
  if (now >= before)
    return now == before ? xstrdup("0") : xasprintf("+%" PRIu64, now - before);
  return xasprintf("-%" PRIu64, before - now);
}

char *format_change(uint64_t before, uint64_t now) {
  if (before == 0)
    return xstrdup(now ? "new" : "0.00%");
  int up = now >= before;
  uint64_t d = up ? now - before : before - now;
  char *n = two_decimals(100.0L * (long double)d / (long double)before);
  char *s = xasprintf("%s%s%%", d == 0 ? "" : up ? "+" : "-", n);
  free(n);
  return s;
}

const char *plural(uint64_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}
