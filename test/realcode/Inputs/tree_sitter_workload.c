/*
 * tree_sitter_workload.c - the oracle for the tree-sitter runtime (with
 * the tree-sitter-json grammar) under allocsite: parses fixed JSON texts
 * and deterministically generated ones (nested objects and arrays,
 * escapes, numbers, comments, and broken inputs that need error
 * recovery), prints the syntax trees (ts_node_string) or, for the large
 * ones, their size and a hash of the tree string, walks a tree with a
 * cursor, edits a tree and reparses it incrementally, and runs a query.
 * Built plain, instrumented, promoted and promoted under
 * AddressSanitizer, it must print the same bytes.
 *
 * Usage: tree_sitter_workload [GENERATED_DOCUMENTS]   (default 40)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_json(void);

/* A growable string for the generated documents. */
struct text {
  char *data;
  size_t len, cap;
};

static void put(struct text *t, const char *s) {
  size_t n = strlen(s);
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->data = realloc(t->data, t->cap);
    if (!t->data)
      abort();
  }
  memcpy(t->data + t->len, s, n + 1);
  t->len += n;
}

static uint32_t state = 12345;

static uint32_t next(void) {
  state = state * 1103515245u + 12345u;
  return state >> 8;
}

/* A random JSON value of at most DEPTH levels. */
static void value(struct text *t, int depth) {
  char buf[64];
  switch (next() % (depth > 0 ? 7 : 4)) {
  case 0:
    snprintf(buf, sizeof buf, "%d", (int)(next() % 200000) - 100000);
    put(t, buf);
    break;
  case 1:
    snprintf(buf, sizeof buf, "%u.%02ue%d", next() % 100, next() % 100, (int)(next() % 7) - 3);
    put(t, buf);
    break;
  case 2:
    snprintf(buf, sizeof buf, "\"s%u\\n\\u00e9\\\"%.*s\"", next() % 1000, (int)(next() % 20),
             "abcdefghijklmnopqrstuvwxyz");
    put(t, buf);
    break;
  case 3:
    put(t, next() % 3 == 0 ? "null" : next() % 2 ? "true" : "false");
    break;
  case 4:
  case 5: {
    put(t, "{");
    int n = next() % 6;
    for (int i = 0; i < n; i++) {
      snprintf(buf, sizeof buf, "%s\"key%d_%u\": ", i ? ", " : "", i, next() % 50);
      put(t, buf);
      value(t, depth - 1);
    }
    put(t, "}");
    break;
  }
  default: {
    put(t, "[");
    int n = next() % 8;
    for (int i = 0; i < n; i++) {
      if (i)
        put(t, next() % 9 == 0 ? ",\n  " : ", ");
      value(t, depth - 1);
    }
    put(t, "]");
  }
  }
}

/* A document: an object or an array of a few random values. */
static void document(struct text *t, int depth) {
  int object = next() % 2, n = 1 + next() % 6;
  char buf[32];
  put(t, object ? "{" : "[");
  for (int i = 0; i < n; i++) {
    if (object)
      snprintf(buf, sizeof buf, "%s\"k%d\": ", i ? ", " : "", i);
    put(t, object ? buf : i ? ", " : "");
    value(t, depth);
  }
  put(t, object ? "}" : "]");
}

static uint64_t fnv(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Prints the tree, whole when short, else its length and hash. */
static void print_tree(const char *tag, TSTree *tree) {
  TSNode root = ts_tree_root_node(tree);
  char *s = ts_node_string(root);
  size_t n = strlen(s);
  if (n <= 400)
    printf("%s: %s\n", tag, s);
  else
    printf("%s: %zu chars, hash %016llx, %u children, error %d\n", tag, n,
           (unsigned long long)fnv(s), ts_node_child_count(root), (int)ts_node_has_error(root));
  free(s);
}

/* Counts nodes by walking the tree with a cursor. */
static unsigned walk(TSTree *tree, unsigned *max_depth) {
  TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
  unsigned nodes = 0, depth = 0;
  *max_depth = 0;
  for (;;) {
    nodes++;
    if (depth > *max_depth)
      *max_depth = depth;
    if (ts_tree_cursor_goto_first_child(&c)) {
      depth++;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) {
        ts_tree_cursor_delete(&c);
        return nodes;
      }
      depth--;
    }
  }
}

