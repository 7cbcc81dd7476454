# Two entry points: `make demo` (offline demo crawl) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/schoolnews: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/schoolnews
	$(BIN)/schoolnews demo

test: $(BIN)/schoolnews
	$(BIN)/python -m pytest -q

lint: $(BIN)/schoolnews
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data/demo.db*
