# The README's commands. Each sets up what it needs first (scripts/bootstrap.sh).
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-fast bench setup package package-check sample translations clean

setup:
	@./scripts/bootstrap.sh

# The app on the bundled default model (base): the window; with no display, the sample transcribed to SRT.
run: setup
	@$(VENV)/bin/malsori

# The whole suite, slow (real-model) tests included; the installers have their own check (package-check).
test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not packaging"

# Only the fast tests: handy while editing.
test-fast: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow and not packaging"

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
