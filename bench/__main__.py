"""python -m bench: run every workload in a throwaway database and print the figures."""

from bench.common import fresh_database, machine, setup_django

WORKLOADS = ["partners_nearest", "scores_recompute", "priority_map", "visits_sync", "visits_create"]


def main() -> None:
    setup_django()
    import importlib

    with fresh_database():
        print(f"machine: {machine()}")
        for name in WORKLOADS:
            module = importlib.import_module(f"bench.{name}")
            print(module.report(module.run()), flush=True)


if __name__ == "__main__":
    main()
