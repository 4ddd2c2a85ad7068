from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE partners_partner ADD CONSTRAINT partner_point_in_range "
            "CHECK (ST_X(point) BETWEEN -180 AND 180 AND ST_Y(point) BETWEEN -90 AND 90);",
            "ALTER TABLE partners_partner DROP CONSTRAINT IF EXISTS partner_point_in_range;",
        )
    ]
