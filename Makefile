# Mahalleh — `make run` serves the demo, `make test` runs the suite.
# Both install what is missing first. With DATABASE_URL set, that database is
# used and no local PostGIS is started.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY := .venv/bin/python
PORT ?= 8000

ifeq ($(origin DATABASE_URL),undefined)
LOCAL_DB := 1
export DATABASE_URL := $(shell scripts/localdb.sh url)
endif

.PHONY: help run test check jstest migrations-check setup sysdeps venv db db-stop migrate demo lint format bench load fuzz messages backup restore

help:
	@echo "make run      install what is missing, start PostGIS, migrate, load demo data, serve on :$(PORT) with a job worker"
	@echo "make test     install what is missing, start PostGIS, run ruff and the whole test suite"
	@echo "make check    the quick loop: ruff and the tests without the browser, fault injection or fuzzing"
	@echo "make bench    run the benchmarks in bench/ (minutes; BENCH=exports runs one)"
	@echo "make load     Locust: visitors, planners, coordinators and a supervisor at once against gunicorn (LOAD_SECONDS=60)"
	@echo "make fuzz     Schemathesis on every API operation as every role, fresh randomness (FUZZ_EXAMPLES=200)"
	@echo "make backup   dump the database and photos into backups/"
	@echo "make restore FILE=backups/….dump   replace the database with a backup (asks first)"
	@echo "make db-stop  stop the project-local PostGIS"

sysdeps:
	@scripts/install-system-deps.sh $(if $(filter test check bench,$(MAKECMDGOALS)),--for-tests)

# The stamp is rebuilt only when pyproject.toml changes, so a second run is quick.
.venv/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv .venv
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[dev]'
	@touch $@

venv: .venv/.installed

setup: sysdeps venv

db: setup
ifdef LOCAL_DB
	@scripts/localdb.sh start
endif

db-stop:
	@scripts/localdb.sh stop

migrate: db
	@$(PY) manage.py migrate --no-input -v 0

demo: migrate
	@$(PY) manage.py load_demo

run: demo
	@echo "Serving Mahalleh on http://127.0.0.1:$(PORT)  (review: /review/, assignments: /assignments/, priorities: /maps/priority/, partners: /partners/, field app: /field/, API docs: /api/docs/, admin: /admin/)"
	@PROCRASTINATE_LOG_LEVEL=INFO $(PY) manage.py procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: venv
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/mypy

format: venv
	@.venv/bin/ruff format .
	@.venv/bin/ruff check --fix .

test: db lint migrations-check jstest
	@.venv/bin/pytest

# The quick loop: lint and the tests that need neither a browser nor minutes of faults or fuzzing.
check: db lint migrations-check jstest
	@.venv/bin/pytest -q -m "not browser and not slow"

# The field app's own modules, in Node's built-in test runner; npm brings only an IndexedDB for Node.
node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --silent
	@touch $@

jstest: sysdeps node_modules/.installed
	@node --test tests/fieldapp/js/

migrations-check: db
	@DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) manage.py makemigrations --check --dry-run -v 1

bench: migrate
	@DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) -m bench $(BENCH)

fuzz: db
	@FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} FUZZ_RANDOM=1 .venv/bin/pytest -q tests/test_fuzz.py

load: migrate
	@DJANGO_SETTINGS_MODULE=backend.settings.test $(PY) -m bench.load

backup: db
	@scripts/backup.sh

restore: db
	@scripts/restore.sh $(FILE)

# Refresh the Persian catalogue after changing translatable text; commit both files.
# From the top: geo/ holds text too (the indicators' labels), which lands in backend/locale.
MESSAGES_IGNORE = .venv node_modules .pg tests bench scripts docs */migrations
messages: venv
	@$(PY) manage.py makemessages -l fa $(foreach d,$(MESSAGES_IGNORE),--ignore "$(d)/*") && $(PY) manage.py compilemessages -l fa --ignore ".venv/*"
