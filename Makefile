# Xiezhi — `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
XZ := $(VENV)/bin/xiezhi

.PHONY: run test lint setup i18n messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	$(XZ) i18n compile >/dev/null

run: setup
	$(XZ) migrate
	$(XZ) demo
	$(XZ) run --no-migrate

test: setup
	bash scripts/system-deps.sh
	bash scripts/test.sh

lint: setup
	$(VENV)/bin/ruff check .

# Refresh the .po catalogues after changing translatable strings, then translate the new entries.
messages: setup
	cd xiezhi && ../$(XZ) makemessages -l zh_Hans -l en --no-obsolete --ignore 'nlp/*' --ignore '*/tests/*' --ignore 'static/*'

clean:
	rm -rf $(VENV) node_modules var .pytest_cache
