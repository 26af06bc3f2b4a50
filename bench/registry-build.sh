#!/usr/bin/env bash
# Applies `sendfix fix` to crates of Debian's registry (/usr/share/cargo/registry)
# and builds every crate it changed, offline, with cargo: sendfix must propose
# no edit that breaks a crate that compiles. Usage:
#
#   bench/registry-build.sh [CRATE_DIR_NAME...]   # default: every crate sendfix changes
#
# Each crate is copied to a scratch directory (the registry is never
# touched); its dependencies come from the registry itself through a
# `directory` source. A crate sendfix leaves unchanged needs no build. Exits 1
# when a changed crate fails `cargo check` (the log is printed). A changed
# file cargo would not build without dev-dependencies (a test, a trybuild UI
# test) is checked as an example of its crate.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
registry="${SENDFIX_REGISTRY:-/usr/share/cargo/registry}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$work/target}"

(cd "$here" && go build -o "$work/sendfix" ./cmd/sendfix)

crates=("$@")
if [ ${#crates[@]} -eq 0 ]; then
	# The crates with at least one fixable finding.
	mapfile -t crates < <(cd "$registry" && "$work/sendfix" check --no-cache --format json . 2>/dev/null |
		python3 -c 'import json,sys; print("\n".join(sorted({f["path"].split("/")[0] for f in json.load(sys.stdin)["findings"] if f["fixable"]})))')
fi

failed=0
for c in "${crates[@]}"; do
	[ -n "$c" ] || continue
	dst="$work/crates/$c"
	mkdir -p "$dst"
	cp -r "$registry/$c/." "$dst"
	rm -f "$dst/.cargo-checksum.json"
	mkdir -p "$dst/.cargo"
	printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "%s"\n[net]\noffline = true\n' "$registry" > "$dst/.cargo/config.toml"
	before="$(cd "$dst" && find . -name '*.rs' -type f -exec sha256sum {} + | sort)"
	"$work/sendfix" fix --allow-dirty --no-cache --quiet "$dst" || true
	after="$(cd "$dst" && find . -name '*.rs' -type f -exec sha256sum {} + | sort)"
	if [ "$before" = "$after" ]; then
		echo "$c: unchanged"
		continue
	fi
	changed="$(diff <(echo "$before") <(echo "$after") | grep '^>' | awk '{print $3}' | tr '\n' ' ' || true)"
	# A changed file cargo does not build by itself (a trybuild UI test
	# under tests/ui) is built as an example of the crate.
	for f in $changed; do
		case "$f" in
		./src/* | ./examples/* | ./build.rs) ;;
		*)
			mkdir -p "$dst/examples"
			cp "$dst/$f" "$dst/examples/sendfix_$(basename "$f")"
			;;
		esac
	done
	# Dev-dependencies are often not packaged by Debian: drop them and build
	# what needs none (the library, binaries and examples).
	python3 - "$dst/Cargo.toml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'(?ms)^\[(target\.[^\]]*\.)?dev-dependencies[^\]]*\].*?(?=^\[|\Z)', '', s)
open(p, 'w').write(s)
PY
	if (cd "$dst" && cargo check --lib --bins --examples --quiet >"$work/$c.log" 2>&1); then
		echo "$c: changed ($changed), builds"
	else
		echo "$c: changed ($changed), BUILD FAILS:"
		sed 's/^/    /' "$work/$c.log" | head -40
		failed=1
	fi
done
exit $failed
