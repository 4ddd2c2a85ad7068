"""Which neighbourhoods to visit next, and how to share them among a team's visitors.

Pure Python and deterministic: the same input gives the same proposal.
"""

import math
from dataclasses import dataclass

NEVER_VISITED = "never_visited"
STALE = "stale"
LOW_CONFIDENCE = "low_confidence"


@dataclass(frozen=True)
class Candidate:
    """A neighbourhood that could be visited, with what is known of it."""

    id: int
    code: str
    lon: float
    lat: float
    visits: int
    days_since_visit: float | None
    score: float | None
    confidence: float


@dataclass(frozen=True)
class Pick:
    candidate: Candidate
    reason: str  # NEVER_VISITED, STALE or LOW_CONFIDENCE


def choose(
    candidates: list[Candidate], *, count: int, stale_days: float, low_confidence: float
) -> list[Pick]:
    """Return up to count picks: never visited first, then the highest need that is stale or unsure."""
    never = sorted((c for c in candidates if c.visits == 0), key=lambda c: c.code)
    picks = [Pick(c, NEVER_VISITED) for c in never]
    known = []
    for c in candidates:
        if c.visits == 0:
            continue
        if c.days_since_visit is not None and c.days_since_visit > stale_days:
            known.append(Pick(c, STALE))
        elif c.confidence < low_confidence:
            known.append(Pick(c, LOW_CONFIDENCE))
    known.sort(key=lambda p: (-(p.candidate.score or 0.0), p.candidate.code))
    return (picks + known)[:count]


def spread(picks: list[Pick], visitors: list[str]) -> dict[str, list[Pick]]:
    """Share picks among visitors: loads differ by one at most, each visitor's places side by side.

    Recursive bisection: the places are cut across their longer extent (east–west or
    north–south) in proportion to the visitors on each side, until each side has one visitor.
    """
    shares: dict[str, list[Pick]] = {name: [] for name in visitors}
    if visitors:
        _bisect(sorted(picks, key=lambda p: p.candidate.code), visitors, shares)
    return shares


def _bisect(picks: list[Pick], visitors: list[str], shares: dict[str, list[Pick]]) -> None:
    if len(visitors) == 1:
        shares[visitors[0]] = picks
        return
    if picks:
        lons = [p.candidate.lon for p in picks]
        lats = [p.candidate.lat for p in picks]
        # A degree of longitude is shorter than one of latitude away from the equator.
        squeeze = math.cos(math.radians(sum(lats) / len(lats)))
        wide = (max(lons) - min(lons)) * squeeze >= max(lats) - min(lats)
        picks = sorted(picks, key=lambda p: (p.candidate.lon if wide else p.candidate.lat, p.candidate.code))
    left = len(visitors) // 2
    cut = len(picks) * left // len(visitors)
    _bisect(picks[:cut], visitors[:left], shares)
    _bisect(picks[cut:], visitors[left:], shares)
