# Before the Visit: two commands, `make run` and `make test`, on a machine with only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
STAMP  := $(VENV)/.installed

.PHONY: install run test lint check bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/flask --app webapp check
	$(BIN)/flask --app webapp run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/ruff check webapp tests bench
	$(BIN)/flask --app webapp check
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check webapp tests bench

# Many patients at once against gunicorn on 127.0.0.1, beside a hello-world ceiling (~2 min).
bench: install
	$(BIN)/python -m bench.run

check: install
	$(BIN)/flask --app webapp check

clean:
	rm -rf $(VENV) .cache build *.egg-info test-artifacts
