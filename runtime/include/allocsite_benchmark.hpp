// allocsite_benchmark.hpp - allocations per iteration for Google Benchmark
// (Debian libbenchmark-dev), from allocsite's exact counts: Go's -benchmem
// for C++.
//
// Two ways, usable together, in a benchmark built with allocsite-c++:
//
// 1. Counters in the benchmark's own line (console and JSON):
//
//      static void BM_Parse(benchmark::State &state) {
//        std::string input = load();          // before: not counted
//        allocsite::BenchMem mem(state);      // counts from here...
//        for (auto _ : state)
//          benchmark::DoNotOptimize(parse(input));
//      }                                      // ...to here, per iteration
//
//    prints `allocs/op=12 B/op=2.048k` beside the time (Google Benchmark
//    formats counters with SI prefixes; --benchmark_format=json gives the
//    exact numbers).
//
// 2. Google Benchmark's own memory hook: allocsite::MemoryManager, which
//    ALLOCSITE_BENCHMARK_MAIN() (instead of BENCHMARK_MAIN()) registers.
//    Google Benchmark then runs each benchmark once more between Start and
//    Stop (set-up included) and its JSON output gains allocs_per_iter.
//
// Everything the process allocated in every thread counts, whoever called
// the allocator (the benchmark library too, though it does not allocate
// inside the timing loop).
#ifndef ALLOCSITE_BENCHMARK_HPP
#define ALLOCSITE_BENCHMARK_HPP

#include <benchmark/benchmark.h>

#include "allocsite.h"

namespace allocsite {

// Counts the allocations from its construction to its destruction and
// sets the State's counters allocs/op and B/op (per iteration).
class BenchMem {
public:
  explicit BenchMem(benchmark::State &state) : state_(state) { allocsite_totals(&start_); }
  BenchMem(const BenchMem &) = delete;
  BenchMem &operator=(const BenchMem &) = delete;
  ~BenchMem() {
    struct allocsite_totals end = {0, 0};
    allocsite_totals(&end);
    double iterations = static_cast<double>(state_.iterations());
    if (iterations <= 0)
      return;
    state_.counters["allocs/op"] =
        benchmark::Counter(static_cast<double>(end.objects - start_.objects) / iterations);
    state_.counters["B/op"] =
        benchmark::Counter(static_cast<double>(end.bytes - start_.bytes) / iterations);
  }

private:
  benchmark::State &state_;
  struct allocsite_totals start_ = {0, 0};
};

// Google Benchmark's MemoryManager: allocations and bytes between Start
// and Stop.  allocsite does not track live bytes, so max_bytes_used and
// net_heap_growth are left as Google Benchmark initialises them.
class MemoryManager : public benchmark::MemoryManager {
public:
  void Start() override { allocsite_totals(&start_); }
  // Google Benchmark 1.7 calls Stop(Result &), older ones Stop(Result *).
  void Stop(Result &result) { fill(result); }
  void Stop(Result *result) {
    if (result)
      fill(*result);
  }

private:
  void fill(Result &result) {
    struct allocsite_totals end = {0, 0};
    allocsite_totals(&end);
    result.num_allocs = static_cast<int64_t>(end.objects - start_.objects);
    result.total_allocated_bytes = static_cast<int64_t>(end.bytes - start_.bytes);
  }
  struct allocsite_totals start_ = {0, 0};
};

} // namespace allocsite

// BENCHMARK_MAIN() with allocsite's MemoryManager registered.
#define ALLOCSITE_BENCHMARK_MAIN()                                                               \
  int main(int argc, char **argv) {                                                              \
    static allocsite::MemoryManager allocsite_memory_manager;                                    \
    ::benchmark::Initialize(&argc, argv);                                                        \
    if (::benchmark::ReportUnrecognizedArguments(argc, argv))                                    \
      return 1;                                                                                  \
    ::benchmark::RegisterMemoryManager(&allocsite_memory_manager);                               \
    ::benchmark::RunSpecifiedBenchmarks();                                                       \
    ::benchmark::RegisterMemoryManager(nullptr);                                                 \
    ::benchmark::Shutdown();                                                                     \
    return 0;                                                                                    \
  }                                                                                              \
  int main(int, char **)

#endif // ALLOCSITE_BENCHMARK_HPP
