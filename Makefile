# Stadtportal: the two commands of the README, and a few helpers.
#   make demo   set everything up and serve the demo town on http://127.0.0.1:8000
#   make test   run the whole test suite against PostgreSQL
#
# Dependencies are locked with hashes (pip-tools): requirements.txt (run time,
# production), requirements-demo.txt (+ the factories the demo town is built
# with) and requirements-dev.txt (+ tests and tooling). `make lock` compiles
# them again from the *.in files.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK_VENV := .venv-lock
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
PIP_INSTALL = $(BIN)/pip install --quiet --require-hashes
FAKE_PROVIDER_PORT ?= 8210

.PHONY: demo test lint format install install-demo lock chromium production-local

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or 3.12 is needed, found " + sys.version.split()[0]) if not (3, 11) <= sys.version_info[:2] <= (3, 12) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(BIN)/.installed-demo: requirements-demo.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-demo.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

# Everything for developing: the demo set plus tests and tooling.
install: $(BIN)/.installed-dev

install-demo: $(BIN)/.installed-demo

demo: $(BIN)/.installed-demo
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py build_demo_town
	@# Online payment runs against the local fake of the provider's API (no real money).
	$(BIN)/python manage.py fake_payment_provider --port $(FAKE_PROVIDER_PORT) & fake=$$!; \
	  trap 'kill $$fake' EXIT INT TERM; \
	  MOLLIE_API_KEY=test_demo MOLLIE_API_ENDPOINT=http://127.0.0.1:$(FAKE_PROVIDER_PORT) \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000

# The production topology on loopback: Varnish, HAProxy, two gunicorn nodes, the
# task worker (deploy/production_local.py; needs apt-get install haproxy varnish).
production-local: $(BIN)/.installed-dev
	$(BIN)/python deploy/production_local.py $(ARGS)

# Journey tests need a Chromium; install Debian's when we may (root with apt-get).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) ; } || \
	  echo "Chromium not found: journey tests will be skipped (apt-get install chromium)."

test: $(BIN)/.installed-dev chromium
	$(BIN)/python manage.py compile_translations
	DATABASE_URL=$(DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Compile the three locks again from requirements*.in (pip-tools in a venv of
# its own). Keeps every pin that still fits; upgrade one package with
#   make lock PIP_COMPILE_ARGS="--upgrade-package wagtail"
# or all of them with PIP_COMPILE_ARGS=--upgrade.
lock:
	@test -x $(LOCK_VENV)/bin/pip-compile || \
	  { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet pip-tools; }
	for set in "" -demo -dev; do \
	  CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile --quiet \
	    --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	    $(PIP_COMPILE_ARGS) --output-file requirements$$set.txt requirements$$set.in || exit 1; \
	done
