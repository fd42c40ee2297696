// Input of check_expect_selftest.test (annotations only; never compiled).
void f(void) {
  a = malloc(10); // EXPECT: objects=2 bytes=20 allocator=malloc
  b = g(); // EXPECT-O0: objects=1 bytes=5 sites=1 // EXPECT-O2: objects=2 bytes=10 sites=2
  c = never(); // EXPECT: objects=0 bytes=0 sites=1
}
// EXPECT-FUNCTION: "ns::h(int)" objects=3 bytes=30 allocator="operator new[]"
// EXPECT-TOTAL-O0: objects=7 bytes=155 sites=5
// EXPECT-TOTAL-O2: objects=8 bytes=160 sites=6
// EXPECT-ALL-O0: objects=7 bytes=155
// EXPECT-ALL-O2: objects=8 bytes=160