static void run_query(const char *tag, TSTree *tree, const char *source) {
  static const char pattern[] = "(pair key: (string) @key value: (number) @num)\n"
                                "(array (string) @item)\n";
  uint32_t error_offset;
  TSQueryError error;
  TSQuery *q = ts_query_new(tree_sitter_json(), pattern, (uint32_t)strlen(pattern), &error_offset,
                            &error);
  if (!q) {
    fprintf(stderr, "tree_sitter_workload: query error %d at %u\n", (int)error, error_offset);
    exit(1);
  }
  TSQueryCursor *qc = ts_query_cursor_new();
  ts_query_cursor_exec(qc, q, ts_tree_root_node(tree));
  TSQueryMatch m;
  unsigned matches = 0, captures = 0;
  uint64_t h = 0;
  while (ts_query_cursor_next_match(qc, &m)) {
    matches++;
    for (uint16_t i = 0; i < m.capture_count; i++) {
      uint32_t len;
      const char *name = ts_query_capture_name_for_id(q, m.captures[i].index, &len);
      uint32_t start = ts_node_start_byte(m.captures[i].node);
      uint32_t end = ts_node_end_byte(m.captures[i].node);
      captures++;
      h = h * 31 + fnv(name) + (end - start);
      if (matches <= 3)
        printf("%s: match %u %.*s = %.*s\n", tag, matches, (int)len, name, (int)(end - start),
               source + start);
    }
  }
  printf("%s: %u matches, %u captures, hash %016llx\n", tag, matches, captures,
         (unsigned long long)h);
  ts_query_cursor_delete(qc);
  ts_query_delete(q);
}

static TSTree *parse(TSParser *p, const char *source) {
  TSTree *tree = ts_parser_parse_string(p, NULL, source, (uint32_t)strlen(source));
  if (!tree) {
    fprintf(stderr, "tree_sitter_workload: parse failed\n");
    exit(1);
  }
  return tree;
}

int main(int argc, char **argv) {
  int documents = argc > 1 ? atoi(argv[1]) : 40;
  TSParser *p = ts_parser_new();
  if (!ts_parser_set_language(p, tree_sitter_json()))
    return 1;

  static const char *const fixed[] = {
      "{}",
      "[1, 2.5e3, -0.25, true, false, null]",
      "{\"a\": {\"b\": [\"c\", {\"d\": \"\\u0041\\t\"}]}, \"e\": 1}",
      "// comment\n{\"x\": /* inner */ 1}",
      "{\"unclosed\": [1, 2,",
      "[1 2 3]",
      "{\"k\": tru}",
      "\"\\q bad escape\"",
      "[[[[[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]]]",
      "{\"a\":1,,\"b\":2}",
  };
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
    char tag[32];
    snprintf(tag, sizeof tag, "fixed %zu", i);
    TSTree *tree = parse(p, fixed[i]);
    print_tree(tag, tree);
    ts_tree_delete(tree);
  }

  for (int d = 0; d < documents; d++) {
    struct text t = {0};
    document(&t, 1 + d % 5);
    if (d % 5 == 4 && t.len > 3)
      t.data[t.len / 2] = "]{,:\""[d % 5]; /* a broken document */
    char tag[32];
    snprintf(tag, sizeof tag, "doc %d (%zu bytes)", d, t.len);
    TSTree *tree = parse(p, t.data);
    print_tree(tag, tree);
    unsigned depth, nodes = walk(tree, &depth);
    printf("doc %d: %u nodes, depth %u\n", d, nodes, depth);
    if (d % 4 == 0) {
      snprintf(tag, sizeof tag, "query %d", d);
      run_query(tag, tree, t.data);
    }
    if (d % 3 == 0 && t.len > 2) {
      /* Replace the first byte with itself and a prefix: "[" -> "[7, [". */
      size_t at = 1;
      const char *insert = "7, ";
      size_t n = strlen(insert);
      char *edited = malloc(t.len + n + 1);
      memcpy(edited, t.data, at);
      memcpy(edited + at, insert, n);
      memcpy(edited + at + n, t.data + at, t.len - at + 1);
      TSInputEdit edit = {.start_byte = (uint32_t)at,
                          .old_end_byte = (uint32_t)at,
                          .new_end_byte = (uint32_t)(at + n),
                          .start_point = {0, (uint32_t)at},
                          .old_end_point = {0, (uint32_t)at},
                          .new_end_point = {0, (uint32_t)(at + n)}};
      ts_tree_edit(tree, &edit);
      TSTree *again = ts_parser_parse_string(p, tree, edited, (uint32_t)(t.len + n));
      uint32_t ranges;
      TSRange *changed = ts_tree_get_changed_ranges(tree, again, &ranges);
      snprintf(tag, sizeof tag, "edit %d (%u ranges)", d, ranges);
      print_tree(tag, again);
      free(changed);
      ts_tree_delete(again);
      free(edited);
    }
    ts_tree_delete(tree);
    free(t.data);
  }
  ts_parser_delete(p);
  return 0;
}
