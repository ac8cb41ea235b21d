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

.PHONY: help build test run bench jmh clean

help:
	@echo "make build                 compile and package (skips tests)"
	@echo "make test                  every test: unit, property, engine conformance (tck)"
	@echo "make run [CONFIG=...] [ENGINE=jdk|jetty]  start the proxy on $(CONFIG) with demo backends"
	@echo "make bench [SCENARIO=...]  run a benchmark scenario and write its report"
	@echo "make clean                 remove build output"
	@echo "JDK: $(JAVA_HOME)"

build:
	$(MVN) -DskipTests package

test:
	$(MVN) verify

run: build
	bin/flowstate run -c $(CONFIG) --demo-backends $(if $(ENGINE),--engine $(ENGINE))

bench:
	@echo "make bench: the research harness (load generator, scenarios, reports) is not built yet."
	@echo "It arrives with the harness work; nothing was run."

jmh:
	@echo "make jmh: the JMH microbenchmarks arrive with the harness work; nothing was run."

clean:
	$(MVN) -q clean
