"""python manage.py recompute_scores [--profile NAME]: score every neighbourhood again."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from backend.planning import selectors, services
from backend.planning.models import WeightProfile


class Command(BaseCommand):
    help = "Recompute every neighbourhood's need score under each weight profile (or one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--profile", help="a profile's name or id (default: all profiles)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        profiles = list(WeightProfile.objects.all())
        if options["profile"]:
            found = selectors.profile_find(options["profile"])
            if found is None:
                raise CommandError(
                    f"No weight profile {options['profile']!r}; see the admin for their names."
                )
            profiles = [found]
        with tqdm(
            total=1 + len(profiles), desc="aggregating visits", unit="step", disable=options["no_progress"]
        ) as bar:

            def step(done: str) -> None:
                bar.set_description(f"scored {done}" if done != "aggregated" else "scoring")
                bar.update(1)

            result = services.scores_recompute(profiles=profiles, progress=step)
        self.stdout.write(
            f"Scored {result.neighborhoods} neighbourhoods under {result.profiles} profile(s) "
            f"in {result.seconds:.1f} s ({result.computed_at:%Y-%m-%d %H:%M:%S} UTC)."
        )
