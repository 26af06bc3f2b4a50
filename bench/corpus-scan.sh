#!/usr/bin/env bash
# corpus-scan.sh: run `sendfix check --format json` over every crate of a
# real-world corpus (Debian's Rust crate sources) and summarise: files,
# findings (fixable / manual), errors and crashes.
#
# usage: bench/corpus-scan.sh [--install] [--all] [REGISTRY]
#   REGISTRY   the folder of crate directories (default /usr/share/cargo/registry)
#   --install  first apt-get install a handful of async-heavy crates
#   --all      also check futures that need not be Send (sendfix --all)
#
# Each crate directory is passed explicitly (the registry is not a git
# work tree: sendfix walks it for *.rs itself). Exit status: 0 when the run
# finished without a crash or internal error, 1 otherwise. Findings do not
# fail the scan: these crates compile, so each one is a case to review (see
# corpus/testdata/registry-edits.txt).
set -euo pipefail

cd "$(dirname "$0")/.."

registry=/usr/share/cargo/registry
install=0
all=()
for arg in "$@"; do
	case "$arg" in
	--install) install=1 ;;
	--all) all=(--all) ;;
	-h | --help)
		sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	-*)
		echo "corpus-scan: unknown flag $arg" >&2
		exit 2
		;;
	*) registry=$arg ;;
	esac
done

# Async-heavy crates packaged by Debian (bookworm names).
async_crates="librust-tokio-dev librust-tokio-util-dev librust-tokio-stream-dev
librust-futures-dev librust-parking-lot-dev librust-async-trait-dev librust-hyper-dev
librust-h2-dev librust-tower-dev librust-async-std-dev librust-reqwest-dev librust-smol-dev"
if [ "$install" = 1 ]; then
	apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $async_crates
fi

if [ ! -d "$registry" ]; then
	echo "corpus-scan: no registry at $registry (apt-get install librust-tokio-dev, or pass --install)" >&2
	exit 2
fi

out=bench/out/corpus-scan
mkdir -p "$out"
bin="$out/sendfix"
go build -o "$bin" ./cmd/sendfix

crates=()
while IFS= read -r -d '' d; do
	crates+=("$d")
done < <(find "$registry" -mindepth 1 -maxdepth 1 -type d -print0 | sort -z)
if [ "${#crates[@]}" = 0 ]; then
	echo "corpus-scan: no crate directories under $registry" >&2
	exit 2
fi

files=$(find "${crates[@]}" -name target -prune -o -name '*.rs' -type f -print | wc -l)
bytes=$(find "${crates[@]}" -name target -prune -o -name '*.rs' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')

start=$(date +%s.%N)
set +e
"$bin" check --format json --color never "${all[@]}" "${crates[@]}" >"$out/findings.json" 2>"$out/stderr.txt"
code=$?
set -e
end=$(date +%s.%N)

echo "corpus:   $registry (${#crates[@]} crates, $files .rs files, $((bytes / 1024)) KiB)"
printf 'time:     %ss  (sendfix check exit %d)\n' "$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')" "$code"

summarise() {
	if command -v jq >/dev/null; then
		jq -r --arg reg "$registry/" '
			(.findings // []) as $f
			| "findings: \($f | length) (fixable \([$f[] | select(.fixable)] | length), manual \([$f[] | select(.fixable | not)] | length))",
			  ($f[] | "  \(if .fixable then "fix   " else "manual" end) \(.path | ltrimstr($reg)):\(.line):\(.column): \(.transform): \(.message)")
		' "$out/findings.json"
	else
		python3 - "$out/findings.json" "$registry/" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1])).get("findings") or []
fix = [x for x in f if x.get("fixable")]
print(f"findings: {len(f)} (fixable {len(fix)}, manual {len(f) - len(fix)})")
for x in f:
    kind = "fix   " if x.get("fixable") else "manual"
    path = x["path"][len(sys.argv[2]):] if x["path"].startswith(sys.argv[2]) else x["path"]
    print(f"  {kind} {path}:{x['line']}:{x['column']}: {x['transform']}: {x['message']}")
EOF
	fi
}

status=0
if [ -s "$out/findings.json" ]; then
	summarise
else
	echo "findings: none (no JSON output)"
fi

errors=$(grep -c '^sendfix: ' "$out/stderr.txt" || true)
internal=$(grep -c 'internal error' "$out/stderr.txt" || true)
echo "errors:   $errors file error(s), $internal internal error(s)"
sed "s|$registry/||g" "$out/stderr.txt" | sed 's/^/  /'
if [ "$internal" != 0 ]; then
	status=1
fi
if grep -qE '^(panic:|fatal error:|goroutine [0-9]+ \[)' "$out/stderr.txt"; then
	echo "CRASH: sendfix panicked outside the engine's recovery" >&2
	status=1
fi
case "$code" in
0 | 1 | 3) ;;
2) [ "$errors" != 0 ] || { echo "CRASH: exit 2 without a file error" >&2; status=1; } ;;
*)
	echo "CRASH: sendfix exited with $code" >&2
	status=1
	;;
esac
echo "output:   $out/findings.json, $out/stderr.txt"
exit "$status"
