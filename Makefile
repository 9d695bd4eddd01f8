# The README's commands. Each sets up what it needs first (scripts/bootstrap.sh).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast test-convert bench setup package package-check sample translations clean

setup:
	@./scripts/bootstrap.sh

# The app on the bundled default model (base): the window; with no display, the sample transcribed to SRT.
run: setup
	@$(VENV)/bin/malsori

# The whole suite, slow (real-model) tests included; the installers have their own check (package-check).
test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not packaging and not convert"

# Only the fast tests: handy while editing.
test-fast: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow and not packaging and not convert"

# Importing a fine-tuned model (the convert extra: transformers, torch) in a venv of its own, so that
# .venv, which the installers are built from, never has torch. torch 2.13 is pinned here because this
# machine's wheel folder has its CPU-only build (1.2 GB installed, 1.5 min; the PyPI default brings 5.6 GB
# of CUDA libraries, 3 min); where it has none, pip takes 2.13 from PyPI and it works the same.
CONVERT_VENV ?= build/convert-venv
CONVERT_TORCH ?= torch==2.13.*
test-convert: setup
	VENV=$(CONVERT_VENV) ./scripts/bootstrap.sh
	$(CONVERT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -e ".[convert]" "$(CONVERT_TORCH)"
	QT_QPA_PLATFORM=offscreen $(CONVERT_VENV)/bin/python -m pytest -q -m convert tests/convert

bench: setup
	$(PY) -m bench

# The Linux installers: the PyInstaller bundle (build/dist/malsori/) and the .deb beside it.
package: setup
	./packaging/build-bundle.sh
	$(PY) packaging/linux/build_deb.py build/dist/malsori --out build/dist

# Proof of the installers: the frozen app run with nothing of the dev environment, the .deb
# installed and removed (needs root), then bundle size and cold start as bench lines.
package-check: package
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m packaging tests/packaging
	$(PY) -m bench.package_bench

# Regenerate the committed speech sample (needs espeak-ng and sox).
sample:
	./resources/samples/make-sample.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis

# Refresh the Korean translation source from the code (keeps existing translations), then compile it;
# English gets only the plural forms ("%n segment(s)" -> "1 segment", "2 segments").
translations: setup
	$(VENV)/bin/pyside6-lupdate desktop/malsori/ui/*.py desktop/malsori/app.py -no-obsolete -ts resources/translations/malsori_ko.ts
	$(VENV)/bin/pyside6-lupdate desktop/malsori/ui/*.py desktop/malsori/app.py -no-obsolete -pluralonly -target-language en -ts resources/translations/malsori_en.ts
	$(VENV)/bin/pyside6-lrelease resources/translations/malsori_ko.ts -qm resources/translations/malsori_ko.qm
	$(VENV)/bin/pyside6-lrelease resources/translations/malsori_en.ts -qm resources/translations/malsori_en.qm
	$(VENV)/bin/pyside6-lrelease resources/translations/qt_extra_ko.ts -qm resources/translations/qt_extra_ko.qm
