"""One neighbourhood's profile, as its page and its PDF report both show it: the score and why,
visits per month, the score over time, photos, partners and liaisons, interventions and referrals."""

from typing import Any

from django.conf import settings
from django.utils import timezone

from backend.accounts.permissions import can_read_liaison_contacts, can_read_partner_contacts
from backend.common.periods import per_month
from backend.interventions.selectors import intervention_list, referral_list
from backend.partners.models import Liaison
from backend.partners.selectors import partners_serving
from backend.planning import trend
from backend.planning.models import COMPONENT_LABELS, NeighborhoodScore, WeightProfile
from backend.surveys.models import Neighborhood
from backend.surveys.selectors import counted_photos, counted_visits
from geo.charts import series
from geo.scoring import COMPONENTS, check_weights
from geo.text import month_of, months_ending

MONTHS = 24  # the visits-over-time chart covers the last two years
PHOTOS = 12
REFERRALS = 50


def neighborhood_profile(*, neighborhood: Neighborhood, profile: WeightProfile, user: Any) -> dict[str, Any]:
    """Everything the profile shows of neighbourhood under profile, as user may see it (contacts
    only for the roles that may read them)."""
    row = NeighborhoodScore.objects.filter(profile=profile, neighborhood=neighborhood).first()
    weights = check_weights(profile.weights)
    breakdown = [
        {
            "name": name,
            "label": COMPONENT_LABELS[name],
            "weight": weights[name],
            "value": None if row is None else row.components.get(name),
            "points": None if row is None else row.contributions.get(name),
        }
        for name in COMPONENTS
    ]
    visits = counted_visits().filter(neighborhood=neighborhood)
    months = months_ending(month_of(timezone.localdate()), MONTHS)
    partners = partners_serving(neighborhood=neighborhood, walk_m=settings.WALKING_DISTANCE_METRES)
    interventions = list(intervention_list(filters={"neighborhood": neighborhood.pk}))
    return {
        "neighborhood": neighborhood,
        "profile": profile,
        "row": row,
        "breakdown": breakdown,
        "months": series([m.label for m in months], per_month(visits, "visited_at", months)),
        "visit_count": visits.count(),
        "photos": counted_photos(neighborhood=neighborhood)[:PHOTOS],
        "partners": partners,
        "contacts": can_read_partner_contacts(user),
        "liaisons": Liaison.objects.filter(neighborhoods=neighborhood, is_active=True)
        .select_related("mosque")
        .order_by("name"),
        "liaison_contacts": can_read_liaison_contacts(user),
        "interventions": interventions,
        "referrals": referral_list(user=user, filters={"neighborhood": neighborhood.pk})[:REFERRALS],
        "chart": trend.chart(neighborhood=neighborhood, profile=profile, interventions=interventions),
        "before_after": trend.before_after(neighborhood=neighborhood, interventions=interventions),
    }
