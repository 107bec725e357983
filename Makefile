# glutelab: two commands for a fresh machine.
#   make course  -> set everything up and open the course in JupyterLab
#   make test    -> set everything up and run the whole test suite
# Both are idempotent: the virtual environment is rebuilt only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.glutelab-installed
# Extra arguments for JupyterLab, e.g. make course LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
# JupyterLab refuses to run as root (containers, CI) unless told it may.
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_ARGS ?=

.PHONY: setup course test lint typecheck unit clean handouts

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Kernel websockets send each widget update at once (glutelab/websocket.py): the explorers
# answer a change in tens of milliseconds instead of waiting on TCP acknowledgements.
WEBSOCKET_FLAG = --ServerApp.kernel_websocket_connection_class=glutelab.websocket.NoDelayKernelWebsocketConnection

course: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(WEBSOCKET_FLAG) \
		--LabApp.default_url=/lab/tree/notebooks/00_index.ipynb $(ROOT_FLAG) $(LAB_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

# Debian's Chromium for the browser tests (tests/browser) and poppler-utils' pdftotext for the
# course PDF's test; CI runs as root with no stdin.
.PHONY: browser-deps
browser-deps:
	@{ test -x /usr/bin/chromium && command -v pdftotext >/dev/null; } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; }

unit: setup browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint typecheck unit

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts build mutants

# The course as a website in build/site/ (Sphinx + MyST-NB + sphinx-book-theme): every notebook
# run at build time (cached in build/jupyter_cache: an unchanged notebook is not run again),
# explorers drawn in their starting state, launch links on every page. Serve build/site/ as it is.
# HUB_URL sets the JupyterHub of the "on your JupyterHub" links (default: pyproject.toml).
HUB_URL ?=
.PHONY: site pdf linkcheck
site: setup
	$(if $(HUB_URL),GLUTELAB_HUB_URL=$(HUB_URL)) $(BIN)/python -m book.build site

# The whole course in one PDF (build/glutelab-course.pdf): the site's single-page build printed
# by Debian's chromium. No TeX.
pdf: setup browser-deps
	$(if $(HUB_URL),GLUTELAB_HUB_URL=$(HUB_URL)) $(BIN)/python -m book.build pdf

# External links of the site (DOIs, URLs): needs the internet, so not part of the tests.
linkcheck: setup
	$(BIN)/python -m book.build linkcheck

# Handouts: the site's chapter pages (build/site/notebooks/*.html), one per notebook, and the PDF.
handouts: site
	@echo "Handouts: one page per notebook in build/site/notebooks/; the whole course: make pdf"

# Benchmarks (scripts, not tests): figures as ratios against baselines measured in the same run,
# written to benchmarks/RESULTS.md. BENCH_ARGS="--quick" for a shorter run, "--with-setup" adds
# the slow fresh-install benchmark (downloads packages).
BENCH_ARGS ?=
.PHONY: bench
bench: setup
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

# Serve the explorers (apps/) to a class with Voilà: landing page at http://localhost:8866/,
# settings in classroom/voila.json. Each variable below, when given, overrides that file, e.g.
#   make apps APPS_IP=0.0.0.0 MAX_LEARNERS=40 POOL_SIZE=2 CULL_IDLE=300 CULL_INTERVAL=30
# POOL_SIZE: pre-heated kernels kept ready per explorer; APP_POOLS: more for the explorers a
# whole class opens at once, e.g. APP_POOLS="anatomy=20 myths=20"; MAX_LEARNERS: places
# (0 = no limit); CULL_IDLE / CULL_INTERVAL: seconds a closed or vanished tab's kernel may sit
# idle / between checks. APPS_ARGS passes any other Voilà option.
APPS_IP ?=
APPS_PORT ?=
POOL_SIZE ?=
APP_POOLS ?=
MAX_LEARNERS ?=
CULL_IDLE ?=
CULL_INTERVAL ?=
APPS_ARGS ?=
.PHONY: apps
apps: setup
	$(BIN)/python -m classroom.voila_classroom \
		$(if $(APPS_IP),--Voila.ip=$(APPS_IP)) $(if $(APPS_PORT),--port=$(APPS_PORT)) \
		$(if $(POOL_SIZE),--pool_size=$(POOL_SIZE)) \
		$(foreach pool,$(APP_POOLS),--ClassroomVoila.app_pools=$(pool)) \
		$(if $(MAX_LEARNERS),--ClassroomKernelManager.max_learners=$(MAX_LEARNERS)) \
		$(if $(CULL_IDLE),--MappingKernelManager.cull_idle_timeout=$(CULL_IDLE)) \
		$(if $(CULL_INTERVAL),--MappingKernelManager.cull_interval=$(CULL_INTERVAL)) \
		$(APPS_ARGS)

# Rebuild the classroom page script (classroom/static/classroom-page.*) from classroom/frontend/
# with Node.js and npm (the pinned packages of its package-lock.json). Only needed after a change
# there: the built files are committed, so `make apps` and `make test` need no Node.js.
.PHONY: frontend
frontend:
	cd classroom/frontend && npm ci --no-audit --no-fund && npm run build

# Rebuild data/hip_moment_arms.csv and data/hip_model_geometry.json from the committed OpenSim model
# (data/models/gait2392/) with the opensim package (the build extra; the test extra has it too).
.PHONY: model-data
model-data: setup
	$(BIN)/python -m pip install --quiet -e '.[build]'
	$(BIN)/python tools/build_model_data.py

# Mutation testing (mutmut, the `mutation` extra): each mutant is a one-line change of the data
# loading and validation, evidence filtering and ranking, bands, quizzes, matcher, chart and
# programme modules and the model-table builder, run against their fast unit tests (settings
# in pyproject.toml [tool.mutmut]). Too slow for every test run (about two hours on two cores
# for everything); the result goes to benchmarks/MUTATION.md.
# MUTANTS="glutelab.evidence.*" runs a subset.
MUTANTS ?= glutelab.data.* glutelab.schema.* glutelab.evidence.* glutelab.bands.* \
	glutelab.quizzes.* glutelab.matcher.* glutelab.plots.* glutelab.programme.* \
	tools.build_model_data.*
.PHONY: mutation
mutation: setup
	$(BIN)/python -m pip install --quiet -e '.[test,mutation]'
	-nice -n 10 $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/python tools/mutation_report.py
