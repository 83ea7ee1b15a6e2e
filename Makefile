# Everything a fresh machine needs: `make translate` (the main job on seeds/) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# A CPU build of torch; override on a GPU machine, e.g. make install TORCH=torch
TORCH  ?= torch==2.13.0
MODEL  ?= opus-mt
OUT    ?= out

.PHONY: install translate clean-seeds test eval bench bench-profile bench-report bench-scale bench-ray bench-readers clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	@$(BIN)/pip install -q --disable-pip-version-check "$(TORCH)"
	@$(BIN)/pip install -q --disable-pip-version-check -e '.[test,fast]'
	@touch $(STAMP)
	@echo "installed vi2en into $(VENV)"

# The main job: clean and translate seeds/ into out/. Without network and without the model in the cache,
# it says so and runs the cleaning stage alone.
translate: install
	@if $(BIN)/vi2en models download $(MODEL); then \
		$(BIN)/vi2en translate seeds -o $(OUT) --model $(MODEL); \
	else \
		echo "make translate: model '$(MODEL)' is not available here (no network?); running the cleaning stage only."; \
		$(BIN)/vi2en clean seeds -o $(OUT); \
	fi

clean-seeds: install
	$(BIN)/vi2en clean seeds -o $(OUT)

test: install
	$(BIN)/python -m pytest -q

# Score the cleaner on ../shared/realnews against hand annotations (benchmarks/eval/); writes benchmarks/clean-results.md.
eval: install
	$(BIN)/python benchmarks/eval/score.py --details benchmarks/work/eval-details.json

bench: install
	$(BIN)/python benchmarks/bench.py

# Where the CPU time goes at beam 4 (writes benchmarks/profile-cpu.md, linked from results.md); about 4 minutes
bench-profile: install
	$(BIN)/python benchmarks/profile_cpu.py

# 1,000 and 10,000 archived articles with a tiny model: flat memory, steady time per article (scale-results.md)
bench-scale: install
	$(BIN)/python benchmarks/bench_scale.py

# translate --ray on a local Ray instance with 1 and 2 CPU replicas against one process (ray-results.md)
bench-ray: install
	$(BIN)/python benchmarks/bench_ray.py

# vi2en's record readers against datatrove's (installed into benchmarks/work/datatrove-venv, not into .venv)
DT_VENV := benchmarks/work/datatrove-venv
bench-readers: install
	@test -x $(DT_VENV)/bin/python || $(PYTHON) -m venv $(DT_VENV)
	@$(DT_VENV)/bin/pip install -q --disable-pip-version-check 'datatrove[io]' orjson pyarrow
	$(BIN)/python benchmarks/bench_readers.py --datatrove-python $(DT_VENV)/bin/python

bench-report: install
	$(BIN)/python benchmarks/report_bench.py

clean:
	rm -rf $(OUT) .pytest_cache .hypothesis
