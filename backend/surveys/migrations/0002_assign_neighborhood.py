"""The database places each visit in a neighbourhood, and checks coordinate ranges."""

from django.db import migrations

NEIGHBORHOOD_AT = """
CREATE OR REPLACE FUNCTION surveys_neighborhood_at(p geometry) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT n.id FROM surveys_neighborhood n
     WHERE ST_Covers(n.boundary, p)
     ORDER BY ST_Area(n.boundary), n.id
     LIMIT 1
$$;

CREATE OR REPLACE FUNCTION surveys_visit_assign_neighborhood() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.neighborhood_id := surveys_neighborhood_at(NEW.point);
    RETURN NEW;
END
$$;

CREATE TRIGGER surveys_visit_assign_neighborhood
    BEFORE INSERT OR UPDATE OF point ON surveys_visit
    FOR EACH ROW EXECUTE FUNCTION surveys_visit_assign_neighborhood();

ALTER TABLE surveys_visit ADD CONSTRAINT visit_point_in_range
    CHECK (ST_X(point) BETWEEN -180 AND 180 AND ST_Y(point) BETWEEN -90 AND 90);
"""

DROP = """
ALTER TABLE surveys_visit DROP CONSTRAINT IF EXISTS visit_point_in_range;
DROP TRIGGER IF EXISTS surveys_visit_assign_neighborhood ON surveys_visit;
DROP FUNCTION IF EXISTS surveys_visit_assign_neighborhood();
DROP FUNCTION IF EXISTS surveys_neighborhood_at(geometry);
"""


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunSQL(NEIGHBORHOOD_AT, DROP)]
