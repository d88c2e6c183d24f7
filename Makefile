# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install system-deps test-system-deps lint bench lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exact versions from requirements.lock, so every machine installs what CI tested.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade "pip>=25"
	$(BIN)/python -m pip install -q -r requirements.lock
	touch $@

# Bootstrap and axe-core from the npm registry, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	@scripts/system-deps.sh

test-system-deps:
	@scripts/system-deps.sh --test

install: system-deps $(VENV)/.installed node_modules/.installed

# One background worker (written reports, e-mails) beside the development server; it is
# stopped when the server stops, however it stops.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo $(if $(DEMO_PASSWORD),--password "$(DEMO_PASSWORD)")
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Every test: the suite on two processes, then the browser journeys (live server) on their own.
test: install test-system-deps
	$(BIN)/python -m pytest -n 2 -m "not browser" --durations=20
	$(BIN)/python -m pytest -m browser --durations=10

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

bench: install
	$(BIN)/python -m bench.run

# Re-pin after changing pyproject.toml's dependencies.
lock: | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]" && $(BIN)/python -m pip freeze --exclude-editable --exclude ttw-safeguarding > requirements.lock
