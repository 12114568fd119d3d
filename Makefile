# Convenience targets; CMake does the building. `make demo` and `make test` set up a fresh
# Debian 12 machine (scripts/install-deps.sh) first.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# The demo's privacy budget ledger, kept out of the user's own (~/.local/state/outis).
DEMO_LEDGER = OUTIS_LEDGER=build/demo-ledger.db

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
	./build/outis scan examples/scan_people.csv examples/scan_notes.txt
	./build/outis scan examples/scan_people.csv examples/scan_notes.txt --json \
	  -o build/demo-scan.json --fail-on cn_resident_id || test $$? -eq 1
	@echo "JSON report: build/demo-scan.json"
	./build/outis risk examples/patients.csv --qi age,sex,zip --sensitive diagnosis
	./build/outis risk examples/patients.csv --qi age,sex,zip --fail-if "k<2" --json \
	  -o build/demo-risk.json || test $$? -eq 1
	@echo "JSON report: build/demo-risk.json"
	$(DEMO_LEDGER) ./build/outis budget set examples/visits.csv --epsilon 6 --delta 1e-5 >/dev/null
	$(DEMO_LEDGER) ./build/outis budget reset examples/visits.csv --yes
	$(DEMO_LEDGER) ./build/outis dp examples/visits.csv --privacy-unit patient_id --by clinic \
	  --keys examples/visits_keys.csv --count --mean cost:0:400 --max-groups 1 --max-rows 4 \
	  --epsilon 2
	$(DEMO_LEDGER) ./build/outis dp examples/visits.csv --query examples/dp_query.json --json \
	  -o build/demo-dp.json
	@echo "JSON release: build/demo-dp.json"
	$(DEMO_LEDGER) ./build/outis budget show examples/visits.csv
	@test -f build/demo.key || ./build/outis keygen build/demo.key
	./build/outis anonymize examples/patients.csv --plan examples/patients_plan.json \
	  --key-file build/demo.key --report-json build/demo-anonymize.json -o build/demo-release.csv
	@echo "release: build/demo-release.csv, its plan build/demo-anonymize.plan.json"

test: test-release test-asan

test-release: build
	cd build && ctest --output-on-failure -j $(JOBS)

test-asan: build-asan
	cd build-asan && ctest --output-on-failure -j $(JOBS)

bench: build
	bench/risk_bench.sh
	bench/dp_bench.sh

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

install: build
	cmake --install build

clean:
	rm -rf build build-asan
