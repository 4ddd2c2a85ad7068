"""Writes for planning: weight profiles, and recomputing every neighbourhood's score."""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.common.services import model_update, quoted_columns, rows_copy
from backend.jobs.services import scores_stale
from backend.partners.services import coverage_refresh_stale
from backend.planning import selectors
from backend.planning.models import NeighborhoodScore, ScoreSnapshot, WeightProfile
from geo.scoring import Context, check_weights, rank, score

# Two recomputes at once would delete each other's rows: they take turns.
RECOMPUTE_LOCK = 7_305_001
PROFILE_FIELDS = ("name", "description", "weights", "is_default")
SCORE_COLUMNS = (
    "profile", "neighborhood", "score", "rank", "confidence", "visit_count", "last_visit_at",
    "components", "contributions", "reasons", "computed_at",
)  # fmt: skip
SNAPSHOT_COLUMNS = (
    "profile",
    "neighborhood",
    "computed_at",
    "score",
    "rank",
    "confidence",
    "visit_count",
    "components",
)


@dataclass(frozen=True)
class Recomputed:
    profiles: int
    neighborhoods: int
    computed_at: datetime
    seconds: float


def scores_recompute(
    *,
    profiles: Iterable[WeightProfile] | None = None,
    progress: Callable[[str], None] = lambda step: None,
    as_of: datetime | None = None,
) -> Recomputed:
    """Score every neighbourhood under each profile (all by default) and store the results.

    Reads visits and coverage in a few queries, scores in Python (geo.scoring),
    replaces each profile's current rows and adds a snapshot of them, in one transaction.
    With ``as_of`` (a past moment), only a snapshot is added, scored from the visits made by then:
    history for visits imported late. Partner coverage is today's: the registry keeps no history.
    """
    started = time.perf_counter()
    chosen = list(profiles) if profiles is not None else list(WeightProfile.objects.all())
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RECOMPUTE_LOCK])
        coverage_refresh_stale()  # neighbourhoods added or redrawn since the last run
        surveyed = selectors.neighborhood_observations(
            crowding=settings.CROWDING_PERSONS_PER_ROOM,
            walk_m=settings.WALKING_DISTANCE_METRES,
            window_days=settings.SCORE_WINDOW_DAYS,
            now=as_of,
        )
        progress("aggregated")
        context = Context(
            max_population=max((s.observations.population or 0 for s in surveyed.values()), default=0),
            walking_distance_m=settings.WALKING_DISTANCE_METRES,
        )
        computed_at = as_of or timezone.now()
        for profile in chosen:
            weights = check_weights(profile.weights)
            scores = {nid: score(s.observations, weights, context) for nid, s in surveyed.items()}
            ranks = rank(scores)
            rows = [
                {
                    "profile": profile.pk,
                    "neighborhood": nid,
                    "score": None if result.value is None else round(result.value, 2),
                    "rank": ranks[nid],
                    "confidence": round(result.confidence, 3),
                    "visit_count": surveyed[nid].observations.visits,
                    "last_visit_at": surveyed[nid].last_visit_at,
                    "components": {
                        k: None if v is None else round(v, 4) for k, v in result.components.items()
                    },
                    "contributions": {k: round(v, 2) for k, v in result.contributions.items()},
                    "reasons": result.reasons,
                    "computed_at": computed_at,
                }
                for nid, result in scores.items()
            ]
            # The history is added to, never rewritten.
            if as_of is None:
                NeighborhoodScore.objects.filter(profile=profile).delete()
                rows_copy(NeighborhoodScore, rows, SCORE_COLUMNS)
                _snapshot_current(profile)
            else:
                rows_copy(ScoreSnapshot, rows, SNAPSHOT_COLUMNS)
            progress(profile.name)
    return Recomputed(len(chosen), len(surveyed), computed_at, time.perf_counter() - started)


def _snapshot_current(profile: WeightProfile) -> None:
    """Add the profile's current scores to the history, copied by the database (not sent twice)."""
    fields = [cast(models.Field, ScoreSnapshot._meta.get_field(name)) for name in SNAPSHOT_COLUMNS]
    columns = quoted_columns(connection, fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ScoreSnapshot._meta.db_table} ({columns})"  # noqa: S608 (names from the models)
            f" SELECT {columns} FROM {NeighborhoodScore._meta.db_table} WHERE profile_id = %s",
            [profile.pk],
        )


@transaction.atomic
def weight_profile_create(
    *,
    name: str = "",
    weights: dict[str, float] | None = None,
    description: str = "",
    is_default: bool = False,
    created_by: User | None = None,
) -> WeightProfile:
    """Create a named profile (weights checked) and score every neighbourhood under it."""
    profile = WeightProfile(
        name=name, weights=weights, description=description, is_default=is_default, created_by=created_by
    )
    if profile.is_default:  # first, or "one default profile" refuses the new one
        WeightProfile.objects.filter(is_default=True).update(is_default=False)
    profile.full_clean()
    profile.save()
    scores_stale()  # its scores come from the next recompute, queued now
    return profile


@transaction.atomic
def weight_profile_delete(*, profile: WeightProfile) -> None:
    """Delete a profile and its scores; never the default one (scores and pages need one)."""
    if profile.is_default:
        raise ValidationError(
            {"profile": [_("The default profile cannot be deleted; make another one the default first.")]}
        )
    profile.delete()


@transaction.atomic
def weight_profile_update(*, profile: WeightProfile, data: dict[str, Any]) -> WeightProfile:
    """Change a profile; new weights are scored by the recompute this queues."""
    if data.get("is_default"):
        WeightProfile.objects.filter(is_default=True).exclude(pk=profile.pk).update(is_default=False)
    model_update(profile, fields=PROFILE_FIELDS, data=data)
    if "weights" in data:
        scores_stale()
    return profile
