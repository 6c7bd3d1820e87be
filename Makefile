# The two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest()[:12])")
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv migrate seed lint format check clean

venv: $(STAMP)

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

migrate: venv
	$(BIN)/python manage.py migrate --noinput

# The loader stores each new or changed article's JSON as it goes; render_articles catches up
# with articles stored before (a database from an older version), in one query when there are none.
seed: migrate
	$(BIN)/python manage.py load_seeds
	$(BIN)/python manage.py render_articles

run: seed
	@echo ""
	@echo "newsapi is starting on http://$(HOST):$(PORT)/"
	@echo "  API:      http://$(HOST):$(PORT)/api/v1/articles/"
	@echo "  Docs:     http://$(HOST):$(PORT)/api/docs/  (Swagger UI)"
	@echo "            http://$(HOST):$(PORT)/api/redoc/ (ReDoc)"
	@echo "  Schema:   http://$(HOST):$(PORT)/api/schema/"
	@echo "  Admin:    http://$(HOST):$(PORT)/admin/"
	@echo "  An editor account: $(BIN)/python manage.py createeditor NAME (in another terminal)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv
	$(BIN)/python -m pytest

lint: venv
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .

format: venv
	$(BIN)/python -m ruff check --fix .
	$(BIN)/python -m ruff format .

check: venv
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file /dev/null

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# The parser on real pages (README, "The parser on real pages" and "Saved web pages"): its
# figures on the held-out split and the hand-annotated pages, text dumps and saved HTML pages
# (beside plain trafilatura), and the training of its page segmenter.
.PHONY: eval-parser train-parser
eval-parser: venv
	$(BIN)/python -m bench.parser.evaluate
	$(BIN)/python -m bench.parser.evaluate --split dev --no-speed
	$(BIN)/python -m bench.parser.evaluate_html
	$(BIN)/python -m bench.parser.evaluate_html --split dev --no-speed

train-parser: venv
	$(BIN)/python -m bench.parser.train

# Seed loading: N = 1,000 and 10,000 synthetic files on SQLite and PostgreSQL (see bench/README.md).
.PHONY: bench-load
bench-load: venv
	$(BIN)/python bench/load_seeds.py

# Varnish in front of the development server on one machine (README, "Deploying"): public reads
# through http://127.0.0.1:6081/, purged by every write; Ctrl-C stops both. deploy/varnish/
# backends.vcl names the server on 127.0.0.1:8000. Needs apt-get install varnish varnish-modules.
VARNISH_PORT ?= 6081
VARNISHD := $(shell command -v varnishd || ls /usr/sbin/varnishd 2>/dev/null)
.PHONY: edge
edge: seed
	@test -n "$(VARNISHD)" || (echo "varnishd is not installed: apt-get install varnish varnish-modules"; exit 1)
	mkdir -p .varnish && chmod 755 .varnish
	$(VARNISHD) -j none -n $(CURDIR)/.varnish/work -a $(HOST):$(VARNISH_PORT) -T none \
		-f $(CURDIR)/deploy/varnish/default.vcl -p vcl_path=$(CURDIR)/deploy/varnish \
		-p http_resp_hdr_len=65536 -p http_resp_size=98304 -P $(CURDIR)/.varnish/varnishd.pid
	@echo ""
	@echo "Varnish on http://$(HOST):$(VARNISH_PORT)/ in front of http://127.0.0.1:8000/"
	@echo ""
	trap 'kill `cat $(CURDIR)/.varnish/varnishd.pid`' EXIT INT TERM; \
		EDGE_VARNISH_URLS=http://$(HOST):$(VARNISH_PORT) $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: migrate, collect static files, serve with gunicorn (config/gunicorn.conf.py). The
# environment holds the settings: DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS (README,
# "Deploying").
PROD := DJANGO_SETTINGS_MODULE=config.settings.production
.PHONY: serve-prod
serve-prod: venv
	$(PROD) $(BIN)/python manage.py check --deploy
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py render_articles
	$(PROD) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(PROD) $(BIN)/python -m gunicorn -c config/gunicorn.conf.py

# Serving: 10,000 articles on PostgreSQL and Redis under gunicorn, driven by wrk (README,
# "Performance"; `bench/serve.py --help`).
.PHONY: bench
bench: venv
	$(BIN)/python bench/serve.py $(BENCH_ARGS)
