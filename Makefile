# Everything a fresh machine needs, in two targets: `make up` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: up test lint lock bench clean web chromium

# Every package from requirements.lock (hashes checked), then the project itself without resolving again.
$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) and installing the project (first run only)"
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

# After a change of pyproject.toml's pins: the lock (3.11 and 3.12, hashes) and every requirements.txt from it.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes \
		--no-emit-package eventonight --quiet -o requirements.lock
	$(PY) -m embedded_cloud.locked_requirements

# The SPA (web/): npm ci when the lock file changes, a build when its sources change; served from web/dist.
WEB_STAMP := web/node_modules/.installed
WEB_BUILD := web/dist/index.html

$(WEB_STAMP): web/package-lock.json
	@echo "==> installing the SPA's packages (npm ci)"
	cd web && npm ci --no-audit --no-fund
	@touch $(WEB_STAMP)

$(WEB_BUILD): $(WEB_STAMP) web/index.html web/vite.config.ts web/tsconfig.json $(shell find web/src -type f 2>/dev/null)
	cd web && npm run build

web: $(WEB_BUILD)

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
chromium:
	@[ -x /usr/bin/chromium ] || { echo "==> installing chromium"; apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

up: $(STAMP) web
	$(VENV)/bin/eventonight up --seed $(ARGS)

test: $(STAMP) web chromium
	$(VENV)/bin/pytest -n auto $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/cfn-lint template.yaml infrastructure/*.yaml

clean:
	rm -rf $(VENV) .eventonight web/node_modules web/dist
