# certlink: `make run` starts the simulator, `make test` runs the whole suite. Both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Email links and the printed sign-in address follow the server `make run`/`web`/`stack` start (SITE_URL wins).
SITE   := SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}
# Only `make run` (and its migrate, demo) is development; the full stack's servers run the production settings,
# read from the environment (README, "The full stack": what to export). DEBUG stays off unless DEBUG is set.
DEV    := DJANGO_SETTINGS_MODULE=certlink.settings.local
PROD   := DJANGO_SETTINGS_MODULE=certlink.settings.production

.PHONY: install run test test-fast lint migrate demo static web worker beat stack clean messages
.PHONY: bench bench-year loadtest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py load_catalog

demo: migrate
	$(SITE) $(DEV) $(BIN)/python manage.py load_demo

## The embedded simulator: SQLite, Celery eager, emails in the outbox. http://127.0.0.1:8000
run: demo
	@echo "certlink is starting on http://$(HOST):$(PORT)/  (sign in with one of the accounts above; Ctrl-C stops it)"
	$(SITE) $(DEV) $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

## The whole suite, in parallel (pytest-xdist: TEST_WORKERS processes, `auto` = one per core; 0 runs it in this one
## process). PYTEST_ARGS="-k sim1 -x" passes on. With DATABASE_URL=postgres://… and REDIS_URL=redis://… it also runs the
## PostgreSQL and worker tests (each xdist worker gets its own test database and Redis database: README, Tests).
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

## PR-1: the ja and zh_Hant catalogs (locale/): gather every marked string (makemessages), then compile the .mo files
## certlink reads (committed, so `make run` needs no gettext). Translate in locale/*/LC_MESSAGES/django.po with
## locale/glossary.csv's terms; tests/test_pr1_catalogs.py holds that nothing is new, untranslated or fuzzy.
MESSAGES_ARGS := -l ja -l zh_Hant -e html,txt,py --no-obsolete --add-location=file \
	-i .venv -i tests -i benchmarks -i staticfiles -i artifacts -i build -i "*.egg-info"
messages: install
	$(DEV) $(BIN)/python manage.py makemessages $(MESSAGES_ARGS)
	$(DEV) $(BIN)/python manage.py compilemessages -l ja -l zh_Hant -i .venv

## ruff (style, and no import inside a function), mypy with django-stubs over the apps, and the import layering.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

## The full stack on local services, with the production settings: export DATABASE_URL, REDIS_URL, SECRET_KEY,
## ALLOWED_HOSTS (and CERTLINK_TLS=0 over plain http) first (see README).
static: install
	$(PROD) $(BIN)/python manage.py collectstatic --noinput -v0

web: static
	$(SITE) $(PROD) $(BIN)/gunicorn certlink.wsgi:application --bind $(HOST):$(PORT) --workers 3 --access-logfile -

# SIM-5: an advance runs in a worker process and waits for its moments' ranges, which other processes take: at least
# two processes (one per core above that).
WORKER_CONCURRENCY ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -lt 2 ] && n=2; echo $$n)

worker: install
	$(SITE) $(PROD) $(BIN)/celery -A certlink worker -l INFO --concurrency $(WORKER_CONCURRENCY)

beat: install
	$(PROD) $(BIN)/celery -A certlink beat -l INFO --schedule $(VENV)/celerybeat-schedule

stack: static
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py load_catalog
	$(SITE) $(PROD) $(BIN)/python manage.py load_demo
	@echo "web on http://$(HOST):$(PORT)/ with a Celery worker and beat; Ctrl-C stops all three"
	trap 'kill 0' INT TERM EXIT; \
	$(SITE) $(PROD) $(BIN)/celery -A certlink worker -l INFO --concurrency $(WORKER_CONCURRENCY) & \
	$(PROD) $(BIN)/celery -A certlink beat -l INFO --schedule $(VENV)/celerybeat-schedule & \
	$(SITE) $(PROD) $(BIN)/gunicorn certlink.wsgi:application --bind $(HOST):$(PORT) --workers 3 --access-logfile - & \
	wait

clean:
	rm -rf $(VENV) certlink.sqlite3 staticfiles .pytest_cache .ruff_cache *.egg-info

## Benchmarks at a million certifications held (needs PostgreSQL at 127.0.0.1; see benchmarks/README.md). BENCH_ARGS="--only claim,csv".
bench: install
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

## A year through the full stack in Chromium (SIM-5): 20,000 learners, gunicorn + worker + beat; every click under 1 s.
## Its own database certlink_bench_year, Redis database 10 (see benchmarks/README.md). BENCH_YEAR_ARGS="--reuse".
bench-year: install
	$(BIN)/python -m benchmarks.browser_year $(BENCH_YEAR_ARGS)

## 32 clients signing in and browsing for 60 s on gunicorn and PostgreSQL; fails on any error. LOADTEST_ARGS="--seconds 20".
loadtest: install
	$(BIN)/python -m benchmarks.loadtest $(LOADTEST_ARGS)
