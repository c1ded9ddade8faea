# Minimax: `make run` runs the first lesson, `make test` runs the tests. Both install missing
# system packages first (scripts/install-dependencies).
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
RELEASE = .build/release

.PHONY: dependencies build run test bench clean

dependencies:
	@scripts/install-dependencies

build: dependencies
	$(SWIFT) build -c release --product minimax

run: build
	$(RELEASE)/minimax run optimal-discriminator

test: dependencies
	$(SWIFT) test

bench: dependencies
	$(SWIFT) build -c release --product minimax-bench
	$(RELEASE)/minimax-bench

clean:
	rm -rf .build
