#!/usr/bin/env bash
# run.sh: throughput and memory of `sendfix check` against rg (the I/O
# floor) and ast-grep (a tree-sitter tool that parses every file), side by
# side on the same real-world corpus, built offline from the Rust sources of
# Debian's librust-*-dev packages.
#
# usage: bench/run.sh [--install] [--size MB] [--runs N] [--registry DIR] [--only NAMES]
#   --install      apt-get install more async-heavy crate sources first
#   --size MB      replicate the registry's .rs files to at least MB megabytes (default 60)
#   --runs N       time each command N times and keep the fastest (default 3)
#   --registry DIR the folder of crate directories (default /usr/share/cargo/registry)
#   --only NAMES   run only these transforms (sendfix --only); default: all
#
# Everything goes to bench/out/ (gitignored): the corpus (its own git
# repository, as sendfix meets code in CI), ast-grep (npm install), the
# sendfix binary, a private cache directory, and results.txt.
#
# Times are wall-clock seconds on a warm page cache and CPU seconds
# (user+sys); peak RSS comes from /usr/bin/time -v. On a loaded machine
# compare CPU seconds: wall time also counts waiting for a core.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
out=$root/bench/out
registry=/usr/share/cargo/registry
size_mb=60
runs=3
install=0
only=()
while [ $# -gt 0 ]; do
	case "$1" in
	--install) install=1 ;;
	--size) size_mb=$2; shift ;;
	--runs) runs=$2; shift ;;
	--registry) registry=$2; shift ;;
	--only) only=(--only "$2"); shift ;;
	-h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
	shift
done
mkdir -p "$out"

# --- tools -------------------------------------------------------------------
if [ "$install" = 1 ]; then
	apt-get update -qq
	want=""
	for c in tokio hyper h2 tokio-util tokio-stream futures reqwest tower async-std \
		async-trait parking-lot rustls syn regex clap serde-json smol sequoia-openpgp; do
		p=librust-$c-dev
		if apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then want="$want $p"; fi
	done
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $want ripgrep >/dev/null
fi
command -v rg >/dev/null || { echo "run.sh: rg not found (apt-get install -y ripgrep, or pass --install)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time not found (apt-get install -y time)" >&2; exit 2; }
astgrep=$out/npm/node_modules/.bin/ast-grep
if [ ! -x "$astgrep" ]; then
	mkdir -p "$out/npm"
	npm install --silent --no-audit --no-fund --prefix "$out/npm" @ast-grep/cli >/dev/null
fi
bin=$out/sendfix
go build -o "$bin" ./cmd/sendfix

