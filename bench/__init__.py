"""Benchmarks: each workload beside a baseline measured in the same run (`make bench`)."""
