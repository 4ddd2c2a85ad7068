"""python -m bench: run every workload in a throwaway database and print the figures."""

import sys

from bench.common import fresh_database, machine, setup_django

WORKLOADS = [
    "partners_nearest",
    "scores_recompute",
    "score_history",
    "review_queue",
    "assignments",
    "exports",
    "priority_map",
    "dashboard",
    "tiles",
    "visits_sync",
    "visits_create",
    "scale",  # BENCH_SCALE=5: the 5,000,000-visit ceiling of docs/scaling.md
]


def main() -> None:
    setup_django()
    import importlib

    with fresh_database():
        print(f"machine: {machine()}")
        for name in sys.argv[1:] or WORKLOADS:  # python -m bench exports: one workload
            module = importlib.import_module(f"bench.{name}")
            print(module.report(module.run()), flush=True)


if __name__ == "__main__":
    main()
