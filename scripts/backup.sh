#!/usr/bin/env bash
# make backup: dump the database (pg_dump, custom format) and the uploaded photos into
# $BACKUP_DIR (default backups/). Prints the dump's path. Restore with scripts/restore.sh.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is required (the Makefile sets it for the local cluster)}"
url="${DATABASE_URL/#postgis:/postgres:}"  # Django's scheme name; libpq wants postgres:
dest="${BACKUP_DIR:-backups}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$dest"
dump="$dest/mahalleh-$stamp.dump"
pg_dump --format=custom --no-owner --no-privileges --file "$dump" "$url"
media="${MEDIA_ROOT:-media}"
if [ -d "$media" ]; then
  tar -C "$media" -czf "$dest/mahalleh-$stamp-media.tar.gz" .
fi
echo "$dump"
