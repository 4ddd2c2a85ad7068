#!/usr/bin/env bash
# make restore FILE=backups/mahalleh-….dump: replace the database's contents with a dump made
# by scripts/backup.sh (and the photos with its -media.tar.gz, when there is one), in one
# transaction: a failed restore changes nothing. Asks first unless --yes is given.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is required (the Makefile sets it for the local cluster)}"
url="${DATABASE_URL/#postgis:/postgres:}"
yes=""
if [ "${1:-}" = "--yes" ]; then yes=1; shift; fi
dump="${1:?usage: restore.sh [--yes] FILE.dump}"
[ -f "$dump" ] || { echo "No such dump: $dump" >&2; exit 2; }
pg_restore --list "$dump" >/dev/null || { echo "Not a pg_dump custom-format file: $dump" >&2; exit 2; }
if [ -z "$yes" ]; then
  read -r -p "Replace every table in the database with $dump? Type yes: " answer
  [ "$answer" = "yes" ] || { echo "Nothing restored."; exit 1; }
fi
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --dbname "$url" "$dump"
media_archive="${dump%.dump}-media.tar.gz"
if [ -f "$media_archive" ]; then
  media="${MEDIA_ROOT:-media}"
  mkdir -p "$media"
  tar -C "$media" -xzf "$media_archive"
fi
echo "Restored $dump"
