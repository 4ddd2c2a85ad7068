"""make backup / make restore: a dump restored into a fresh database holds the same data."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from psycopg.conninfo import make_conninfo

from tests.factories import LiaisonFactory, NeighborhoodFactory, PartnerFactory, VisitFactory, default_profile

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump must see committed rows

ROOT = Path(__file__).resolve().parent.parent
TABLES = [
    "surveys_neighborhood",
    "surveys_visit",
    "partners_partner",
    "partners_liaison",
    "partners_liaison_neighborhoods",
    "planning_weightprofile",
    "planning_neighborhoodscore",
]
RESTORED = "mahalleh_restore_check"


def conninfo(dbname: str) -> str:
    params = connection.get_connection_params()
    keep = {k: v for k, v in params.items() if k in {"user", "password", "host", "port"} and v}
    return make_conninfo(dbname=dbname, **keep)


def fingerprint(info: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per table (geometries included)."""
    with psycopg.connect(info) as db:
        return {
            table: db.execute(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f" FROM {table} t"
            ).fetchone()
            for table in TABLES
        }


@pytest.fixture
def restored_database():
    admin = conninfo(connection.settings_dict["NAME"])
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
        db.execute(f"CREATE DATABASE {RESTORED}")
    yield conninfo(RESTORED)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {RESTORED}")


def run(script: str, *args: str, database: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database, "BACKUP_DIR": str(tmp_path)}
    env["MEDIA_ROOT"] = str(tmp_path / "media")
    command = [str(ROOT / "scripts" / script), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603


def test_backup_restores_into_a_fresh_database(tmp_path, restored_database):
    default_profile()
    area = NeighborhoodFactory(name="کوی لاله")
    VisitFactory(point=Point(50.005, 36.255, srid=4326), water="none")
    LiaisonFactory(mosque=PartnerFactory(name="مسجد جامع")).neighborhoods.add(area)
    call_command("recompute_scores", "--no-progress")
    (tmp_path / "media" / "visits").mkdir(parents=True)
    (tmp_path / "media" / "visits" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")

    backup = run("backup.sh", database=conninfo(connection.settings_dict["NAME"]), tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    dump = Path(backup.stdout.strip())
    assert dump.exists() and dump.with_name(dump.stem + "-media.tar.gz").exists()

    (tmp_path / "media" / "visits" / "photo.jpg").unlink()
    restore = run("restore.sh", "--yes", str(dump), database=restored_database, tmp_path=tmp_path)
    assert restore.returncode == 0, restore.stderr
    assert fingerprint(restored_database) == fingerprint(conninfo(connection.settings_dict["NAME"]))
    assert fingerprint(restored_database)["surveys_visit"][0] == 1
    assert (tmp_path / "media" / "visits" / "photo.jpg").read_bytes() == b"\xff\xd8 a photo"


def test_restore_refuses_what_is_not_a_dump(tmp_path, restored_database):
    bogus = tmp_path / "not-a-dump.dump"
    bogus.write_text("SELECT 1;")
    result = run("restore.sh", "--yes", str(bogus), database=restored_database, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "Not a pg_dump" in result.stderr
    missing = run(
        "restore.sh", "--yes", str(tmp_path / "nope.dump"), database=restored_database, tmp_path=tmp_path
    )
    assert missing.returncode == 2 and "No such dump" in missing.stderr
