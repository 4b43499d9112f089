# Two commands for people: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
export FLASK_APP := wsgi

.PHONY: run test lint setup system-deps browser-deps deploy-deps bench-deps venv dev-deps screenshots translations extract-messages update-messages db demo worker serve clean static-gz purge-css

run: setup demo ## set everything up and serve on http://127.0.0.1:5000 (web + worker)
	@bash scripts/serve.sh

test: setup dev-deps browser-deps deploy-deps lint ## set everything up, lint, and run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: dev-deps ## ruff, with the rules in pyproject.toml
	$(BIN)/ruff check contest tests bench scripts migrations deploy wsgi.py

setup: system-deps venv translations db static-gz

VPDQ_BUILD_DEPS := pkg-config cmake g++ python3-dev libavcodec-dev libavformat-dev libavdevice-dev libavutil-dev libswscale-dev libswresample-dev libavfilter-dev

system-deps: ## ffmpeg/ffprobe and the libav* headers vpdq builds against, from Debian's packages
	@if command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Memasang ffmpeg (apt-get)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; \
	else \
		echo "ffmpeg/ffprobe tidak ditemukan. Jalankan: sudo apt-get install -y ffmpeg"; exit 1; \
	fi
	@# vpdq (perceptual video hashes, requirements.txt) is built against Debian's libav* headers.
	@if command -v pkg-config >/dev/null && command -v cmake >/dev/null && command -v g++ >/dev/null \
		&& pkg-config --exists libavcodec libavformat libavdevice libavutil libswscale libswresample libavfilter; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Memasang pustaka pengembangan libav* untuk vpdq (apt-get)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(VPDQ_BUILD_DEPS) >/dev/null; \
	else \
		echo "Pustaka untuk membangun vpdq tidak ditemukan. Jalankan: sudo apt-get install -y $(VPDQ_BUILD_DEPS)"; exit 1; \
	fi

AXE := .cache/axe-core-4.14.1/axe.min.js

browser-deps: $(AXE) ## Debian's Chromium and axe-core, for the browser tests
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Memasang chromium (apt-get)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else \
		echo "Chromium tidak ditemukan. Jalankan: sudo apt-get install -y chromium"; exit 1; \
	fi

$(AXE):
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } || { echo "npm tidak ditemukan. Jalankan: sudo apt-get install -y npm"; exit 1; }
	@mkdir -p .cache && cd .cache && npm pack --silent axe-core@4.14.1 >/dev/null && tar xzf axe-core-4.14.1.tgz && rm -rf axe-core-4.14.1 && mv package axe-core-4.14.1 && rm axe-core-4.14.1.tgz

deploy-deps: ## Debian's nginx and openssl, for the tests of deploy/ (tests/deploy)
	@if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Memasang nginx (apt-get)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl >/dev/null; \
	else \
		echo "nginx tidak ditemukan. Jalankan: sudo apt-get install -y nginx-light"; exit 1; \
	fi

LIGHTHOUSE := .cache/lighthouse-12.2.3/node_modules/.bin/lighthouse

bench-deps: $(LIGHTHOUSE) ## Debian's wrk, for the load tests in bench/; Lighthouse (npm) for bench_pages.py
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "Memasang wrk (apt-get)…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "wrk tidak ditemukan. Jalankan: sudo apt-get install -y wrk"; exit 1; \
	fi

# Lighthouse 12.2.3: the last release that runs on Debian 12's Node 18/20 (13 wants Node 22).
$(LIGHTHOUSE):
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; } || { echo "npm tidak ditemukan. Jalankan: sudo apt-get install -y npm"; exit 1; }
	@mkdir -p .cache/lighthouse-12.2.3 && cd .cache/lighthouse-12.2.3 && npm i -E --silent --no-audit --no-fund lighthouse@12.2.3 >/dev/null

static-gz: venv ## gzip twins of static text files (nginx gzip_static; the app sends them too)
	@$(BIN)/python scripts/compress_static.py

purge-css: dev-deps ## rebuild static/css/bootstrap.purged.css after templates start using new Bootstrap classes
	$(BIN)/python scripts/purge_css.py

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
		else echo "Modul venv tidak ada. Jalankan: sudo apt-get install -y python3-venv"; exit 1; fi; }
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

dev-deps: $(VENV)/.installed-dev ## the test toolchain (pytest, Playwright, …) on top of the runtime

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	@touch $@

translations: venv ## compile the catalogues (.po -> .mo); the .mo files are not committed
	$(BIN)/pybabel compile -f -d translations

extract-messages: venv ## collect every translatable string into messages.pot
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .

update-messages: extract-messages ## merge new strings into each language's .po
	$(BIN)/pybabel update -N -i translations/messages.pot -d translations

db: venv ## apply migrations to the configured database
	$(FLASK) db upgrade

screenshots: setup dev-deps browser-deps ## regenerate the README's screenshots in docs/screenshots/
	$(BIN)/python scripts/screenshots.py

demo: setup ## seed the demo contest and accounts (idempotent), with a demo key that signs its certificates
	$(FLASK) contest signing-demo-cert
	$(FLASK) contest demo

clean:
	rm -rf $(VENV) instance .pytest_cache
