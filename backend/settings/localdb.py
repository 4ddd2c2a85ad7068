"""The project-local PostGIS cluster (scripts/localdb.sh), for the settings of a developer's machine."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent.parent / "scripts" / "localdb.sh"


def use_local_database() -> None:
    """Point DATABASE_URL at the project-local cluster when it is not set, so that `manage.py` and
    pytest find the database `make run` started, as the Makefile does."""
    if not os.environ.get("DATABASE_URL") and SCRIPT.exists():
        url = subprocess.run([str(SCRIPT), "url"], check=True, capture_output=True, text=True).stdout  # noqa: S603
        os.environ["DATABASE_URL"] = url.strip()
