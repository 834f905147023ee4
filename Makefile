# Every routine task has a target. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: install demo preview test quality bench bench-check bench-model clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,model]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the package with its dev tools and the model drafter's extra

demo: $(STAMP)  ## build the bundled seeds/ into site/
	$(BIN)/summarizer build seeds --out site
	@echo "Open site/index.html in a browser."

preview: $(STAMP)  ## serve seeds/ with the editor's diagnostics at http://127.0.0.1:8000/, rebuilding on edits
	$(BIN)/summarizer preview seeds

test: $(STAMP)  ## run the test suite (the browser tests need Debian's chromium; a banner says when they are skipped)
	$(BIN)/python -m pytest

bench: $(STAMP)  ## build at registry scale: 100,000 studies replicated from ../shared/data, full/no-change/1% rebuilds (about 25 minutes on 2 cores)
	$(BIN)/python scripts/bench_build.py --records 100000 --small 10000 --work /tmp/summarizer-bench

bench-check: $(STAMP)  ## pages/s of `summarizer check` over the built corpus, beside textstat
	$(BIN)/python scripts/bench_check.py $(SHARED)/data/ctgov-v2 $(SHARED)/data/ctgov-xml

quality: $(STAMP)  ## build every record of ../shared/data and write QUALITY.md
	$(BIN)/python scripts/quality.py $(SHARED)/data/ctgov-v2 $(SHARED)/data/ctgov-xml --seeds seeds --out QUALITY.md

bench-model: $(STAMP)  ## time the transformers drafter (one by one vs batched) and rules; update BENCHMARKS.md
	$(BIN)/python scripts/bench_model.py --write BENCHMARKS.md

clean:
	rm -rf site build dist .pytest_cache test-artifacts
