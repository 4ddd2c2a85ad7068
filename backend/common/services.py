"""Write helpers shared by the apps' services."""

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone


def model_update(instance: models.Model, *, fields: Iterable[str], data: dict[str, Any]) -> None:
    """Set the given fields present in data, stamp updated_at, validate and save."""
    for field in fields:
        if field in data:
            setattr(instance, field, data[field])
    instance.updated_at = timezone.now()
    instance.full_clean()
    instance.save()
