# Two commands set everything up on a fresh Debian machine with Python 3.11:
#   make run   — the app on the demo data at http://localhost:8501 (server.py: app.py + middleware)
#   make test  — ruff and every test (installs Chromium for the browser tests when root)
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8501
BIN := $(VENV)/bin

.PHONY: run test lint bench venv test-deps chromium fonts postgresql clean i18n-extract i18n-update i18n-compile

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.test: requirements-test.txt requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt -c constraints.txt
	touch $@

venv: $(VENV)/.runtime

run: $(VENV)/.runtime
	@echo "Joint Production Tracker: open http://localhost:$(PORT) here, or http://<this machine's address>:$(PORT) from a phone on the same network (Streamlit listens on every address, port $(PORT))"
	$(BIN)/streamlit run server.py --server.headless true --server.port $(PORT) --browser.gatherUsageStats false

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing and this user is not root: browser tests will be skipped."; \
	  fi; \
	fi

# The report's PDF embeds DejaVu Sans (Vietnamese, Cyrillic) and NanumGothic (Hangul).
fonts:
	@if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing the report's fonts (fonts-dejavu-core, fonts-nanum)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fonts-nanum >/dev/null; \
	  else \
	    echo "The report's fonts are missing and this user is not root: install fonts-dejavu-core fonts-nanum."; \
	  fi; \
	fi

# The history's store tests run on a real PostgreSQL server, which they start themselves.
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian's postgresql for the history's store tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else \
	    echo "PostgreSQL is missing and this user is not root: its store tests will be skipped."; \
	  fi; \
	fi

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.test chromium fonts postgresql
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: $(VENV)/.test
	$(BIN)/python -m bench

# Translations (gettext, Babel's tooling): extract the English source strings into the template,
# merge them into each language's .po for translators, compile .mo files for deployment (the app
# also reads a .po directly when no newer .mo exists).
# Every interface language but English (the source), from lib/i18n.py's table.
LANGS := $(shell PYTHONPATH=. $(PYTHON) -c 'from lib.i18n import LANGUAGES as L, DEFAULT_LANGUAGE as D; print(*(c for c in L if c != D))')
I18N_KEYWORDS := -k t -k tn:1,2 -k tc:1c,2 -k N_ -k Nn_:1,2

i18n-extract: $(VENV)/.runtime
	PYTHONPATH=. $(BIN)/pybabel extract -F locales/babel.cfg $(I18N_KEYWORDS) --no-default-keywords \
	  --sort-by-file --project="Joint Production Tracker" -o locales/messages.pot .

i18n-update: i18n-extract
	@for lang in $(LANGS); do \
	  if [ -f locales/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update -i locales/messages.pot -d locales -l $$lang --previous --ignore-obsolete; \
	  else \
	    $(BIN)/pybabel init -i locales/messages.pot -d locales -l $$lang; \
	  fi; \
	done

i18n-compile: $(VENV)/.runtime
	$(BIN)/pybabel compile -d locales --statistics

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
