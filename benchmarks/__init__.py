"""certlink's benchmarks (run on demand: `make bench`, or `python -m benchmarks.run`); see benchmarks/README.md."""
