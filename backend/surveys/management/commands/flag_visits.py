"""python manage.py flag_visits: compute every stored visit's quality flags again.

Flags are computed when a visit is stored; run this after changing a REVIEW_* threshold or
FIELD_GPS_WARN_METRES, or once after upgrading, for the visits stored before flags existed.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from backend.surveys.models import Visit
from backend.surveys.quality import visits_flag

CHUNK = 2_000


class Command(BaseCommand):
    help = "Compute the quality flags of every stored visit again, with the current thresholds."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Visit.objects.order_by("pk").values_list("pk", flat=True))
        with tqdm(total=len(ids), unit="visit", disable=options["no_progress"]) as bar:
            for start in range(0, len(ids), CHUNK):
                with transaction.atomic():
                    visits_flag(list(Visit.objects.filter(pk__in=ids[start : start + CHUNK])))
                bar.update(min(CHUNK, len(ids) - start))
        flagged = Visit.objects.exclude(quality_flags=[]).count()
        self.stdout.write(f"Flagged {flagged:,} of {len(ids):,} visits.")