# --- corpus ------------------------------------------------------------------
corpus=$out/corpus
stamp="$registry $size_mb $(find "$registry" -mindepth 1 -maxdepth 1 -type d | wc -l)"
if [ ! -f "$corpus/.stamp" ] || [ "$(cat "$corpus/.stamp")" != "$stamp" ]; then
	echo "building the corpus in $corpus ..." >&2
	rm -rf "$corpus"
	mkdir -p "$corpus/copy0"
	# the .rs files and Cargo.toml of every crate (sendfix reads editions from Cargo.toml)
	(cd "$registry" && find . -name target -prune -o \( -name '*.rs' -o -name Cargo.toml \) -type f -print0 |
		tar --null -T - -cf -) | tar -C "$corpus/copy0" -xf -
	one=$(find "$corpus/copy0" -name '*.rs' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
	[ "$one" -gt 0 ] || { echo "run.sh: no .rs files under $registry (pass --install)" >&2; exit 2; }
	n=1
	while [ $((n * one)) -lt $((size_mb * 1000000)) ]; do
		cp -r "$corpus/copy0" "$corpus/copy$n"
		n=$((n + 1))
	done
	(cd "$corpus" && git init -q && git add -A && git -c user.name=bench -c user.email=bench@invalid commit -qm corpus)
	echo "$stamp" >"$corpus/.stamp"
fi
files=$(find "$corpus" -name '*.rs' | wc -l)
bytes=$(find "$corpus" -name '*.rs' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')

# --- timing --------------------------------------------------------------------
# measure NAME CMD...: run CMD $runs times, keep the fastest; record wall s, cpu s, peak RSS MB.
declare -A wall cpu rss
measure() {
	local name=$1
	shift
	local best="" bestcpu="" bestrss=""
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %U %S %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr-$name.txt" || true
		read -r e u s m <<<"$(tail -1 "$out/time.txt")"
		if [ -z "$best" ] || awk -v a="$e" -v b="$best" 'BEGIN {exit !(a < b)}'; then
			best=$e
			bestcpu=$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')
			bestrss=$((m / 1024))
		fi
	done
	wall[$name]=$best cpu[$name]=$bestcpu rss[$name]=$bestrss
	local note=""
	if grep -qE '^(fatal error:|panic:)|internal error' "$out/stderr-$name.txt"; then
		note="  CRASHED (see $out/stderr-$name.txt)"
	fi
	printf '%-26s %7.2f s wall %7.2f s cpu %6d MB peak RSS %8.1f MB/s%s\n' "$name" "$best" "$bestcpu" "$bestrss" \
		"$(awk -v b="$bytes" -v t="$best" 'BEGIN {print (t > 0 ? b / 1e6 / t : 0)}')" "$note" | tee -a "$out/results.txt"
}

export XDG_CACHE_HOME=$out/cache # sendfix's result cache: private to the benchmark
rm -rf "$XDG_CACHE_HOME"
: >"$out/results.txt"
{
	echo "corpus: $corpus ($files .rs files, $mb MB); $(nproc) cores; best of $runs"
	echo "sendfix $(git -C "$root" rev-parse --short HEAD), transforms: ${only[1]:-all} ($("$bin" list | awk '{print $1}' | paste -sd' '))"
	echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out/results.txt"

cd "$corpus"
rg -c '\.await' -t rust . >/dev/null || true # warm the page cache
measure "rg (-j2)" rg -c --no-messages -j2 -t rust '\.await' .
measure "ast-grep scan (-j1)" "$astgrep" scan --threads 1 --rule "$root/bench/scope-guard.yml" .
measure "ast-grep scan (-j2)" "$astgrep" scan --threads 2 --rule "$root/bench/scope-guard.yml" .
measure "sendfix cold (-j1)" "$bin" check "${only[@]}" --no-cache --jobs 1 .
measure "sendfix cold (-j2)" "$bin" check "${only[@]}" --no-cache --jobs 2 .
"$bin" check "${only[@]}" --jobs 2 . >/dev/null 2>&1 || true # fill the cache
measure "sendfix warm (-j1)" "$bin" check "${only[@]}" --jobs 1 .
measure "sendfix warm (-j2)" "$bin" check "${only[@]}" --jobs 2 .
cd "$root"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", (b > 0 ? a / b : 0)}'; }
{
	echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "ratios (wall; cpu in brackets):"
	echo "  ast-grep -j2 / sendfix cold -j2: $(ratio "${wall[ast-grep scan (-j2)]}" "${wall[sendfix cold (-j2)]}")x ($(ratio "${cpu[ast-grep scan (-j2)]}" "${cpu[sendfix cold (-j2)]}")x)   target >= 3"
	echo "  ast-grep -j1 / sendfix cold -j1: $(ratio "${wall[ast-grep scan (-j1)]}" "${wall[sendfix cold (-j1)]}")x ($(ratio "${cpu[ast-grep scan (-j1)]}" "${cpu[sendfix cold (-j1)]}")x)"
	echo "  sendfix cold -j1 / -j2 speed-up: $(ratio "${wall[sendfix cold (-j1)]}" "${wall[sendfix cold (-j2)]}")x   target ~2 on 2 idle cores"
	echo "  sendfix warm -j2 / rg -j2:       $(ratio "${wall[sendfix warm (-j2)]}" "${wall[rg (-j2)]}")x ($(ratio "${cpu[sendfix warm (-j2)]}" "${cpu[rg (-j2)]}")x)   target <= 3"
	echo "  sendfix peak RSS:                ${rss[sendfix cold (-j2)]} MB cold, ${rss[sendfix warm (-j2)]} MB warm   target < 150"
} | tee -a "$out/results.txt"
echo "results: $out/results.txt"
