# 高标手册 — the two commands a newcomer needs are `make serve` and `make test`.
# Every target sets up what it needs by itself.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
# Material prints a MkDocs 2 end-of-life banner on every run; we pin mkdocs<2
# and keep the quiz core free of MkDocs, so the banner is noise here.
export NO_MKDOCS_2_WARNING := 1
export PYTHONPATH := $(CURDIR)/hooks
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve build test check system-deps node-deps bench lock clean help publish serve-editions packages lrs lrs-deps lock-lrs

help:
	@echo "make serve   build strictly and serve on http://127.0.0.1:8000 (live reload)"
	@echo "make test    install what the tests need, then run the whole suite"
	@echo "make check   check the quiz data only (no site build)"
	@echo "make build   strict build into site/"
	@echo "make lock    re-pin requirements.lock from requirements.in"
	@echo "make publish          publish this edition (pyproject.toml) to gh-pages with mike; PUSH=1 pushes"
	@echo "make serve-editions   serve every published edition from gh-pages on http://127.0.0.1:8000"
	@echo "make packages         SCORM 1.2 and 2004 zips of every quiz and the course -> packages/<edition>/"
	@echo "make lrs              run the ralph learning record store from .env-lrs (see docs/trainers/lms.md)"
	@echo "make bench   build, check, linear-build, weight and Lighthouse benchmarks -> bench/results.md"

$(STAMP): requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv && \
	    rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	  else echo "Python's venv module is missing: sudo apt-get install python3-venv"; exit 1; fi; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $(STAMP)

serve: $(STAMP)  # Python hook code is loaded once: restart after editing hooks/
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000 --watch quizzes --watch hooks --watch pyproject.toml

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/python -m quizkit check
	$(BIN)/python tools/check_terms.py

# Debian's chromium drives the browser tests; fonts-noto-cjk renders Chinese;
# libreoffice-calc-nogui opens the results CSV the way a trainer's spreadsheet would.
system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "The browser tests need Debian/Ubuntu packages:$$missing"; \
	    echo "Install them with: sudo apt-get install$$missing"; \
	    exit 1; \
	  fi; \
	fi

# axe-core, the Nu Html Checker (vnu.jar) and Lighthouse, pinned in package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; we use Debian's.
NODE_STAMP := node_modules/.installed-from-lock
$(NODE_STAMP): package-lock.json
	@missing=""; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "The quality gates need:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

node-deps: $(NODE_STAMP)

# SCORM packages for learning platforms (docs/trainers/lms.md). SITE_URL: the published
# handbook the explanations link to (default: mkdocs.yml's site_url); PASS: the pass mark.
packages: $(STAMP)
	$(BIN)/python -m quizkit packages $(if $(SITE_URL),--site-url "$(SITE_URL)") $(if $(PASS),--pass-mark $(PASS))

# ralph, the learning record store (xAPI), in a virtual environment of its own: it pins many
# packages of its own (FastAPI, pydantic …) that the site's .venv must not share.
LRS_VENV := .venv-lrs
LRS_STAMP := $(LRS_VENV)/.installed-from-lock
$(LRS_STAMP): requirements-lrs.lock
	@test -x $(LRS_VENV)/bin/python || $(PYTHON) -m venv $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-lrs.lock
	@touch $(LRS_STAMP)

lrs-deps: $(LRS_STAMP)

# One command to run the LRS: settings and where the credentials file is come from .env-lrs
# (never committed; docs/trainers/lms.md shows one).
lrs: $(LRS_STAMP)
	@test -f .env-lrs || { echo "No .env-lrs: write one as docs/trainers/lms.md shows"; exit 1; }
	$(LRS_VENV)/bin/python tools/lrs.py .env-lrs --host "$${LRS_HOST:-127.0.0.1}" --port "$${LRS_PORT:-8100}"

lock-lrs:
	@test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements-lrs.lock requirements-lrs.in
	sed -i '/^--extra-index-url/d;/^--find-links/d' requirements-lrs.lock

test: $(STAMP) system-deps $(NODE_STAMP) $(LRS_STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP) system-deps $(NODE_STAMP)
	$(BIN)/python bench/run.py

# Editions: the edition is pyproject.toml [project] version. `make publish`
# builds it strictly with mike into the gh-pages branch as <edition> + the
# `latest` alias (the default), from a clean commit. PUSH=1 also pushes
# gh-pages; TAG=<git tag> refuses to publish when the tag and the edition differ.
EDITION = $(shell $(BIN)/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
MIKE = PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/mike

publish: $(STAMP)
	@test -n "$(EDITION)" || { echo "No edition: set [project] version in pyproject.toml"; exit 1; }
	@test -z "$(TAG)" || test "$(TAG)" = "$(EDITION)" || { \
	  echo "Tag $(TAG) does not match the edition $(EDITION) in pyproject.toml"; exit 1; }
	@test -z "$$(git status --porcelain)" || { \
	  echo "Uncommitted changes: an edition is published from a commit. Commit or stash first."; \
	  git status --short; exit 1; }
	$(MIKE) deploy --update-aliases --title "$(EDITION)" $(if $(PUSH),--push) "$(EDITION)" latest
	$(MIKE) set-default $(if $(PUSH),--push) latest

serve-editions: $(STAMP)
	$(MIKE) serve --dev-addr 127.0.0.1:8000

lock:
	@test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in
	sed -i '/^--extra-index-url/d;/^--find-links/d' requirements.lock

clean:
	rm -rf site .pytest_cache packages
