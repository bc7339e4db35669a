// The benchmark binary's entry point; each bench_<family>.cpp registers its own.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
