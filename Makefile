# Two commands on a fresh machine: `make serve` (build and serve the site) and `make test`.
# Every target makes the virtual environment from the pinned requirements on first use.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INVOKE := $(BIN)/invoke
STAMP := $(VENV)/.installed
UV_VERSION := 0.13.8
# The Nu HTML Checker (vnu-jar, pinned in package-lock.json) for tests/site/test_html_valid.py.
NPM_STAMP := node_modules/.installed

.PHONY: html serve devserver edit test lint check publish clean new new-site bench help import-wordpress

help:
	@echo "make serve      build and serve on http://127.0.0.1:8000"
	@echo "make devserver  preview with drafts, rebuilding and reloading on save"
	@echo "make edit       the web editor on http://127.0.0.1:8000/admin/ (saves are git commits)"
	@echo "make html       build into output/"
	@echo "make test       ruff and mypy (make lint), then every test"
	@echo "make lint       ruff check and mypy over the plugin, tools, benchmarks and tests"
	@echo "make check      check every post; make new KIND=event TITLE='...' starts a post"
	@echo "make publish    production build, then copy to the publish target"
	@echo "make import-wordpress WXR=export.xml [APPLY=1 UPLOADS=wp-content/uploads MAP=wordpress-map.toml]"
	@echo "make new-site NAME=\"Clyde Tenants\" URL=https://... EMAIL=... SECTIONS=\"News|Meetings\" [SHORT=CT] [ACCENT=#1d6b3a]"
	@echo "                replace content/ and the group settings with a new group's starter site"

# uv installs the pinned set in seconds; plain pip is the fallback when uv cannot be had.
$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@($(BIN)/python -m pip install -q uv==$(UV_VERSION) && \
	  $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python -r requirements.txt) || \
	  $(BIN)/python -m pip install -q -r requirements.txt
	@touch $@

# --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the system's Java runs it.
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing (it installs the HTML checker). Install with:" >&2; \
	  echo "  sudo apt-get install -y --no-install-recommends npm" >&2; exit 1; }
	@npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# System packages are checked once, then remembered by a stamp (a missing library later still
# stops the build with the command that installs it). `make html` runs the build in one Python
# process without invoke's start-up (plugins/campaign/tools/html.py; `invoke build` does the same).
SYSDEPS_STAMP := $(VENV)/.sysdeps-build

$(SYSDEPS_STAMP): $(STAMP)
	@PYTHONPATH=plugins $(BIN)/python -m campaign.tools.sysdeps build
	@touch $@

html: $(SYSDEPS_STAMP)
	@PYTHONPATH=plugins $(BIN)/python -m campaign.tools.html

serve: $(STAMP)
	@PYTHONPATH=plugins $(BIN)/python -m campaign.tools.sysdeps build
	@$(INVOKE) serve

devserver: $(STAMP)
	@$(INVOKE) livereload

# The editor's JavaScript (Decap CMS) and its local proxy come from npm, pinned in package-lock.json.
edit: $(STAMP) $(NPM_STAMP)
	@$(INVOKE) edit

check: $(STAMP)
	@$(INVOKE) check

new: $(STAMP)
	@$(INVOKE) new "$(KIND)" "$(TITLE)"

# A new group's site (README "Make it yours"); changes nothing when a value is wrong.
new-site: $(STAMP)
	@PYTHONPATH=plugins $(BIN)/python -m campaign.tools.starter --name "$(NAME)" --url "$(URL)" --email "$(EMAIL)" \
	  --sections "$(SECTIONS)" --short "$(SHORT)" --accent "$(ACCENT)"

publish: $(STAMP)
	@PYTHONPATH=plugins $(BIN)/python -m campaign.tools.sysdeps build
	@$(INVOKE) publish

# The quality gates, configured in pyproject.toml: a finding fails `make test` before any test runs.
lint: $(STAMP)
	@$(BIN)/ruff check --quiet
	@$(BIN)/mypy

# Lint first, then system packages (they include npm), then the HTML checker from npm, then every
# test, on every core (each worker builds the roots it needs once; tests share no state otherwise).
test: lint
	@PYTHONPATH=plugins $(BIN)/python -m campaign.tools.sysdeps test
	@$(MAKE) --no-print-directory $(NPM_STAMP)
	@$(BIN)/pytest -n auto

# Dry run unless APPLY=1; WXR is relative to where make runs (the project folder).
import-wordpress: $(STAMP)
	@test -n "$(WXR)" || { echo "Give the export: make import-wordpress WXR=path/to/export.xml" >&2; exit 2; }
	@$(INVOKE) import-wordpress --wxr "$(abspath $(WXR))" $(if $(APPLY),--apply) \
	  $(if $(UPLOADS),--uploads "$(abspath $(UPLOADS))") $(if $(MAP),--map "$(abspath $(MAP))")

bench: $(STAMP)
	@$(INVOKE) bench

clean:
	rm -rf output .cache .pytest_cache .hypothesis .mypy_cache .ruff_cache test-artifacts
