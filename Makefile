# certlink: `make run` starts the simulator, `make test` runs the whole suite. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Email links and the printed sign-in address follow the server `make run`/`web`/`stack` start (SITE_URL wins).
SITE   := SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}

.PHONY: install run test test-fast lint migrate demo web worker beat stack clean
.PHONY: bench loadtest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalog

demo: migrate
	$(SITE) $(BIN)/python manage.py load_demo

## The embedded simulator: SQLite, Celery eager, emails in the outbox. http://127.0.0.1:8000
run: demo
	@echo "certlink is starting on http://$(HOST):$(PORT)/  (sign in with one of the accounts above; Ctrl-C stops it)"
	$(SITE) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

## The whole suite. With DATABASE_URL=postgres://… and REDIS_URL=redis://… it also runs the PostgreSQL and worker tests.
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## The full stack on local services: export DATABASE_URL and REDIS_URL first (see README).
web: install
	$(SITE) $(BIN)/gunicorn certlink.wsgi:application --bind $(HOST):$(PORT) --workers 3 --access-logfile -

worker: install
	$(SITE) $(BIN)/celery -A certlink worker -l INFO

beat: install
	$(BIN)/celery -A certlink beat -l INFO --schedule $(VENV)/celerybeat-schedule

stack: demo
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL first (see README)."; exit 2; }
	@echo "web on http://$(HOST):$(PORT)/ with a Celery worker and beat; Ctrl-C stops all three"
	trap 'kill 0' INT TERM EXIT; \
	$(SITE) $(BIN)/celery -A certlink worker -l INFO & \
	$(BIN)/celery -A certlink beat -l INFO --schedule $(VENV)/celerybeat-schedule & \
	$(SITE) $(BIN)/gunicorn certlink.wsgi:application --bind $(HOST):$(PORT) --workers 3 --access-logfile - & \
	wait

clean:
	rm -rf $(VENV) certlink.sqlite3 staticfiles .pytest_cache .ruff_cache *.egg-info

## Benchmarks at a million certifications held (needs PostgreSQL at 127.0.0.1; see benchmarks/README.md). BENCH_ARGS="--only claim,csv".
bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## 32 clients signing in and browsing for 60 s on gunicorn and PostgreSQL; fails on any error. LOADTEST_ARGS="--seconds 20".
loadtest: install
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)
