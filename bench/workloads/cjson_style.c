/*
 * cjson_style.c - a benchmark workload in the style of cJSON: a JSON parser
 * and printer whose every allocation goes through a hooks struct of
 * function pointers (no direct malloc call anywhere), so only the
 * interposer and calling contexts can say where memory is asked for.
 * Parses a generated document, prints it back, frees the tree; repeats.
 * Deterministic: prints a checksum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hooks {
  void *(*allocate)(size_t);
  void (*deallocate)(void *);
  void *(*reallocate)(void *, size_t);
};
static struct hooks global_hooks = {malloc, free, realloc};
/* Settable at run time, as cJSON_InitHooks does: the optimiser cannot turn
 * the calls back into direct ones. */
static struct hooks *volatile active = &global_hooks;

enum kind { J_NULL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT };

struct json {
  struct json *next, *child;
  enum kind kind;
  double number;
  char *string; /* value of a string */
  char *key;    /* member name inside an object */
};

static struct json *new_item(void) {
  struct json *j = active->allocate(sizeof *j);
  memset(j, 0, sizeof *j);
  return j;
}

static void delete_item(struct json *j) {
  while (j) {
    struct json *next = j->next;
    delete_item(j->child);
    active->deallocate(j->string);
    active->deallocate(j->key);
    active->deallocate(j);
    j = next;
  }
}

static const char *skip(const char *p) {
  while (*p == ' ' || *p == '\n')
    p++;
  return p;
}

static char *parse_string_raw(const char **pp) {
  const char *p = *pp + 1, *end = strchr(p, '"');
  size_t n = (size_t)(end - p);
  char *s = active->allocate(n + 1);
  memcpy(s, p, n);
  s[n] = '\0';
  *pp = end + 1;
  return s;
}

static const char *parse_value(struct json *item, const char *p);

static const char *parse_container(struct json *item, const char *p, char close, int keyed) {
  p = skip(p + 1);
  struct json **tail = &item->child;
  while (*p != close) {
    struct json *child = new_item();
    if (keyed) {
      child->key = parse_string_raw(&p);
      p = skip(p);
      p = skip(p + 1); /* ':' */
    }
    p = skip(parse_value(child, p));
    *tail = child;
    tail = &child->next;
    if (*p == ',')
      p = skip(p + 1);
  }
  return p + 1;
}

static const char *parse_value(struct json *item, const char *p) {
  p = skip(p);
  if (*p == '{') {
    item->kind = J_OBJECT;
    return parse_container(item, p, '}', 1);
  }
  if (*p == '[') {
    item->kind = J_ARRAY;
    return parse_container(item, p, ']', 0);
  }
  if (*p == '"') {
    item->kind = J_STRING;
    item->string = parse_string_raw(&p);
    return p;
  }
  if (strncmp(p, "null", 4) == 0) {
    item->kind = J_NULL;
    return p + 4;
  }
  char *end;
  item->kind = J_NUMBER;
  item->number = strtod(p, &end);
  return end;
}

/* The printer grows its buffer with reallocate, as cJSON's does. */
struct printbuf {
  char *buf;
  size_t len, cap;
};

static void put(struct printbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    while (b->len + n + 1 > b->cap)
      b->cap = b->cap ? b->cap * 2 : 64;
    b->buf = active->reallocate(b->buf, b->cap);
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  b->buf[b->len] = '\0';
}

static void print_value(struct printbuf *b, const struct json *j) {
  char num[32];
  switch (j->kind) {
  case J_NULL: put(b, "null", 4); break;
  case J_NUMBER: put(b, num, (size_t)snprintf(num, sizeof num, "%g", j->number)); break;
  case J_STRING:
    put(b, "\"", 1);
    put(b, j->string, strlen(j->string));
    put(b, "\"", 1);
    break;
  case J_ARRAY:
  case J_OBJECT:
    put(b, j->kind == J_ARRAY ? "[" : "{", 1);
    for (const struct json *c = j->child; c; c = c->next) {
      if (c != j->child)
        put(b, ",", 1);
      if (c->key) {
        put(b, "\"", 1);
        put(b, c->key, strlen(c->key));
        put(b, "\":", 2);
      }
      print_value(b, c);
    }
    put(b, j->kind == J_ARRAY ? "]" : "}", 1);
    break;
  }
}

/* A document of `n` records: {"id": i, "name": "user-i", "tags": [...], ...}. */
static char *generate(int n) {
  struct printbuf b = {0};
  put(&b, "[", 1);
  for (int i = 0; i < n; i++) {
    char rec[256];
    int len = snprintf(rec, sizeof rec,
                       "%s{\"id\": %d, \"name\": \"user-%d\", \"score\": %d.5, "
                       "\"tags\": [\"t%d\", \"t%d\", null], \"parent\": {\"id\": %d}}",
                       i ? "," : "", i, i, i % 97, i % 7, i % 11, i / 2);
    put(&b, rec, (size_t)len);
  }
  put(&b, "]", 1);
  return b.buf;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 200;
  char *text = generate(500);
  unsigned long checksum = 0;
  for (int r = 0; r < rounds; r++) {
    struct json *root = new_item();
    parse_value(root, text);
    struct printbuf out = {0};
    print_value(&out, root);
    for (size_t k = 0; k < out.len; k++)
      checksum = checksum * 31 + (unsigned char)out.buf[k];
    active->deallocate(out.buf);
    delete_item(root);
  }
  active->deallocate(text);
  printf("%lu\n", checksum);
  return 0;
}
