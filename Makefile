# Stadtportal: the two commands of the README, and a few helpers.
#   make demo   set everything up and serve the demo town on http://127.0.0.1:8000
#   make test   run the whole test suite against PostgreSQL

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal

.PHONY: demo test lint format install chromium

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/python manage.py compile_translations
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py build_demo_town
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Journey tests need a Chromium; install Debian's when we may (root with apt-get).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    (apt-get install -y -q chromium >/dev/null 2>&1 || \
	     (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) ; } || \
	  echo "Chromium not found: journey tests will be skipped (apt-get install chromium)."

test: $(BIN)/.installed chromium
	$(BIN)/python manage.py compile_translations
	DATABASE_URL=$(DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
