"""surveys_counted_visit: the visits that count, for raw SQL (scores, tiles).

The same rule as VisitQuerySet.counted(): the review states that count come from
SCORE_REVIEW_STATES, which settings hand every connection as mahalleh.counted_states.
Without it the view raises an error rather than guess. The list is read once per query
(a scalar subquery), not once per row. The view lists surveys_visit's
columns as they are now: a migration that adds a column runs CREATE again (new columns join
at the end), one that changes a column drops and recreates it.
"""

from django.db import migrations

from backend.surveys.migrations._counted_view import CREATE, DROP  # noqa: E402


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_review")]

    operations = [migrations.RunSQL(CREATE, DROP)]
