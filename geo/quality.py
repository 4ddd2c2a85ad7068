"""Quality flags a stored visit earns from its own answers: what a reviewer should look at first.

Pure Python: the database adds the flags that need other rows (a visit outside every
neighbourhood, a near-duplicate of another visit), see backend.surveys.quality.
Flags never refuse a visit; they order the review queue.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

POOR_GPS = "poor_gps"
NO_GPS_ACCURACY = "no_gps_accuracy"
OUTSIDE_NEIGHBORHOOD = "outside_neighborhood"
TOO_FAST = "too_fast"
NEAR_DUPLICATE = "near_duplicate"
IMPLAUSIBLE = "implausible"
LATE_UPLOAD = "late_upload"
FLAGS = (POOR_GPS, NO_GPS_ACCURACY, OUTSIDE_NEIGHBORHOOD, TOO_FAST, NEAR_DUPLICATE, IMPLAUSIBLE, LATE_UPLOAD)


@dataclass(frozen=True)
class Rules:
    """The thresholds, from settings."""

    gps_warn_m: float
    min_form_seconds: float
    max_persons_per_room: float
    late_upload_days: float


@dataclass(frozen=True)
class Answers:
    """What one visit says about itself."""

    gps_accuracy_m: float | None
    form_opened_at: datetime | None
    form_saved_at: datetime | None
    persons_per_room: float | None
    visited_at: datetime
    received_at: datetime
    inside_neighborhood: bool


def flags_of(answers: Answers, rules: Rules) -> list[str]:
    """Return the flags a visit earns from its own answers, in the order of FLAGS."""
    flags = []
    if answers.gps_accuracy_m is None:
        flags.append(NO_GPS_ACCURACY)
    elif answers.gps_accuracy_m > rules.gps_warn_m:
        flags.append(POOR_GPS)
    if not answers.inside_neighborhood:
        flags.append(OUTSIDE_NEIGHBORHOOD)
    if answers.form_opened_at and answers.form_saved_at:
        seconds = (answers.form_saved_at - answers.form_opened_at).total_seconds()
        if seconds < rules.min_form_seconds:
            flags.append(TOO_FAST)
    if answers.persons_per_room is not None and answers.persons_per_room > rules.max_persons_per_room:
        flags.append(IMPLAUSIBLE)
    if answers.received_at - answers.visited_at > timedelta(days=rules.late_upload_days):
        flags.append(LATE_UPLOAD)
    return flags


def with_flag(flags: list[str], flag: str, present: bool) -> list[str]:
    """Return flags with flag added or removed, kept in the order of FLAGS."""
    wanted = (set(flags) | {flag}) if present else (set(flags) - {flag})
    return [f for f in FLAGS if f in wanted]
