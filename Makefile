# xinfang: the two commands a new machine needs are `make run` and `make test`.
SWIFT ?= swift

.PHONY: all deps build run test test-swift test-python bench proto clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

## Build, initialise ./var if absent, print an admin token and serve on 127.0.0.1:7400.
run: build
	@scripts/run-dev

## Every test: Swift unit and end-to-end tests, then the Python grpcio client against a real daemon.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory test-python

test-python:
	@Tests/PythonClient/run

## Benchmarks; results are written to bench/results/.
bench: deps
	@scripts/bench

## Regenerate Sources/WireProtocol/Generated from proto/.
proto:
	scripts/gen-proto

clean:
	rm -rf .build
