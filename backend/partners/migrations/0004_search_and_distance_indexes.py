import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
import django.db.models.functions.comparison
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_point_in_range")]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name="partner",
            index=django.contrib.postgres.indexes.GistIndex(
                django.db.models.functions.comparison.Cast(
                    "point", django.contrib.gis.db.models.fields.PointField(geography=True, srid=4326)
                ),
                name="partner_point_geog",
            ),
        ),
        migrations.AddIndex(
            model_name="partner",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name_search"], name="partner_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        # Django cannot yet express an operator class on an expression index.
        migrations.RunSQL(
            "CREATE INDEX partner_name_compact_trgm ON partners_partner "
            "USING gin ((replace(name_search, ' ', '')) gin_trgm_ops);",
            "DROP INDEX IF EXISTS partner_name_compact_trgm;",
        ),
    ]
