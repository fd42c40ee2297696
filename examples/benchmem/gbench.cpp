// gbench.cpp - allocations per iteration in a Google Benchmark binary
// (Debian libbenchmark-dev), from allocsite's exact counts:
// allocsite_benchmark.hpp.  Build and run:
//
//   allocsite-c++ -O2 -g gbench.cpp -lbenchmark -lpthread -o gbench
//   ALLOCSITE_OUT=off ./gbench
//
// Each benchmark's line gains allocs/op and B/op; with
// --benchmark_format=json, Google Benchmark's own allocs_per_iter too
// (from allocsite::MemoryManager, registered by ALLOCSITE_BENCHMARK_MAIN).
#include <map>
#include <string>
#include <vector>

#include <allocsite_benchmark.hpp>

// A string longer than libstdc++'s 15-character in-object buffer: one
// allocation of 101 bytes per iteration.
static void BM_LongString(benchmark::State &state) {
  allocsite::BenchMem mem(state);
  for (auto _ : state) {
    std::string s(100, 'x');
    benchmark::DoNotOptimize(s.data());
  }
}
BENCHMARK(BM_LongString);

// A short string lives in the object: no allocation.
static void BM_ShortString(benchmark::State &state) {
  allocsite::BenchMem mem(state);
  for (auto _ : state) {
    std::string s(10, 'x');
    benchmark::DoNotOptimize(s.data());
  }
}
BENCHMARK(BM_ShortString);

// Growing a vector of ints to 5 by push_back: capacities 1, 2, 4, 8, one
// allocation each (4 + 8 + 16 + 32 = 60 bytes); reserve(5) makes it one.
static void BM_VectorGrow(benchmark::State &state) {
  allocsite::BenchMem mem(state);
  for (auto _ : state) {
    std::vector<int> v;
    for (int i = 0; i < 5; i++)
      v.push_back(i);
    benchmark::DoNotOptimize(v.data());
  }
}
BENCHMARK(BM_VectorGrow);

static void BM_VectorReserved(benchmark::State &state) {
  allocsite::BenchMem mem(state);
  for (auto _ : state) {
    std::vector<int> v;
    v.reserve(5);
    for (int i = 0; i < 5; i++)
      v.push_back(i);
    benchmark::DoNotOptimize(v.data());
  }
}
BENCHMARK(BM_VectorReserved);

ALLOCSITE_BENCHMARK_MAIN();
