# Convenience targets; CMake does the building. `make demo` and `make test` set up a fresh
# Debian 12 machine (scripts/install-deps.sh) first.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan demo test test-release test-asan bench format install clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build build -j $(JOBS)

build-asan: deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOUTIS_SANITIZE=ON >/dev/null
	@cmake --build build-asan -j $(JOBS)

demo: build
	./build/outis risk examples/patients.csv --qi age,sex,zip --sensitive diagnosis
	./build/outis risk examples/patients.csv --qi age,sex,zip --fail-if "k<2" --json \
	  -o build/demo-risk.json || test $$? -eq 1
	@echo "JSON report: build/demo-risk.json"

test: test-release test-asan

test-release: build
	cd build && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd build-asan && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/risk_bench.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

install: build
	cmake --install build

clean:
	rm -rf build build-asan
