# Parley: thin entry points. `make run` and `make test` install what they need first.
SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
PYTHON := /usr/bin/python3
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8000

.PHONY: run test build web bootstrap test-unit test-integration test-web sanitize fuzz bench format format-check clean

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

test-unit:
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The integration suite runs on SQLite, then again on a private PostgreSQL (tests of what only
# SQLite has are marked sqlite_only and left out there; server/tests/integration/conftest.py).
test-integration:
	PARLEY_BIN=$(abspath $(BUILD))/parley $(PYTHON) -m pytest -q -p no:cacheprovider server/tests/integration
	PARLEY_TEST_BACKEND=postgresql PARLEY_BIN=$(abspath $(BUILD))/parley $(PYTHON) -m pytest -q -p no:cacheprovider server/tests/integration

test-web:
	@if [ -f web/package.json ]; then cd web && npm test && PARLEY_BIN=$(abspath $(BUILD))/parley npm run e2e; fi

# AddressSanitizer + UndefinedBehaviorSanitizer build, with the whole server test suite.
sanitize: bootstrap
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPARLEY_SANITIZE=ON -DPARLEY_BENCH=OFF >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure
	PARLEY_BIN=$(abspath build-asan)/parley $(PYTHON) -m pytest -q -p no:cacheprovider server/tests/integration

# libFuzzer harnesses (server/fuzz/), built with clang and ASan + UBSan in build-fuzz/, each run
# for FUZZ_SECONDS on its corpus in server/fuzz/corpus/<harness>/ (new coverage merged back).
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES ?= http_request cookies multipart jwt ws_frames chat_frame fixture_loader bus_message \
	upload permission_bodies
fuzz:
	scripts/bootstrap --fuzz
	cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DPARLEY_FUZZ=ON -DPARLEY_TESTS=OFF -DPARLEY_BENCH=OFF >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_HARNESSES))
	server/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

bench: build
	scripts/bootstrap --bench
	bench/run-all.sh

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')
	@if [ -d web/node_modules ]; then cd web && npm run format; fi

format-check:
	clang-format --dry-run --Werror $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD) build-asan build-fuzz
