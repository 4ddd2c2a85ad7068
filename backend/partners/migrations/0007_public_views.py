"""Views through which the other apps read the registry in SQL (tests/test_architecture.py):
partners_public_partner, the active partners without any contact (what every reading role may
see), and partners_liaison_place, the neighbourhoods that have an active Imam Mahalleh."""

from django.db import migrations

CREATE = """
CREATE VIEW partners_public_partner AS
SELECT id, kind, name, point FROM partners_partner WHERE is_active;

CREATE VIEW partners_liaison_place AS
SELECT DISTINCT ln.neighborhood_id
  FROM partners_liaison_neighborhoods ln
  JOIN partners_liaison l ON l.id = ln.liaison_id
 WHERE l.is_active;
"""
DROP = """
DROP VIEW IF EXISTS partners_liaison_place;
DROP VIEW IF EXISTS partners_public_partner;
"""


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_neighborhood_coverage")]

    operations = [migrations.RunSQL(CREATE, DROP)]
