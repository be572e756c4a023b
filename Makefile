# Everything a fresh machine needs, in two targets: `make up` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: up test lint bench clean

$(STAMP): pyproject.toml
	@echo "==> creating $(VENV) and installing the project (first run only)"
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

up: $(STAMP)
	$(VENV)/bin/eventonight up --seed $(ARGS)

test: $(STAMP)
	$(VENV)/bin/pytest -n auto $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/cfn-lint template.yaml infrastructure/*.yaml

clean:
	rm -rf $(VENV) .eventonight
