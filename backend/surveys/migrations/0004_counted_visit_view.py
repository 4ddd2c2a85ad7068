"""surveys_counted_visit: the visits that count, for raw SQL (scores, tiles).

The same rule as VisitQuerySet.counted(): the review states that count come from
SCORE_REVIEW_STATES, which settings hand every connection as mahalleh.counted_states.
Without it the view raises an error rather than guess. The list is read once per query
(a scalar subquery), not once per row. The view lists surveys_visit's
columns as they are now: a migration that changes a column drops and recreates it.
"""

from django.db import migrations

CREATE = """
CREATE VIEW surveys_counted_visit AS
SELECT * FROM surveys_visit
 WHERE review_state = ANY ((SELECT string_to_array(current_setting('mahalleh.counted_states'), ','))::text[]);
"""
DROP = "DROP VIEW IF EXISTS surveys_counted_visit;"


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_review")]

    operations = [migrations.RunSQL(CREATE, DROP)]
