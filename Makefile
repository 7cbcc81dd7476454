# Two entry points: `make demo` (offline demo crawl) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/schoolnews: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	@# an older checkout installed the pure-Python OpenCC port, which shares the module name
	$(BIN)/pip uninstall --quiet --yes opencc-python-reimplemented 2>/dev/null || true
	$(BIN)/pip install --quiet -e '.[dev]'
	@# bytecode now, as pip compiles an installed package: with PYTHONDONTWRITEBYTECODE set,
	@# an editable install's modules were compiled from source at every start (0.1 s each)
	$(BIN)/python -m compileall -q crawler pipelines bench >/dev/null
	@touch $@

demo: $(BIN)/schoolnews
	$(BIN)/schoolnews demo

test: $(BIN)/schoolnews
	@# -n auto: two workers a core; the tests of one shared crawl or module fixture together
	@# (tests/conftest.py says why)
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

lint: $(BIN)/schoolnews
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) data/demo.db*
