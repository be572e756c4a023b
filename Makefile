# Everything a fresh machine needs, in two targets: `make up` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: up test installs unit-3.12 sam-cli lint lock bench clean web chromium

# Every package from requirements.lock (hashes checked), then the project itself without resolving again. uv installs
# them (pinned in the lock, and first installed from it by pip, hashes checked): several times faster than pip,
# whose install of the lock was a minute and more of every clean clone's `make test`.
UV := $(VENV)/bin/uv
$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) and installing the project (first run only)"
	python3 -m venv $(VENV)
	sed -n '/^uv==/,/[^\\]$$/p' requirements.lock > $(VENV)/uv-requirement.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r $(VENV)/uv-requirement.txt
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	@touch $(STAMP)

# The unit tier under Python 3.12 as well, Lambda's runtime: its own venv from the same lock. Python 3.12 is the
# machine's (on PATH, or pyenv's; a pyenv shim may stand for another version, hence the check).
PY312 := $(shell for p in $$(command -v python3.12) /root/.pyenv/versions/3.12*/bin/python3.12; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 12); print(sys.executable)' 2>/dev/null && break; done)
VENV312 := .eventonight/venv-3.12
STAMP312 := $(VENV312)/.installed

$(STAMP312): pyproject.toml requirements.lock $(STAMP)
	@[ -n "$(PY312)" ] || { echo "no python3.12 on this machine (Lambda's runtime): install it first"; exit 1; }
	@echo "==> creating $(VENV312) with $(PY312) (first run only)"
	$(PY312) -m venv --clear --without-pip $(VENV312)
	$(UV) pip install --quiet --python $(VENV312)/bin/python --require-hashes -r requirements.lock
	$(UV) pip install --quiet --python $(VENV312)/bin/python --no-deps -e .
	@touch $(STAMP312)

# PYTHONDONTWRITEBYTECODE= : pytest keeps its rewritten test modules and Python the compiled sources between
# processes (__pycache__, ignored by git); with it set, as on this machine, every worker compiled them again
# (the suite's collection: 13 -> 8 s of CPU in each of the three pytest processes).
unit-3.12: $(STAMP312)
	PYTHONDONTWRITEBYTECODE= $(VENV312)/bin/pytest -n 2 -q tests/unit

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

# SAM CLI for tests/sam, in a venv of its own (tests/support/sam_cli.py says which version; once installed, a no-op).
sam-cli: $(STAMP)
	@$(PY) tests/support/sam_cli.py >/dev/null

up: $(STAMP) web
	$(VENV)/bin/eventonight up --seed $(ARGS)

# What the suite needs, side by side (they share nothing; a target's output is printed whole when it ends). One
# after another they took ~3 minutes of a clean clone.
installs:
	@$(MAKE) --no-print-directory -j 4 --output-sync=target $(STAMP) web chromium sam-cli $(STAMP312)

# The suite (--durations: where the time went, at the end of every run), and beside it the unit tier under 3.12 at
# the lowest priority: it takes the moments the suite leaves a core idle (its waits) instead of running first (33 s
# of every clean clone's `make test`); at worst it ends after the suite. Its output follows the suite's; either
# failing fails. In one process (-n 0), not two xdist workers: at load 8, CPU 16.9, 17.2 s against 25.2, 29.2 s
# with -n 2 (the controller's and each worker's start, imports and collection, the session fixtures' tables in
# each worker); beside the suite it ends long before it all the same (85 s of a 530 s run with -n 2).
UNIT312_LOG := .eventonight/unit-3.12.log
test: installs
	@PYTHONDONTWRITEBYTECODE= nice -n 19 $(VENV312)/bin/pytest -n 0 -q tests/unit > $(UNIT312_LOG) 2>&1 & unit=$$!; \
	trap 'kill $$unit 2>/dev/null' INT TERM; \
	echo "==> the unit tier under Python 3.12 runs beside the suite, at low priority ($(UNIT312_LOG))"; \
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest -n auto --durations=25 $(ARGS); suite=$$?; \
	echo "==> the unit tier under Python 3.12 (beside the suite):"; wait $$unit; unit_rc=$$?; \
	if [ $$unit_rc -eq 0 ]; then tail -n 1 $(UNIT312_LOG); else cat $(UNIT312_LOG); fi; \
	[ $$suite -eq 0 ] && [ $$unit_rc -eq 0 ]

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/cfn-lint template.yaml infrastructure/*.yaml

clean:
	rm -rf $(VENV) .eventonight web/node_modules web/dist
