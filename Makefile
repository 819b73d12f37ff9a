# kamkit: `make reports` runs the main job on the sample market, `make test` runs every test.
# Both set themselves up: a .venv with kamkit and its dependencies, created on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kamkit-installed
SAMPLE := data/samples/kamkit_sample.xlsx
# No MPLBACKEND here: the kernels that `make lab` (and papermill) start would inherit it and show
# no chart. Headless commands need none: matplotlib falls back to Agg without a display.

.PHONY: help setup test test-fast reports lab course sample bench clean

help:
	@echo "make reports   - territory reports for the sample market into reports/"
	@echo "make test      - the whole test suite (CI runs this)"
	@echo "make test-fast - the test suite without the slow cases"
	@echo "make lab       - open the course in JupyterLab (in Portuguese; COURSE_LANG=en for English)"
	@echo "make course    - the course site (executed lessons, no code) into site/"
	@echo "make bench     - the speed benchmarks (benchmarks/)"

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kamkit needs Python 3.11 or newer: run make PYTHON=python3.12 (or another 3.11+ interpreter).")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	@touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

reports: $(STAMP)
	$(BIN)/kamkit run $(SAMPLE) --out reports

# The workshop's default is the course in Brazilian Portuguese (notebooks/pt-BR/);
# `make lab COURSE_LANG=en` opens the English one.
COURSE_LANG ?= pt-BR
ifeq ($(COURSE_LANG),en)
LAB_START := notebooks/01_start_here.ipynb
else
LAB_START := notebooks/pt-BR/01_start_here.ipynb
endif

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(LAB_START)

# The course site: every lesson executed (Portuguese and English), code hidden, charts inline,
# an index page; opens from a file share. No MPLBACKEND here either: the charts must be inline.
course: $(STAMP)
	$(BIN)/python -m kamkit.course.site site

sample: $(STAMP)
	$(BIN)/kamkit sample data/samples

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_segment.py --repeat 3
	$(BIN)/python benchmarks/bench_reports.py --repeat 2

clean:
	rm -rf $(VENV) reports .pytest_cache
