#!/usr/bin/env bash
# Shared steps of scripts/run and scripts/test: the browser bundle is built without
# cargo-leptos (wasm-bindgen CLI pinned to the version in Cargo.lock).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_wasm_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "Installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    log "Installing wasm-bindgen-cli $want (once, a few minutes)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# Builds target/site: the hydration bundle and the stylesheet.
build_site() {
  ensure_wasm_tools
  log "Building the browser bundle (hydrate, wasm32)"
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  wasm-bindgen --target web --out-dir target/site/pkg --out-name jury \
    target/wasm32-unknown-unknown/wasm-release/app.wasm
  optimise_wasm target/site/pkg/jury_bg.wasm
  cp style/jury.css target/site/pkg/jury.css
  hash_and_compress target/site/pkg
}

# Copies the bundle and the stylesheet under a name carrying their content's hash
# (browsers keep those a year: server/src/statics.rs), writes that name to
# `bundle-name`, and makes their brotli and gzip variants, served by negotiation.
hash_and_compress() {
  local pkg=$1 hash name
  hash=$(cat "$pkg/jury.js" "$pkg/jury_bg.wasm" "$pkg/jury.css" | sha256sum | cut -c1-16)
  name="jury-$hash"
  rm -f "$pkg"/jury-*
  cp "$pkg/jury.js" "$pkg/$name.js"
  cp "$pkg/jury_bg.wasm" "$pkg/${name}_bg.wasm"
  cp "$pkg/jury.css" "$pkg/$name.css"
  for file in "$pkg/$name.js" "$pkg/${name}_bg.wasm" "$pkg/$name.css" "$pkg/jury.css"; do
    gzip -9 -k -f "$file"
    if command -v brotli >/dev/null; then
      brotli -q 11 -f -k "$file"
    fi
  done
  command -v brotli >/dev/null || log "brotli not found: gzip variants only"
  printf '%s\n' "$name" > "$pkg/bundle-name"
  log "Browser bundle $name: $(stat -c %s "$pkg/${name}_bg.wasm") bytes of wasm, $(stat -c %s "$pkg/${name}_bg.wasm.gz") gzip"
}

# Shrinks the bundle with wasm-opt from the npm package binaryen (Debian's older
# binaryen produces a bundle that fails in the browser). Skipped, with a message, when
# npm is not available: the unoptimised bundle works, only larger.
optimise_wasm() {
  local wasm=$1 tools="$ROOT/target/tools/binaryen"
  if [ ! -x "$tools/node_modules/.bin/wasm-opt" ]; then
    if ! command -v npm >/dev/null; then
      log "npm not found: browser bundle left unoptimised"
      return 0
    fi
    log "Installing wasm-opt (npm package binaryen@132.0.0, once)"
    npm install --silent --prefix "$tools" binaryen@132.0.0 >/dev/null
  fi
  log "Optimising the browser bundle (wasm-opt -Oz)"
  "$tools/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o "$wasm.opt" "$wasm" && mv "$wasm.opt" "$wasm"
}
