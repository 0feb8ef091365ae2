"""Development tools: demo content, the synthetic corpus and benchmarks."""
