"""Neighbourhood need scores from plain numbers: explainable, 0–100, no Django.

What goes in (``Observations``), per neighbourhood:
- For each of UN-Habitat's five household deprivations (SDG 11.1.1) and each
  social harm the province tracks: how many visits answered the question and
  how many of those found the deprivation or harm. Visits that skipped a
  question neither count for nor against it.
- Population, whether an active Imam Mahalleh (liaison) is assigned, and the
  distance from the boundary to the nearest active partner.
- How many visits there were and how old they are on average.

Which visits: only those of a recent window (``SCORE_WINDOW_DAYS``, 365 by default) and only
counted ones (not rejected; see the review states). A score is meant to show need *now*, so that
help that arrived shows as change: a neighbourhood that got clean water two years ago must not
read as lacking it because of the visits before the pipes. A year is long enough for the slow
harms (tenure, addiction) to be seen by several visits, and short enough that a year-old fix is
fully reflected. A neighbourhood with no counted visit in the window has no score (unknown), like
one never visited; its last visit is still reported, and the field-work suggestions send someone.
The window is applied where visits are counted (backend.planning.selectors), so the numbers
coming in here are already the window's.

Normalisation — every component is a number from 0 (no need) to 1 (most need):
- deprivations and harms: the share of answering visits that found it;
- ``population``: log(1 + population) / log(1 + the largest population), so
  size matters but a town twice as big is not twice as needy;
- ``no_liaison``: 1 without an active liaison, else 0;
- ``partner_distance``: 0 when an active partner is within walking distance,
  rising linearly to 1 at twice the walking distance (1 also when there is no
  active partner at all).

The score is the weighted mean of the known components, times 100. A
component that is unknown (no visit answered it; no population estimate) is
left out of both the numerator and the weights, and reported as unknown.
Each component's *contribution* is its share of the score in points, so the
contributions add up to the score and the largest are the reasons shown.

A neighbourhood never visited has no score (``None``): unknown, not "no need".
Confidence (0–1) grows with the number of visits, n / (n + 5), and halves for
every year of average visit age.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from geo.indicators import SCORED

# The components visits measure, from the registry of indicators; the context ones are the score's.
DEPRIVATIONS = tuple(str(i.component) for i in SCORED if not i.is_harm)
HARMS = tuple(str(i.component) for i in SCORED if i.is_harm)
CONTEXT = ("population", "no_liaison", "partner_distance")
COMPONENTS = (*DEPRIVATIONS, *HARMS, *CONTEXT)

DEFAULT_WEIGHTS: dict[str, float] = {
    **dict.fromkeys(DEPRIVATIONS, 1.0),
    **dict.fromkeys(HARMS, 0.5),
    "population": 0.5,
    "no_liaison": 0.5,
    "partner_distance": 0.5,
}
HALF_CONFIDENCE_VISITS = 5  # visits at which the count alone gives confidence 0.5
CONFIDENCE_HALF_LIFE_DAYS = 365.0
REASONS = 3  # how many components to name as the reasons behind a score


class WeightError(ValueError):
    """Weights that cannot make a score; the message says which and why."""


@dataclass(frozen=True)
class Observations:
    """What is known about one neighbourhood."""

    visits: int
    mean_age_days: float | None = None
    # component -> (visits that found it, visits that answered)
    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    population: int | None = None
    has_liaison: bool = False
    nearest_partner_m: float | None = None  # None: no active partner anywhere


@dataclass(frozen=True)
class Context:
    """What the normalisation compares against: the same for every neighbourhood of a run."""

    max_population: int
    walking_distance_m: float


@dataclass(frozen=True)
class Score:
    value: float | None  # 0–100, None when never visited
    components: dict[str, float | None]  # normalised 0–1, None when unknown
    contributions: dict[str, float]  # points of the score, known components only
    confidence: float
    reasons: list[str]  # the components that add most, largest first


def check_weights(weights: Mapping[str, object]) -> dict[str, float]:
    """Return weights for every component (missing ones 0), or raise WeightError."""
    unknown = sorted(set(weights) - set(COMPONENTS))
    if unknown:
        raise WeightError(f"Unknown components: {', '.join(unknown)}. Known: {', '.join(COMPONENTS)}.")
    checked: dict[str, float] = {}
    for name in COMPONENTS:
        value = weights.get(name, 0.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise WeightError(f"The weight of {name} must be a number.")
        if value < 0:
            raise WeightError(f"The weight of {name} must not be negative.")
        if value > 1000:
            raise WeightError(f"The weight of {name} must be at most 1000.")
        checked[name] = float(value)
    if not any(checked.values()):
        raise WeightError("At least one weight must be more than zero.")
    return checked


def normalise(obs: Observations, context: Context) -> dict[str, float | None]:
    """Return every component of obs as a number from 0 to 1, or None when unknown."""
    values: dict[str, float | None] = {}
    for name in (*DEPRIVATIONS, *HARMS):
        found, answered = obs.counts.get(name, (0, 0))
        values[name] = found / answered if answered else None
    if obs.population is None or context.max_population <= 0:
        values["population"] = None
    else:
        values["population"] = math.log1p(obs.population) / math.log1p(context.max_population)
    values["no_liaison"] = 0.0 if obs.has_liaison else 1.0
    walk = context.walking_distance_m
    if obs.nearest_partner_m is None:
        values["partner_distance"] = 1.0
    else:
        values["partner_distance"] = min(1.0, max(0.0, (obs.nearest_partner_m - walk) / walk))
    return values


def confidence(visits: int, mean_age_days: float | None) -> float:
    """Return how far to trust a score (0–1) from the number and age of its visits."""
    if visits <= 0:
        return 0.0
    amount = visits / (visits + HALF_CONFIDENCE_VISITS)
    age = max(0.0, mean_age_days or 0.0)
    return amount * 0.5 ** (age / CONFIDENCE_HALF_LIFE_DAYS)


def score(obs: Observations, weights: Mapping[str, float], context: Context) -> Score:
    """Return the neighbourhood's score under checked weights (see ``check_weights``)."""
    components = normalise(obs, context)
    trust = confidence(obs.visits, obs.mean_age_days)
    if obs.visits <= 0:
        return Score(None, components, {}, trust, [])
    known = {name: value for name, value in components.items() if value is not None and weights[name] > 0}
    total_weight = sum(weights[name] for name in known)
    if total_weight == 0:
        return Score(None, components, {}, trust, [])
    contributions = {name: 100 * weights[name] * value / total_weight for name, value in known.items()}
    reasons = sorted(
        (n for n, points in contributions.items() if points > 0), key=lambda n: -contributions[n]
    )
    return Score(sum(contributions.values()), components, contributions, trust, reasons[:REASONS])


def rank(scores: Mapping[int, Score]) -> dict[int, int | None]:
    """Return 1 for the highest score, 2 for the next, …; ties share a rank; unknown is None."""
    known = sorted((s.value, key) for key, s in scores.items() if s.value is not None)
    ranks: dict[int, int | None] = dict.fromkeys(scores)
    position, previous = 0, None
    for index, (value, key) in enumerate(reversed(known), start=1):
        rounded = round(value, 6)
        if rounded != previous:
            position, previous = index, rounded
        ranks[key] = position
    return ranks
