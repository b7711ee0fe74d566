# Every entry point of Gradscope. `make serve` and `make test` work on a fresh machine: the
# `tools` prerequisites install what is missing (and skip what is present).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := serve

WASM := wasm32-unknown-unknown
NOSTD := thumbv7em-none-eabihf
PKG := www/pkg
STANDALONE := dist/gradscope.html
PORT ?= 8000
NPM_BIN := tests/node_modules/.bin
# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
WBG_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/^version = "\(.*\)"/\1/p;}' Cargo.lock)

.PHONY: serve build standalone test bench bench-readme fuzz tools rust-targets wasm-bindgen-cli chromium npm-deps \
        lint test-native test-targets test-wasm test-e2e clean

## serve: build the page and serve it on 127.0.0.1:$(PORT)
serve: build
	@echo "Gradscope is at http://127.0.0.1:$(PORT)/  (Ctrl-C stops the server)"
	python3 tools/serve.py $(PORT) www

# wasm-opt's inlining makes the module smaller raw but larger compressed (release build: 219 KB
# gzip with -O3, 215 KB with -Oz and no inlining pass; the math measured as fast): LLVM has
# already inlined the hot loops. (A size-first Cargo profile with the core at opt-level 3 gave
# 196 KB but drew the fine landscape ≈ 40 % slower in headless Chromium, so it is not used.)
WASM_OPT := -Oz --skip-pass=inlining-optimizing --enable-simd --strip-debug

## build: compile the wasm module and its JS glue into www/pkg
build: rust-targets wasm-bindgen-cli npm-deps
	cargo build --release --target $(WASM) -p gradscope-web
	wasm-bindgen --target web --weak-refs --no-typescript --remove-name-section --remove-producers-section \
	  --out-dir $(PKG) target/$(WASM)/release/gradscope_web.wasm
	$(NPM_BIN)/wasm-opt $(WASM_OPT) $(PKG)/gradscope_web_bg.wasm -o $(PKG)/gradscope_web_bg.wasm
	node tests/tools/glue-docs.mjs $(PKG)/gradscope_web.js

## standalone: $(STANDALONE), the page as one file that works opened from disk, offline
standalone: build npm-deps
	node tests/tools/standalone.mjs $(STANDALONE)

## test: formatting, lints, native tests, no_std and wasm builds, wasm tests, browser tests
test: tools lint test-native test-targets build test-wasm test-e2e
	@echo "make test: all green"

lint: rust-targets
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p gradscope-web -p gradscope-bench --target $(WASM) --all-targets -- -D warnings

test-native:
	cargo test --workspace

test-targets: rust-targets
	cargo build -p gradscope-core --no-default-features --target $(NOSTD)
	cargo build -p gradscope-core --target $(WASM)

test-wasm: rust-targets wasm-bindgen-cli chromium
	# Release: the debug build runs the 569-sample landscapes too slowly for the runner.
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	  cargo test --release -p gradscope-web --target $(WASM)

test-e2e: build standalone chromium npm-deps
	cd tests && npm test

## bench: product against a plain reference loop, interleaved, natively and in wasm; the page's fps, frames, long tasks, download, time to interactive
# Not part of `make test`: it measures, it does not check. About 3 minutes on 2 cores once built.
BENCH_OUT := target/bench
BENCH_PKG := $(BENCH_OUT)/pkg
bench: build chromium npm-deps
	cargo build --release -p gradscope-bench --bin gradscope-bench
	cargo build --release --target $(WASM) -p gradscope-bench --lib
	wasm-bindgen --target web --no-typescript --out-dir $(BENCH_PKG) target/$(WASM)/release/gradscope_bench.wasm
	# The same wasm-opt pass as the page's module, so both sides get what the page gets.
	$(NPM_BIN)/wasm-opt $(WASM_OPT) $(BENCH_PKG)/gradscope_bench_bg.wasm -o $(BENCH_PKG)/gradscope_bench_bg.wasm
	@mkdir -p $(BENCH_OUT)
	target/release/gradscope-bench > $(BENCH_OUT)/native.json
	cd tests && node bench/run.mjs ../$(BENCH_OUT)/native.json ../$(BENCH_OUT)/results.json ../$(BENCH_PKG)

## bench-readme: rewrite the README's benchmark tables from the last `make bench` ($(BENCH_OUT)/results.json)
bench-readme:
	node tests/bench/readme.mjs $(BENCH_OUT)/results.json README.md

## fuzz: bounded libFuzzer runs of every target in fuzz/ (FUZZ_SECONDS each, default 120); not part of `make test`
# cargo fuzz passes nightly-only flags (-Zsanitizer, sancov passes): RUSTC_BOOTSTRAP=1 lets the
# stable toolchain take them. No sanitizer: our crates forbid `unsafe`, a panic is what the
# targets look for, and the runs go about twice as fast without AddressSanitizer.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := csv core_api run_ops
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none $$t -- -max_total_time=$(FUZZ_SECONDS) \
	    -max_len=512 -len_control=0 -timeout=60 -print_final_stats=1 || exit 1; \
	done

tools: rust-targets wasm-bindgen-cli chromium npm-deps

rust-targets:
	@for t in $(WASM) $(NOSTD); do \
	  rustup target list --installed | grep -qx "$$t" || rustup target add "$$t"; \
	done

wasm-bindgen-cli:
	@have=$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}' || true); \
	if [ "$$have" != "$(WBG_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WBG_VERSION) (have: $${have:-none})"; \
	  cargo install wasm-bindgen-cli --version $(WBG_VERSION) --force; \
	fi

chromium:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

npm-deps: tests/node_modules/.package-lock.json

tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund
	@touch $@

clean:
	cargo clean
	rm -rf $(PKG) dist tests/node_modules tests/screenshots
