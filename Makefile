# Before the Visit: two commands, `make run` and `make test`, on a machine with only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
STAMP  := $(VENV)/.installed

# The Nu HTML Checker for the browser tests: npm's vnu-jar, pinned and checked, run with Java.
# Without npm the download is left out and that test skips (it fails when CI=true).
VNU_VERSION   := 26.9.27
VNU_INTEGRITY := sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA==
VNU_DIR       := .cache/vnu
VNU_JAR       := $(VNU_DIR)/vnu-$(VNU_VERSION).jar

# NLM's LHC-Forms renders the FHIR Questionnaire in the browser test: npm's lforms, pinned
# and checked like vnu-jar; only its built web component and R4 support file are kept.
LFORMS_VERSION   := 40.1.3
LFORMS_INTEGRITY := sha512-WLruTm+BcVnafC0rSAQ3/cNqhxvclBUxyBG68aub/uha2NaK9H8ZZcEXTTuORuGzzCt0wa7fvhuieZtcDIdPzQ==
LFORMS_DIR       := .cache/lforms-$(LFORMS_VERSION)

.PHONY: install run test test-deep lint check schema bench clean vnu lforms translations

# uv makes the virtual environment and installs into it several times faster than venv and
# pip (a fresh install: about 10 s instead of 40 on this 2-core machine); pip fetches uv from
# PyPI into .cache/uv once. Where that fails, venv and pip do it as before.
UV_DIR := .cache/uv
UV     := $(UV_DIR)/bin/uv

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@if { [ -x $(UV) ] || $(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
	       --target $(UV_DIR) 'uv>=0.9,<1'; } && \
	    echo "$(UV) pip install --editable '.[test]' (into $(VENV))" && \
	    $(UV) venv --quiet --native-tls --seed --allow-existing --python $(PYTHON) $(VENV) && \
	    $(UV) pip install --quiet --native-tls --python $(BIN)/python --editable '.[test]'; then :; \
	else \
	  echo "uv could not be fetched or could not install: installing with venv and pip."; \
	  $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet --editable '.[test]'; \
	fi
	@touch $(STAMP)

install: $(STAMP) translations

# The gettext catalogs (issue 18): extract every marked string and questions.yaml's texts
# (babel.cfg) into .cache/messages.pot, and compile each webapp/translations/*/LC_MESSAGES
# catalog to its .mo (built here, never committed). `make test` fails when a catalog is out
# of date, fuzzy or untranslated (tests/test_catalog_es.py); to update one after changing
# English text: pybabel update -i .cache/messages.pot -d webapp/translations, translate.
translations: $(STAMP)
	@mkdir -p .cache
	$(BIN)/pybabel -q extract -F babel.cfg -o .cache/messages.pot .
	@if ls webapp/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  $(BIN)/pybabel compile --statistics -d webapp/translations; fi

run: install
	$(BIN)/flask --app webapp check
	$(BIN)/flask --app webapp run --host 127.0.0.1 --port $(PORT)

# pytest in WORKERS processes (pytest-xdist; WORKERS=0 runs in one). --dist loadgroup keeps
# the browser tests that feed the recorded live server in one process, in order, so the
# every-state audit runs once and sees every state they reached (tests/browser/conftest.py).
WORKERS ?= 2
# Python may write bytecode for the test run, under .cache/pycache (out of the source
# folders), even where the environment says not to (PYTHONDONTWRITEBYTECODE=1 on these
# machines): each pytest worker then rewrote every test module's asserts again (collection
# 13.9 s -> 7.7 s of processor time), and each server or command a test starts compiled the
# app again (its import 0.9 s -> 0.6 s).
BYTECODE := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/.cache/pycache
PYTEST  := $(BYTECODE) $(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

# ruff, mypy and the questionnaire check run beside pytest, not before it (they took 10-20 s
# of a run on one core while the other waited): each one's output goes to .cache/checks/
# and is shown after pytest's, in full when it failed. The run fails when any of them does.
define WITH_CHECKS
@mkdir -p .cache/checks; \
$(BIN)/ruff check webapp tests bench gunicorn.conf.py >.cache/checks/ruff.txt 2>&1 & ruff=$$!; \
$(BIN)/mypy >.cache/checks/mypy.txt 2>&1 & mypy=$$!; \
$(BIN)/flask --app webapp check >.cache/checks/flask-check.txt 2>&1 & check=$$!; \
echo "$(1)"; $(1); status=$$?; \
for job in ruff:$$ruff mypy:$$mypy flask-check:$$check; do \
  name=$${job%%:*}; \
  if wait $${job#*:}; then echo "$$name: $$(tail -n 1 .cache/checks/$$name.txt)"; \
  else status=1; echo "$$name FAILED:"; cat .cache/checks/$$name.txt; fi; \
done; \
exit $$status
endef

test: install translations vnu lforms
	$(call WITH_CHECKS,$(PYTEST))

# Every property test's full number of examples, and the benchmark's smoke run (~10 min).
test-deep: install vnu
	$(call WITH_CHECKS,HYPOTHESIS_PROFILE=deep $(PYTEST))

lint: install
	$(BIN)/ruff check webapp tests bench gunicorn.conf.py

# Many patients at once against gunicorn on 127.0.0.1, beside a hello-world ceiling (~2 min).
bench: install
	$(BIN)/python -m bench.run

check: install
	$(BIN)/flask --app webapp check

# questions.schema.json, made from the question types (a test fails when it is stale).
schema: install
	$(BIN)/flask --app webapp schema --out questions.schema.json

vnu:
	@if [ -f $(VNU_JAR) ]; then exit 0; fi; \
	if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm is not installed: the Nu HTML Checker test will skip (CI=true fails it)."; exit 0; fi; \
	mkdir -p $(VNU_DIR) && rm -rf $(VNU_DIR)/package $(VNU_DIR)/*.tgz && \
	( cd $(VNU_DIR) && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null ) || \
	  { echo "Could not download vnu-jar $(VNU_VERSION) from the npm registry (see above)." >&2; exit 1; }; \
	got=$$($(PYTHON) -c 'import base64, hashlib, sys; print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' $(VNU_DIR)/vnu-jar-$(VNU_VERSION).tgz); \
	if [ "$$got" != "$(VNU_INTEGRITY)" ]; then \
	  echo "vnu-jar $(VNU_VERSION) from npm is not the pinned file ($$got)." >&2; exit 1; fi; \
	tar -xzf $(VNU_DIR)/vnu-jar-$(VNU_VERSION).tgz -C $(VNU_DIR) package/build/dist/vnu.jar && \
	mv $(VNU_DIR)/package/build/dist/vnu.jar $(VNU_JAR) && \
	rm -rf $(VNU_DIR)/package $(VNU_DIR)/vnu-jar-$(VNU_VERSION).tgz && \
	echo "Nu HTML Checker $(VNU_VERSION): $(VNU_JAR)"

lforms:
	@if [ -f $(LFORMS_DIR)/fhir/R4/lformsFHIR.min.js ]; then exit 0; fi; \
	if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm is not installed: the LHC-Forms test will skip (CI=true fails it)."; exit 0; fi; \
	rm -rf $(LFORMS_DIR) && mkdir -p $(LFORMS_DIR) && \
	( cd $(LFORMS_DIR) && npm pack --silent lforms@$(LFORMS_VERSION) >/dev/null ) || \
	  { echo "Could not download lforms $(LFORMS_VERSION) from the npm registry (see above)." >&2; exit 1; }; \
	got=$$($(PYTHON) -c 'import base64, hashlib, sys; print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' $(LFORMS_DIR)/lforms-$(LFORMS_VERSION).tgz); \
	if [ "$$got" != "$(LFORMS_INTEGRITY)" ]; then \
	  rm -rf $(LFORMS_DIR); echo "lforms $(LFORMS_VERSION) from npm is not the pinned file ($$got)." >&2; exit 1; fi; \
	tar -xzf $(LFORMS_DIR)/lforms-$(LFORMS_VERSION).tgz -C $(LFORMS_DIR) package/dist/lforms package/LICENSE.md && \
	mv $(LFORMS_DIR)/package/dist/lforms/webcomponent $(LFORMS_DIR)/package/dist/lforms/fhir \
	  $(LFORMS_DIR)/package/LICENSE.md $(LFORMS_DIR)/ && \
	rm -rf $(LFORMS_DIR)/package $(LFORMS_DIR)/lforms-$(LFORMS_VERSION).tgz && \
	echo "LHC-Forms $(LFORMS_VERSION): $(LFORMS_DIR)"

clean:
	rm -rf $(VENV) .cache build *.egg-info test-artifacts
