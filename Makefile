# Haven: `make run` serves the demo site, `make test` runs the whole suite.
# Both set up everything they need on a fresh clone (Python 3.12+, Node 20+).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
ASSET_STAMP := haven/static/vendor/.built
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench lint format setup assets migrate clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
		{ echo "Haven needs Python 3.12 or newer; '$(PYTHON)' is $$($(PYTHON) --version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(PIP_STAMP): $(PY) pyproject.toml constraints.txt
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(ASSET_STAMP): $(NPM_STAMP) scripts/build_assets.mjs
	node scripts/build_assets.mjs
	@touch $@

setup: $(PIP_STAMP) $(ASSET_STAMP)

assets: $(ASSET_STAMP)

migrate: setup
	$(PY) manage.py migrate --noinput

run: migrate
	@$(PY) manage.py seed_demo --cases 2000 --if-empty
	@echo ""
	@echo "Haven is at http://127.0.0.1:8000 (Ctrl-C to stop)."
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	HAVEN_ENV=test $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	HAVEN_ENV=test $(PY) -m haven.bench

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules haven/static/vendor var
