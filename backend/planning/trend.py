"""What the neighbourhood page shows of change: the score over time with interventions marked, and
each delivered intervention's components before and after it, measured from the visits themselves."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.interventions.models import Intervention, InterventionStatus
from backend.planning import selectors
from backend.planning.models import COMPONENT_LABELS, WeightProfile
from backend.surveys.models import Neighborhood
from geo.charts import Chart, score_chart
from geo.scoring import DEPRIVATIONS, HARMS, Context, Observations, normalise
from geo.text import jalali_day

if TYPE_CHECKING:
    from backend.interventions.selectors import Statused

# The components an intervention of each kind is meant to move (shown first, highlighted).
KIND_COMPONENTS = {
    "water_sanitation": ("water", "sanitation"),
    "housing_repair": ("durable_housing", "living_area"),
    "legal_aid": ("tenure",),
    "child_support": ("child_labour",),
    "education": ("child_labour",),
    "addiction_support": ("addiction",),
    "employment": ("unemployment", "scavenging"),
    "cash_aid": ("female_headed_households",),
    "food": ("female_headed_households",),
}


def _day(moment: datetime) -> str:
    return jalali_day(timezone.localtime(moment).date())


def _midnight(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def chart(
    *, neighborhood: Neighborhood, profile: WeightProfile, interventions: "list[Statused]"
) -> Chart | None:
    """Return the score-over-time chart, with each intervention's start and delivery marked."""
    scores = [
        (s.computed_at, s.score, f"{_day(s.computed_at)}: {s.score:.1f}")
        for s in selectors.score_history(neighborhood=neighborhood, profile=profile)
        if s.score is not None
    ]
    events = []
    for i in interventions:
        if i.current_status == InterventionStatus.CANCELLED:
            continue
        start, end = i.actual_start or i.planned_start, i.actual_end
        if start:
            events.append((_midnight(start), _("%(title)s starts") % {"title": i.title}, "start"))
        if end and i.current_status in (InterventionStatus.DELIVERED, InterventionStatus.VERIFIED):
            events.append((_midnight(end), _("%(title)s delivered") % {"title": i.title}, "delivery"))
    if scores:  # markers years before the history would squash it into a corner
        first = scores[0][0] - timedelta(days=settings.SCORE_WINDOW_DAYS)
        last = max(scores[-1][0], timezone.now())
        events = [e for e in events if first <= e[0] <= last]
    if len(scores) < 2:
        return None
    return score_chart(scores, events, first_label=_day(scores[0][0]), last_label=_day(scores[-1][0]))


@dataclass(frozen=True)
class BeforeAfter:
    intervention: Intervention
    visits_before: int
    visits_after: int
    rows: list[dict[str, Any]]  # label, before, after (0–1 or None), related


def before_after(*, neighborhood: Neighborhood, interventions: "list[Statused]") -> list[BeforeAfter]:
    """For each delivered (or verified) intervention: the visit-based components over the score
    window before it started, and over the visits since it ended."""
    now = timezone.now()
    window = timedelta(days=settings.SCORE_WINDOW_DAYS)
    context = Context(max_population=1, walking_distance_m=settings.WALKING_DISTANCE_METRES)
    result = []
    for i in interventions:
        if i.current_status not in (InterventionStatus.DELIVERED, InterventionStatus.VERIFIED):
            continue
        if i.actual_end is None:  # delivered means ended (the services ask for the date)
            continue
        start, end = _midnight(i.actual_start or i.actual_end), _midnight(i.actual_end + timedelta(days=1))
        parts = []
        for since, until in ((start - window, start), (end, now)):
            rows = selectors.visit_aggregates(
                crowding=settings.CROWDING_PERSONS_PER_ROOM,
                since=since,
                until=until,
                neighborhoods=[neighborhood.pk],
            )
            count, _age, counts = selectors.observations_of(rows.get(neighborhood.pk, {}))
            parts.append((count, normalise(Observations(visits=count, counts=counts), context)))
        related = KIND_COMPONENTS.get(i.kind, ())
        names = [*related, *(n for n in (*DEPRIVATIONS, *HARMS) if n not in related)]
        components = [
            {
                "label": COMPONENT_LABELS[n],
                "before": parts[0][1][n],
                "after": parts[1][1][n],
                "related": n in related,
            }
            for n in names
        ]
        result.append(BeforeAfter(i, parts[0][0], parts[1][0], components))
    return result
