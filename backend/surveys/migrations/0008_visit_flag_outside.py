"""The database keeps a visit's outside_neighborhood flag in step with its neighbourhood.

The flag is a pure function of the place the database chose (0002's trigger), so the database sets
it in the same write: a visit stored or moved, or re-placed by a boundary change, needs no second
UPDATE from Python. Flags keep the order of geo.quality.FLAGS as it was when this was written
(tests/backend/surveys/test_quality.py holds the two to the same result).
"""

from django.db import migrations

FLAG_OUTSIDE = """
CREATE OR REPLACE FUNCTION surveys_visit_flag_outside() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.neighborhood_id IS NULL) <> ('outside_neighborhood' = ANY(NEW.quality_flags)) THEN
        NEW.quality_flags := ARRAY(
            SELECT f
              FROM unnest(ARRAY['poor_gps', 'no_gps_accuracy', 'outside_neighborhood', 'too_fast',
                                'near_duplicate', 'implausible', 'late_upload']::varchar[])
                   WITH ORDINALITY AS o(f, i)
             WHERE CASE WHEN f = 'outside_neighborhood' THEN NEW.neighborhood_id IS NULL
                        ELSE f = ANY(NEW.quality_flags) END
             ORDER BY i);
    END IF;
    RETURN NEW;
END
$$;

-- Named to fire after surveys_visit_assign_neighborhood (BEFORE triggers run in name order).
CREATE TRIGGER surveys_visit_flag_outside
    BEFORE INSERT OR UPDATE OF point, neighborhood_id, quality_flags ON surveys_visit
    FOR EACH ROW EXECUTE FUNCTION surveys_visit_flag_outside();
"""

DROP = """
DROP TRIGGER IF EXISTS surveys_visit_flag_outside ON surveys_visit;
DROP FUNCTION IF EXISTS surveys_visit_flag_outside();
"""


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_visit_interventions_seen")]

    operations = [migrations.RunSQL(FLAG_OUTSIDE, DROP)]
