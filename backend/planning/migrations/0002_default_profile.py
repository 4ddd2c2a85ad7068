from typing import Any

from django.db import migrations

from geo.scoring import DEFAULT_WEIGHTS


def seed(apps: Any, schema_editor: Any) -> None:
    WeightProfile = apps.get_model("planning", "WeightProfile")
    if not WeightProfile.objects.filter(is_default=True).exists():
        WeightProfile.objects.create(
            name="پیش‌فرض",
            description="Five UN-Habitat deprivations weigh 1; social harms, population and coverage gaps 0.5.",
            weights=DEFAULT_WEIGHTS,
            is_default=True,
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
