"""surveys_place: the neighbourhoods as the other apps read them in SQL (their outlines, names and
county), so that those apps need not know the table behind them (tests/test_architecture.py)."""

from django.db import migrations

CREATE = """
CREATE VIEW surveys_place AS
SELECT id, code, name, county, boundary, updated_at FROM surveys_neighborhood;
"""
DROP = "DROP VIEW IF EXISTS surveys_place;"


class Migration(migrations.Migration):
    dependencies = [("surveys", "0009_unanswered_choice_is_blank")]

    operations = [migrations.RunSQL(CREATE, DROP)]
