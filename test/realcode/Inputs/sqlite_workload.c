/*
 * sqlite_workload.c - the oracle for the SQLite amalgamation under
 * allocsite: a fixed SQL workload (tables, inserts in transactions with
 * bound parameters, indexes, joins, GROUP BY, window functions, a
 * recursive CTE, string, printf and JSON functions, a sort larger than
 * the page cache, UPDATE/DELETE, VACUUM) whose every result row is
 * printed.  Built plain, instrumented, promoted and promoted under
 * AddressSanitizer, it must print the same bytes.  Nothing in it depends
 * on time, randomness or addresses.
 *
 * Usage: sqlite_workload DBFILE   (the file is replaced; ":memory:" works)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sqlite3.h"

static sqlite3 *db;

static void die(const char *what) {
  fprintf(stderr, "sqlite_workload: %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

/* Prints each row as "col=value|col=value". */
static int print_row(void *tag, int n, char **values, char **names) {
  printf("%s:", (const char *)tag);
  for (int i = 0; i < n; i++)
    printf("%s%s=%s", i ? "|" : " ", names[i], values[i] ? values[i] : "NULL");
  putchar('\n');
  return 0;
}

static void query(const char *tag, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, print_row, (void *)tag, &err) != SQLITE_OK) {
    fprintf(stderr, "sqlite_workload: %s: %s\n", tag, err);
    exit(1);
  }
}

/* Inserts N rows through one prepared statement inside one transaction. */
static void fill(int n) {
  sqlite3_stmt *person, *order;
  query("begin", "BEGIN");
  if (sqlite3_prepare_v2(db, "INSERT INTO person(id, name, city, age) VALUES (?, ?, ?, ?)", -1,
                         &person, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO orders(person, item, amount) VALUES (?, ?, ?)", -1,
                         &order, NULL) != SQLITE_OK)
    die("prepare");
  static const char *const cities[] = {"Oslo", "Lima", "Pune", "Kyiv", "Accra", "Quito", "Hanoi"};
  static const char *const items[] = {"tea", "rice", "soap", "bread", "ink", "salt", "wool"};
  for (int i = 0; i < n; i++) {
    char name[48];
    snprintf(name, sizeof name, "person-%05d-%.*s", i, i % 13, "abcdefghijklm");
    sqlite3_bind_int(person, 1, i);
    sqlite3_bind_text(person, 2, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(person, 3, cities[(i * 3) % 7], -1, SQLITE_STATIC);
    sqlite3_bind_int(person, 4, 18 + (i * 37) % 60);
    if (sqlite3_step(person) != SQLITE_DONE)
      die("insert person");
    sqlite3_reset(person);
    for (int k = 0; k < i % 4; k++) {
      sqlite3_bind_int(order, 1, i);
      sqlite3_bind_text(order, 2, items[(i + k) % 7], -1, SQLITE_STATIC);
      sqlite3_bind_double(order, 3, (double)((i * 31 + k * 17) % 1000) / 4.0);
      if (sqlite3_step(order) != SQLITE_DONE)
        die("insert order");
      sqlite3_reset(order);
    }
  }
  sqlite3_finalize(person);
  sqlite3_finalize(order);
  query("commit", "COMMIT");
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : ":memory:";
  if (strcmp(path, ":memory:") != 0) {
    unlink(path);
    char journal[4096];
    snprintf(journal, sizeof journal, "%s-journal", path);
    unlink(journal);
  }
  if (sqlite3_open(path, &db) != SQLITE_OK)
    die("open");
  query("version", "SELECT sqlite_version() AS v");
  /* A small page cache, so the sort and the index builds spill. */
  query("pragma", "PRAGMA cache_size = 20");
  query("schema", "CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, age INT);"
                  "CREATE TABLE orders(id INTEGER PRIMARY KEY, person INT REFERENCES person(id),"
                  " item TEXT, amount REAL)");
  fill(3000);
  query("index", "CREATE INDEX person_city ON person(city, age);"
                 "CREATE INDEX orders_person ON orders(person)");
  query("count", "SELECT count(*) AS persons, (SELECT count(*) FROM orders) AS orders FROM person");
  query("group", "SELECT city, count(*) AS n, min(age) AS young, max(age) AS old, avg(age) AS mean"
                 " FROM person GROUP BY city ORDER BY city");
  query("join", "SELECT p.city, o.item, count(*) AS n, printf('%.2f', sum(o.amount)) AS total"
                " FROM person p JOIN orders o ON o.person = p.id"
                " GROUP BY p.city, o.item HAVING n > 60 ORDER BY total DESC, p.city, o.item LIMIT 12");
  query("strings", "SELECT upper(name) AS u, length(name) AS len, substr(name, 8, 5) AS mid,"
                   " replace(name, 'person', 'p') AS r, instr(name, 'e') AS pos,"
                   " printf('%-12s|%5d|%08.3f', city, age, age / 7.0) AS fmt"
                   " FROM person WHERE id % 499 = 0 ORDER BY id");
  query("like", "SELECT count(*) AS n FROM person WHERE name LIKE '%-0%1%' OR name GLOB '*9-abc*'");
  query("concat", "SELECT city, group_concat(id, ',') AS ids FROM"
                  " (SELECT city, id FROM person WHERE age = 42 ORDER BY id) GROUP BY city ORDER BY city");
  query("window", "SELECT id, age, rank() OVER (PARTITION BY city ORDER BY age DESC, id) AS r,"
                  " sum(age) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s"
                  " FROM person WHERE id < 12 ORDER BY id");
  query("cte", "WITH RECURSIVE fib(i, a, b) AS (SELECT 1, 0, 1 UNION ALL"
               " SELECT i + 1, b, a + b FROM fib WHERE i < 40) SELECT i, a FROM fib WHERE i % 8 = 0");
  query("sort", "SELECT name, age FROM person ORDER BY substr(name, 14) DESC, age, id LIMIT 5 OFFSET 1000");
  query("distinct", "SELECT count(DISTINCT substr(name, 1, 10)) AS n, count(DISTINCT age) AS ages FROM person");
  query("json", "SELECT json_object('id', id, 'name', name, 'tags', json_array(city, age, NULL)) AS j"
                " FROM person WHERE id IN (7, 77, 777)");
  query("json_each", "SELECT key, value, type FROM json_each('{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null},\"d\":true}')");
  query("json_group", "SELECT city, json_group_array(id) AS ids FROM person WHERE age = 19 AND id < 400"
                      " GROUP BY city ORDER BY city");
  query("json_extract", "SELECT json_extract('{\"x\":{\"y\":[10,20,{\"z\":\"deep\"}]}}', '$.x.y[2].z') AS z,"
                        " json_set('{\"a\":1}', '$.b', json('[1,2]')) AS s, json_valid('{bad') AS bad");
  query("update", "UPDATE person SET age = age + 1, name = name || '!' WHERE city = 'Lima'");
  query("delete", "DELETE FROM orders WHERE amount < 50");
  query("after", "SELECT count(*) AS n, printf('%.3f', sum(amount)) AS total, max(length(p.name)) AS longest"
                 " FROM orders o JOIN person p ON p.id = o.person");
  query("vacuum", "VACUUM");
  query("integrity", "PRAGMA integrity_check");
  query("hex", "SELECT hex(zeroblob(4)) AS z, quote(x'00ff') AS q, typeof(1.5) AS t, 7 / 2 AS d, 7 % 3 AS m");
  if (sqlite3_close(db) != SQLITE_OK)
    die("close");
  if (strcmp(path, ":memory:") != 0)
    unlink(path);
  return 0;
}
