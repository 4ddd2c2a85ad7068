"""Weight profiles and the scores they give each neighbourhood (see geo.scoring)."""

from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.l10n import listing
from geo.indicators import SCORED
from geo.scoring import WeightError, check_weights


class WeightProfile(models.Model):
    """A named set of weights, one per score component; planners keep several."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    weights = models.JSONField(_("weights"))
    is_default = models.BooleanField(_("default profile"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("weight profile")
        verbose_name_plural = _("weight profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_profile"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            self.weights = check_weights(self.weights if isinstance(self.weights, dict) else {})
        except WeightError as exc:
            raise ValidationError({"weights": str(exc)}) from None


class NeighborhoodScore(models.Model):
    """One neighbourhood's score under one profile, as last computed."""

    profile = models.ForeignKey(WeightProfile, on_delete=models.CASCADE, related_name="scores")
    neighborhood = models.ForeignKey("surveys.Neighborhood", on_delete=models.CASCADE, related_name="scores")
    score = models.FloatField(_("score"), null=True)  # None: never visited, unknown
    rank = models.PositiveIntegerField(_("rank"), null=True)
    confidence = models.FloatField(_("confidence"))
    visit_count = models.PositiveIntegerField(_("visits"))
    last_visit_at = models.DateTimeField(_("last visit"), null=True)
    components = models.JSONField(_("components"))  # name -> 0..1 or null
    contributions = models.JSONField(_("contributions"))  # name -> points of the score
    reasons = models.JSONField(_("reasons"))  # component names, largest contribution first
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["profile", "rank", "neighborhood"]
        verbose_name = _("neighbourhood score")
        verbose_name_plural = _("neighbourhood scores")
        constraints = [
            models.UniqueConstraint(fields=["profile", "neighborhood"], name="one_score_per_profile"),
        ]
        indexes = [models.Index(fields=["profile", "rank"], name="score_profile_rank")]


class ScoreSnapshot(models.Model):
    """One neighbourhood's score under one profile at one recompute: the history, never rewritten."""

    profile = models.ForeignKey(WeightProfile, on_delete=models.CASCADE, related_name="snapshots")
    neighborhood = models.ForeignKey(
        "surveys.Neighborhood", on_delete=models.CASCADE, related_name="score_snapshots"
    )
    computed_at = models.DateTimeField(_("computed at"))
    score = models.FloatField(_("score"), null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    confidence = models.FloatField(_("confidence"))
    visit_count = models.PositiveIntegerField(_("visits"))
    components = models.JSONField(_("components"))  # name -> 0..1 or null

    class Meta:
        ordering = ["neighborhood", "profile", "computed_at"]
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["neighborhood", "profile", "computed_at"], name="one_snapshot_per_recompute"
            ),
        ]


# What each score component means, for people (exports, tooltips, the breakdown): the registry's
# needs for what visits measure (geo.indicators), then the context.
COMPONENT_LABELS = {
    **{str(indicator.component): _(indicator.need) for indicator in SCORED},
    "population": _("Population"),
    "no_liaison": _("No Imam Mahalleh"),
    "partner_distance": _("Far from partners"),
}


def reason_labels(score: object) -> str:
    """The names of a score's main reasons, joined for reading in the language shown."""
    return listing([str(COMPONENT_LABELS[name]) for name in getattr(score, "reasons", [])])


auditlog.register(WeightProfile, exclude_fields=["updated_at"])  # audit trail: who changed the weights
