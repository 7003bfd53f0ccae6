# One verb per target. `make book` builds the web book, `make pdf` one PDF per edition,
# `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

NODE_STAMP := node_modules/.installed-stamp

.PHONY: venv book pdf publish test test-fast lint locks clean

# The locks are generated from pyproject.toml (see `make locks`): requirements.txt holds
# what the book needs, requirements-dev.txt also the tests and tools, at the same versions.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --prefix $(VENV) --name python3 > /dev/null
	touch $(STAMP)

venv: $(STAMP)

# Browser checks (axe-core, playwright-core) for the accessibility tests; Chromium
# itself comes from the system (Debian package `chromium`).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

book: venv
	$(BIN)/trygghet build

# One tagged PDF per edition in _build/pdf/, printed by Chromium from the built site
# (no notebook runs again). One edition: `make pdf YEAR=2024`.
pdf: book $(NODE_STAMP)
	$(BIN)/trygghet pdf $(if $(YEAR),--year $(YEAR))

# The folder to put on the web, _build/publish/, for the address in data/settings.yml
# (website.address): the site, each edition's PDF, sitemap.xml, robots.txt, the 404 page.
publish: venv $(NODE_STAMP)
	$(BIN)/trygghet publish

# Tests run in parallel, one worker per core (pytest-xdist); each test file stays on one
# worker, so a file's browser session or build fixture is made once.
PYTEST_PARALLEL := -n $(or $(JOBS),auto) --dist loadfile

test: book $(NODE_STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# The inner loop: unit and data tests only (no book build, no browser), under a minute.
test-fast: venv
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) tests/unit tests/data -q

lint: venv
	$(BIN)/ruff check src tests

# Regenerate the locks after a change of the dependencies in pyproject.toml. The pins
# already in the files are kept (pip-compile never upgrades unless asked: add
# --upgrade-package NAME for one package); the development lock is constrained by the
# runtime lock, so both hold the same version of every shared package.
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --allow-unsafe --no-emit-index-url \
	--no-emit-find-links --no-emit-trusted-host
locks: venv
	$(PIP_COMPILE) -o requirements.txt pyproject.toml
	$(PIP_COMPILE) --extra dev -c requirements.txt -o requirements-dev.txt pyproject.toml

# Waits for a running build (trygghet.publish.build.clean takes the build's lock).
clean:
	if [ -x $(BIN)/python ]; then $(BIN)/python -m trygghet.publish.build clean; else rm -rf _build; fi
