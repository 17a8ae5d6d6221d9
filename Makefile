# Outsole Studio: `make run` and `make test` do all the set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make-stamps

# System packages Qt, the virtual display and the PDF/page tools need (Debian names);
# admesh is the independent reference the volume tests compare with.
APT_PACKAGES := xvfb xauth libgl1 libegl1 libgl1-mesa-dri libegl-mesa0 libglx-mesa0 \
	libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
	libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 \
	libxcb-sync1 libfontconfig1 libdbus-1-3 fonts-dejavu-core poppler-utils admesh time

EXAMPLE := examples/sample-outsole.stl
EXAMPLE_PROJECT := examples/casual-kawung-eu42.outsole

.PHONY: run test setup system-deps venv lint clean bench fuzz

run: setup
	$(BIN)/outsole-studio gui $(EXAMPLE_PROJECT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy outsole_studio
	$(BIN)/lint-imports
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_analyze.py
	$(BIN)/python benchmarks/bench_examples.py
	$(BIN)/python benchmarks/bench_spec.py
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python benchmarks/bench_gui.py

# A long fuzzing round of the readers and the analysis (the suite runs a short one).
FUZZ_COUNT ?= 3000
FUZZ_SEED ?= 1
fuzz: setup
	$(BIN)/python -m tests.fuzz --count $(FUZZ_COUNT) --seed $(FUZZ_SEED) --keep fuzz-failures

setup: system-deps venv

# Installs what is missing when root; otherwise prints the one apt line and stops.
system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if ! $(PYTHON) -c "import ensurepip, venv" 2>/dev/null; then missing="$$missing python3-venv"; fi; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing system packages:$$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing system packages. Run as root:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

venv: $(STAMP)/venv

$(STAMP)/venv: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Outsole Studio needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,bench]'
# Bytecode now, as an installed package has it: the first run need not compile 130 modules.
	$(BIN)/python -m compileall -q outsole_studio >/dev/null
	@mkdir -p $(STAMP) && touch $@

clean:
	rm -rf $(VENV) $(STAMP) .pytest_cache .mypy_cache .ruff_cache .hypothesis
