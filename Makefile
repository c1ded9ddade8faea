# Minimax: `make run` runs every lesson, `make test` runs the tests. Both install missing
# system packages first (scripts/install-dependencies).
SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
RELEASE = .build/release

.PHONY: dependencies build run test bench clean

dependencies:
	@scripts/install-dependencies

build: dependencies
	$(SWIFT) build -c release --product minimax

run: build
	$(RELEASE)/minimax run --all

# Release mode: the lesson tests train real networks, which takes seconds in release and
# minutes in debug. -enable-testing lets the tests see internal names (@testable import).
# The tests run every chapter once and compare each number with the committed report (what
# `minimax check --rerun` does, without training the course a second time); then `minimax check`
# confirms from the command line that every committed report is current.
test: dependencies
	$(SWIFT) test -c release -Xswiftc -enable-testing
	$(RELEASE)/minimax check

bench: dependencies
	$(SWIFT) build -c release --product minimax-bench
	$(RELEASE)/minimax-bench

clean:
	rm -rf .build
