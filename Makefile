# Parley: thin entry points. `make run` and `make test` install what they need first.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
PYTHON := /usr/bin/python3
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8000

.PHONY: run test build web bootstrap test-unit test-integration test-web check-build test-sanitize sanitize \
	test-fuzz fuzz bench format format-check clean

bootstrap:
	scripts/bootstrap

build: bootstrap
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

web:
	@if [ -f web/package.json ]; then scripts/build-web; fi
	scripts/build-docs-ui

run: build web
	@if [ ! -f $(DATA_DIR)/parley.sqlite3 ]; then $(BUILD)/parley load --data-dir $(DATA_DIR) data/demo.json; fi
	@echo "Demo logins: alice / alice-demo-pass-1, bob / bob-demo-pass-1, carol / carol-demo-pass-1, dave / dave-demo-pass-1"
	$(BUILD)/parley serve --data-dir $(DATA_DIR) --listen $(LISTEN)

test:
	scripts/bootstrap --test
	$(MAKE) build
	$(MAKE) web
	$(MAKE) test-unit
	$(MAKE) test-integration
	$(MAKE) test-web
	$(MAKE) test-sanitize
	$(MAKE) test-fuzz

test-unit:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The integration suite runs on SQLite, then again on a private PostgreSQL (tests of what only
# SQLite has are marked sqlite_only and left out there; server/tests/integration/conftest.py).
test-integration:
	PARLEY_BIN=$(abspath $(BUILD))/parley $(PYTHON) -m pytest -q -p no:cacheprovider server/tests/integration
	PARLEY_TEST_BACKEND=postgresql PARLEY_BIN=$(abspath $(BUILD))/parley $(PYTHON) -m pytest -q -p no:cacheprovider server/tests/integration

test-web:
	@if [ -f web/package.json ]; then cd web && npm test && PARLEY_BIN=$(abspath $(BUILD))/parley npm run e2e; fi

# The checking build: clang with AddressSanitizer + UndefinedBehaviorSanitizer, and coverage
# instrumentation for libFuzzer, in $(CHECK_BUILD)/. One build gives the instrumented server,
# its unit tests and the fuzz harnesses (server/fuzz/). -O1 with line tables: reports name
# file and line, and the cold build stays short enough for `make test`.
CHECK_BUILD ?= build-check
check-build: bootstrap
	scripts/bootstrap --fuzz
	cmake -S . -B $(CHECK_BUILD) -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
		-DPARLEY_FUZZ=ON -DPARLEY_TESTS=ON -DPARLEY_BENCH=OFF >/dev/null
	cmake --build $(CHECK_BUILD) -j $(JOBS)

# Any sanitizer report fails the run: UBSan aborts (-fno-sanitize-recover), ASan stops at the
# first error, LeakSanitizer checks each process at exit.
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The unit tests, then the integration suite on SQLite, against the checking build. (The
# PostgreSQL pass and the browser tests run on the release build: the time budget.)
test-sanitize: check-build
	cd $(CHECK_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS)
	$(SANITIZER_ENV) PARLEY_SANITIZED=1 PARLEY_BIN=$(abspath $(CHECK_BUILD))/parley $(PYTHON) -m pytest -q -p no:cacheprovider server/tests/integration
sanitize: test-sanitize

# libFuzzer harnesses, each run for FUZZ_SECONDS on its corpus in server/fuzz/corpus/<harness>/
# (new coverage merged back), FUZZ_JOBS at once; crashes land in $(CHECK_BUILD)/artifacts/.
# `make test` runs each for CI_FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
CI_FUZZ_SECONDS ?= 30
FUZZ_HARNESSES ?= http_request cookies multipart jwt ws_frames chat_frame fixture_loader bus_message \
	upload permission_bodies emoji mentions django_time search_query iso8601 audit_reason
fuzz: check-build
	FUZZ_JOBS=$(FUZZ_JOBS) server/fuzz/run.sh $(CHECK_BUILD) $(FUZZ_SECONDS) $(FUZZ_HARNESSES)
test-fuzz: check-build
	FUZZ_JOBS=$(JOBS) server/fuzz/run.sh $(CHECK_BUILD) $(CI_FUZZ_SECONDS) $(FUZZ_HARNESSES)

bench: build
	scripts/bootstrap --bench
	bench/run-all.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')
	@if [ -d web/node_modules ]; then cd web && npm run format; fi

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) $(CHECK_BUILD)
