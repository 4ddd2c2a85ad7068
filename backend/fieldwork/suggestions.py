"""Which of a team's neighbourhoods to visit next, shared among its visitors (geo.assignments)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.utils import timezone
from django.utils.translation import gettext as _

from backend.accounts.models import User
from backend.fieldwork.models import Assignment, Team
from backend.fieldwork.selectors import with_progress
from backend.planning.models import NeighborhoodScore
from backend.planning.selectors import profile_default
from backend.surveys.models import Neighborhood
from geo.assignments import LOW_CONFIDENCE, NEVER_VISITED, Candidate, Pick, choose, spread


@dataclass(frozen=True)
class Proposal:
    neighborhood: Neighborhood
    assignee: User | None
    pick: Pick
    score: NeighborhoodScore | None


def suggest(*, team: Team, count: int) -> list[Proposal]:
    """Propose up to count neighbourhoods of the team's area, each with a visitor and a reason.

    Neighbourhoods with an open assignment of this team are left out.
    """
    busy = with_progress(Assignment.objects.filter(team=team, closed="")).exclude(status="done")
    # Read once: as a subquery inside NOT IN, the progress counts would run again per neighbourhood.
    taken = set(busy.values_list("neighborhood_id", flat=True))
    places = {
        n.pk: n for n in team.neighborhoods.exclude(pk__in=taken).annotate(inside=PointOnSurface("boundary"))
    }
    profile = profile_default()
    scores = {
        s.neighborhood_id: s
        for s in NeighborhoodScore.objects.filter(profile=profile, neighborhood_id__in=places)
    }
    now = timezone.now()
    candidates = []
    for pk, place in places.items():
        row = scores.get(pk)
        last = row.last_visit_at if row else None
        candidates.append(
            Candidate(
                id=pk,
                code=place.code,
                lon=place.inside.x,
                lat=place.inside.y,
                visits=row.visit_count if row else 0,
                days_since_visit=(now - last).total_seconds() / 86400 if last else None,
                score=row.score if row else None,
                confidence=row.confidence if row else 0.0,
            )
        )
    picks = choose(
        candidates,
        count=count,
        stale_days=settings.ASSIGN_STALE_DAYS,
        low_confidence=settings.ASSIGN_LOW_CONFIDENCE,
    )
    visitors = list(team.members.order_by("username"))
    by_name = {v.username: v for v in visitors}
    shares = spread(picks, list(by_name))
    proposals = [
        Proposal(places[p.candidate.id], by_name[name], p, scores.get(p.candidate.id))
        for name, share in shares.items()
        for p in share
    ]
    if not visitors:  # a team with no members yet: the whole team, to be shared later
        proposals = [Proposal(places[p.candidate.id], None, p, scores.get(p.candidate.id)) for p in picks]
    return proposals


def proposal_reason(proposal: Proposal) -> str:
    """Why a neighbourhood was proposed, in words, in the current language."""
    pick, row = proposal.pick, proposal.score
    if pick.reason == NEVER_VISITED:
        return _("Never visited: its need is unknown.")
    # A place added since the last recompute has no score row yet: no score, no confidence.
    score, confidence = (row.score or 0, row.confidence) if row else (0, 0)
    if pick.reason == LOW_CONFIDENCE:
        return _("Need score %(score).0f, but few or old visits (confidence %(c).2f).") % {
            "score": score,
            "c": confidence,
        }
    return _("Need score %(score).0f; last visited %(days).0f days ago.") % {
        "score": score,
        "days": pick.candidate.days_since_visit or 0,
    }
