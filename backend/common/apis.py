"""/healthz: is the database there, and which PostgreSQL and PostGIS?"""

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """Return the database and PostGIS versions, or 503 when the database is unreachable."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version'), postgis_lib_version()")
            database, postgis = cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse({"status": "error", "database": str(exc).strip()}, status=503)
    return JsonResponse({"status": "ok", "database": f"PostgreSQL {database}", "postgis": postgis})
