# FlowState. `make help` lists the targets.
# Every target finds a JDK >= 21 by itself (bin/find-java) and uses the Maven Wrapper.

SHELL := /bin/bash
JAVA_HOME := $(shell bin/find-java)
ifeq ($(JAVA_HOME),)
$(error no JDK 21 or newer found; see the message above)
endif
export JAVA_HOME
MVN := ./mvnw -B --no-transfer-progress
CONFIG ?= examples/proxy.json
SCENARIO ?= baseline
PROFILE ?= quick
ENGINES ?=
BALANCERS ?=
PROXY_CPUS ?=
REPEATS ?=
PIN ?=
A ?=
B ?=
FIGURES ?=
PUBLISH ?=
RESULTS ?= results
NOTEBOOK_PACKAGES := jupyter-nbconvert python3-ipykernel python3-matplotlib python3-pandas
HARNESS_CP := harness/target/flowstate-harness.jar:harness/target/lib/*

.PHONY: help build test run bench compare notebooks jmh clean pinned

help:
	@echo "make build                 compile and package (skips tests)"
	@echo "make test                  every test: unit, property, engine conformance (tck)"
	@echo "make run [CONFIG=...] [ENGINE=jdk|jetty|nio]  start the proxy on $(CONFIG) with demo backends"
	@echo "make bench [SCENARIO=baseline] [PROFILE=quick|full] [ENGINES=jdk,jetty,nio] [BALANCERS=wrr,p2c] [REPEATS=N] [PIN=off|PROXY_CPUS=1]"
	@echo "                           run a scenario from scenarios/ and write results/SCENARIO/report.md;"
	@echo "                           pinned by default on 2+ CPUs (proxy on CPU 1, the rest on the others);"
	@echo "                           a tree with uncommitted changes writes results/_scratch/SCENARIO unless PUBLISH=1"
	@echo "make compare A=results/x/summary.json B=results/_scratch/x/summary.json [FIGURES=rps,p99_us]"
	@echo "                           two runs side by side per point: medians, ranges, B/A where beyond the noise"
	@echo "make notebooks [RESULTS=results]  execute notebooks/*.ipynb headless over RESULTS; writes notebooks/out/"
	@echo "make jmh [JMH_ARGS=...]    JMH microbenchmarks with -prof gc; results in results/jmh/"
	@echo "make pinned                every proxy (nginx, HAProxy, each engine) alone on CPU 1, wrk and an nginx backend on CPU 0;"
	@echo "                           writes results/pinned/README.md (needs nginx and wrk)"
	@echo "make probes                idle keep-alive connections and 256 MiB bodies through every engine and nginx;"
	@echo "                           writes results/probes/README.md"
	@echo "make clean                 remove build output"
	@echo "JDK: $(JAVA_HOME)"

build:
	$(MVN) -DskipTests package

test:
	$(MVN) verify

run: build
	bin/flowstate run -c $(CONFIG) --demo-backends $(if $(ENGINE),--engine $(ENGINE))

bench: build
	$(JAVA_HOME)/bin/java -cp '$(HARNESS_CP)' io.flowstate.harness.Bench --scenario $(SCENARIO) --profile $(PROFILE) \
		$(if $(ENGINES),--engines $(ENGINES)) $(if $(BALANCERS),--balancers $(BALANCERS)) \
		$(if $(PROXY_CPUS),--proxy-cpus $(PROXY_CPUS)) $(if $(REPEATS),--repeats $(REPEATS)) \
		$(if $(PIN),--pin $(PIN)) $(if $(filter 1 yes true,$(PUBLISH)),--publish)

# make compare A=... B=...: two summary.json files (or their directories) point by point (benchstat's
# idea: B/A where the repeats' ranges do not overlap, ~ where they do). FIGURES picks keys of points[].
compare: build
	@if [ -z "$(A)" ] || [ -z "$(B)" ]; then echo "make compare: give A=.../summary.json and B=.../summary.json" >&2; exit 2; fi
	$(JAVA_HOME)/bin/java -cp '$(HARNESS_CP)' io.flowstate.harness.Compare '$(A)' '$(B)' $(if $(FIGURES),--figures $(FIGURES))

# make notebooks [RESULTS=results]: the Jupyter notebooks of notebooks/ (one per scenario, one across
# them) executed headless with Debian's jupyter-nbconvert over RESULTS (results/, or results/_scratch for
# unpublished runs): first their helper's tests, then every notebook; the executed notebooks go to
# notebooks/out/, their figures to notebooks/out/figures/. Needs only Debian packages (no PyPI).
notebooks:
	@missing=""; command -v jupyter-nbconvert >/dev/null || missing="jupyter-nbconvert"; \
	for m in ipykernel matplotlib pandas; do /usr/bin/python3 -c "import $$m" 2>/dev/null || missing="$$missing python3-$$m"; done; \
	if [ -n "$$missing" ]; then \
		echo "make notebooks: missing$$missing; install them with" >&2; \
		echo "  apt-get update && apt-get install -y $(NOTEBOOK_PACKAGES)" >&2; exit 1; fi
	FLOWSTATE_RESULTS='$(abspath $(RESULTS))' /usr/bin/python3 -m unittest discover -s notebooks
	@mkdir -p notebooks/out
	FLOWSTATE_RESULTS='$(abspath $(RESULTS))' FLOWSTATE_FIGURES='$(abspath notebooks/out/figures)' \
		PYDEVD_DISABLE_FILE_VALIDATION=1 jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 --output-dir notebooks/out notebooks/*.ipynb
	@echo "make notebooks: executed notebooks in notebooks/out/, figures in notebooks/out/figures/"

# make jmh [JMH_ARGS='...']: the JMH microbenchmarks in jmh/ with -prof gc (ns/op and B/op).
# JMH_ARGS replaces the run options and may name benchmarks by regex, e.g.
#   make jmh JMH_ARGS='-f 1 -wi 2 -i 3 RouterBenchmark'     (java -cp ... org.openjdk.jmh.Main -h lists all options)
# Writes results/jmh/jmh-result.json (JMH's JSON), jmh-table.md (the table) and jmh-output.txt (the log).
JMH_ARGS ?= -f 1 -wi 3 -w 1s -i 5 -r 1s
JMH_OUT := results/jmh
JMH_CP := jmh/target/flowstate-jmh.jar:jmh/target/lib/*
# JDK 23+: JMH 1.37 uses sun.misc.Unsafe, which warns from JDK 24 on; JMH's forks inherit this flag.
JMH_JAVA_OPTS := $(shell v=$$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' '$(JAVA_HOME)/release' 2>/dev/null); \
	[ "$${v:-0}" -ge 23 ] && echo --sun-misc-unsafe-memory-access=allow)
jmh:
	$(MVN) -q -pl jmh -am package -DskipTests
	@mkdir -p $(JMH_OUT)
	set -o pipefail; $(JAVA_HOME)/bin/java $(JMH_JAVA_OPTS) -cp '$(JMH_CP)' org.openjdk.jmh.Main -prof gc $(JMH_ARGS) \
		-rf json -rff $(JMH_OUT)/jmh-result.json 2>&1 | tee $(JMH_OUT)/jmh-output.txt
	@$(JAVA_HOME)/bin/java -cp '$(JMH_CP)' io.flowstate.jmh.ResultTable $(JMH_OUT)/jmh-result.json $(JMH_OUT)/jmh-table.md
	@echo "make jmh: results in $(JMH_OUT)/jmh-result.json (JSON), $(JMH_OUT)/jmh-table.md (table), $(JMH_OUT)/jmh-output.txt (log)"

# make pinned: the one-CPU comparison of every proxy with wrk (harness/scripts/pinned-compare.sh;
# PROXY_CPU, LOAD_CPU, WARMUP, DURATION, CONNS, TARGETS and OUT are read from the environment).
pinned: build
	harness/scripts/pinned-compare.sh

# make probes: idle connections (RSS each, p99 beside them) and large bodies (MiB/s, RSS growth)
# on every engine and nginx (harness/scripts/engine-probes.sh; IDLE, UPLOAD_MIB, ... from the environment).
probes: build
	harness/scripts/engine-probes.sh

clean:
	$(MVN) -q clean
