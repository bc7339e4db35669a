# Two commands: `make run` (install what is missing, build, run the Quick Start)
# and `make test` (build and run every test). Both work on a fresh Debian
# bookworm machine as root.
PYTHON ?= python3
BUILD  := build
VENV   := .venv
REFENV := .venv-ref
APT_PACKAGES := build-essential cmake ninja-build pkg-config python3-dev python3-venv python3-pip \
                nlohmann-json3-dev libcli11-dev libfmt-dev libyaml-dev libgtest-dev libbenchmark-dev

.PHONY: run test deps build venv ref-env bench bench-python bench-peers bench-search clean

run: build venv
	$(VENV)/bin/python examples/quickstart.py

test: build venv ref-env
	cd $(BUILD) && ctest --output-on-failure
	$(VENV)/bin/python -m pytest -q tests/python

# System packages, only the ones missing (needs root, as on CI).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j2

# Our package, built by scikit-build-core through `pip install .`.
venv: deps
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	$(VENV)/bin/pip install -q --no-build-isolation .

# The reference implementation, our oracle, in its own environment (same import name).
ref-env: deps
	test -x $(REFENV)/bin/python || $(PYTHON) -m venv $(REFENV)
	$(REFENV)/bin/python -c "import mlsysim, sys; sys.exit(mlsysim.__version__ != '0.3.0')" 2>/dev/null || \
	  $(REFENV)/bin/pip install -q mlsysim==0.3.0

bench: build
	$(BUILD)/mlsysim_bench

# Python per-call, import and sweep speed, beside the reference's, in one run.
bench-python: venv ref-env
	$(VENV)/bin/python bench/bench_python.py

# The design-space search in-process and on a local Dask cluster, beside 0.3.0's DSE, in one run.
bench-search: venv ref-env
	$(VENV)/bin/python bench/bench_search.py

# ServingModel speed beside the peer llm-analysis (pinned, in its own environment) and the
# reference, in one run. Does not build our package: ours is timed only if .venv already has it.
bench-peers: venv ref-env
	test -x .venv-peers/bin/python || $(PYTHON) -m venv .venv-peers
	.venv-peers/bin/python -c "import importlib.metadata as m, sys; sys.exit(m.version('llm-analysis') != '0.2.2')" 2>/dev/null || \
	  .venv-peers/bin/pip install -q llm-analysis==0.2.2
	$(PYTHON) bench/bench_peers.py

clean:
	rm -rf $(BUILD)
