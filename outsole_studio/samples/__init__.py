"""Sample outsoles made from parameters: the examples, the benchmarks' and the tests' soles."""
