# One-command set-up and build for a fresh Debian or Ubuntu machine.
#   make site   installs what is needed and builds the site (with PDFs) into site/
#   make test   installs what is needed and runs the tests
#   make serve  live preview at http://127.0.0.1:8000/ (PDFs off for speed)
# Site engine: ENGINE=mkdocs (default) or ENGINE=zensical, e.g. `make site ENGINE=zensical`;
# Zensical is an optional, pinned dependency group installed on demand (requirements-zensical.lock).

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
ZENSICAL_STAMP := $(VENV)/.installed-zensical
ENGINE      ?= mkdocs
ENGINE_DEPS := $(if $(filter zensical,$(ENGINE)),zensical)
SYSTEM_STAMP := .cache/system-packages
NODE_STAMP  := node_modules/.installed
# Debian packages: Python venv support, WeasyPrint's Pango and HarfBuzz, Finnish Voikko,
# the print font, poppler (pdffonts/pdfinfo/pdftotext for checks) and Chromium for browser tests.
SYSTEM_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
                   libvoikko1 voikko-fi fonts-noto-core poppler-utils chromium
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test serve check system venv node zensical clean bench bench-search bench-web bench-engines bench-scale

# Builds into a staging folder and swaps it in: a failed build leaves the previous site/ as it was.
site: venv $(ENGINE_DEPS)
	$(BIN)/auroras build --engine $(ENGINE)

# The tests build with both engines (tests/test_engines.py), so they install Zensical too.
test: venv node zensical
	$(BIN)/pytest

serve: venv $(ENGINE_DEPS)
	AURORAS_PDF=$${AURORAS_PDF:-0} $(BIN)/auroras serve --engine $(ENGINE)

check: venv
	$(BIN)/auroras check

bench: venv
	$(BIN)/python -m build_tools.bench

# The build at 1x and at a synthetic 10x content (a temporary copy): full build, one-theme edit, site only,
# peak memory of the process tree and of its largest process, seconds per page. Takes a while.
bench-scale: venv
	$(BIN)/python -m build_tools.bench_scale

bench-search: venv $(ENGINE_DEPS)
	$(BIN)/python -m build_tools.search_bench --engine $(ENGINE)

# Cold load of a theme page on a slow connection (1.6 Mbit/s, 150 ms), ours against stock Material.
bench-web: venv
	$(BIN)/python -m build_tools.web_bench

# Build times of MkDocs and Zensical in one run (whole pipeline, PDFs from a warm cache, and PDFs off).
bench-engines: venv zensical
	$(BIN)/python -m build_tools.bench_engines

system: $(SYSTEM_STAMP)

$(SYSTEM_STAMP): Makefile
	@missing=$$(for p in $(SYSTEM_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    echo "Installing system packages:" $$missing; \
	    $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(dir $@) && touch $@

# Browser test tools from npm, pinned in package-lock.json (axe-core for the accessibility tests).
node: $(NODE_STAMP)

$(NODE_STAMP): $(SYSTEM_STAMP) package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

venv: $(STAMP)

$(STAMP): $(SYSTEM_STAMP) pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip==25.3
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

zensical: $(ZENSICAL_STAMP)

$(ZENSICAL_STAMP): $(STAMP) requirements-zensical.lock
	$(BIN)/python -m pip install -q -r requirements-zensical.lock -c requirements.lock
	touch $@

clean:
	rm -rf site .cache/pdf
