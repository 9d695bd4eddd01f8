# The README's commands. Each sets up what it needs first (scripts/bootstrap.sh).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast bench setup sample translations clean

setup:
	@./scripts/bootstrap.sh

# The app on the bundled default model (base): the window; with no display, the sample transcribed to SRT.
run: setup
	@$(VENV)/bin/malsori

# The whole suite, slow (real-model) tests included.
test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# Only the fast tests: handy while editing.
test-fast: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow"

bench: setup
	$(PY) -m bench

# Regenerate the committed speech sample (needs espeak-ng and sox).
sample:
	./resources/samples/make-sample.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis

# Refresh the Korean translation source from the code (keeps existing translations), then compile it.
translations: setup
	$(VENV)/bin/pyside6-lupdate desktop/malsori/ui/*.py desktop/malsori/app.py -no-obsolete -ts resources/translations/malsori_ko.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/malsori_ko.ts -qm resources/translations/malsori_ko.qm
