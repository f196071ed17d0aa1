#!/usr/bin/env bash
# Times a full `readycheck scan` against `rg` on generated trees of 10k, 50k and 100k files.
#
#   bench/run.sh [DIR]          DIR (or $READYCHECK_BENCH_DIR) holds the corpora; default
#                               /tmp/readycheck-bench. Corpora are generated once and reused
#                               while the generator and its arguments stay the same.
#
# Environment: SIZES="10000 50000 100000" (files per tree), RUNS=5 (timed runs per tool and tree;
# the median is reported), SEED=1, AVG_KB=14.
#
# Each tree is measured side by side: one untimed run of each tool warms the page cache, then the
# timed runs alternate rg and readycheck, so both see the same machine load. Peak memory comes
# from GNU time (`/usr/bin/time -v`).
#
# Needs: a Rust toolchain, rg (Debian/Ubuntu: `apt-get install -y ripgrep`), GNU time
# (`apt-get install -y time`). Nothing is installed by this script.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-${READYCHECK_BENCH_DIR:-/tmp/readycheck-bench}}"
SIZES="${SIZES:-10000 50000 100000}"
RUNS="${RUNS:-5}"
SEED="${SEED:-1}"
AVG_KB="${AVG_KB:-14}"

need() {
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
        echo "bench: \`$1\` not found; $2" >&2
        exit 2
    fi
}
need rg "install it with: apt-get install -y ripgrep"
need /usr/bin/time "install GNU time with: apt-get install -y time"
need cargo "install a Rust toolchain (https://rustup.rs)"

echo "bench: building release binaries…" >&2
(cd "$ROOT" && cargo build --release --quiet --bin readycheck --example gen_corpus)
RC="$ROOT/target/release/readycheck"
GEN="$ROOT/target/release/examples/gen_corpus"
mkdir -p "$DIR"

# A corpus is reused only when it was made by this generator source with the same arguments.
gen_key() {
    { sha256sum "$ROOT/examples/gen_corpus.rs" | cut -d' ' -f1; echo "files=$1 seed=$SEED avg_kb=$AVG_KB"; } | sha256sum | cut -d' ' -f1
}

corpus() {
    local n="$1" tree="$DIR/corpus-$1" stamp="$DIR/corpus-$1.stamp" key
    key="$(gen_key "$n")"
    if [ -d "$tree" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ]; then
        echo "$tree"
        return
    fi
    rm -rf "$tree" "$stamp"
    echo "bench: generating $n files in $tree…" >&2
    "$GEN" --files "$n" --seed "$SEED" --avg-kb "$AVG_KB" "$tree" >&2
    echo "$key" >"$stamp"
    echo "$tree"
}

TIMING="$(mktemp)"
trap 'rm -f "$TIMING"' EXIT

# Runs a command in the tree under GNU time; prints "seconds max_rss_kb". The command's own exit
# status is ignored (`rg` exits 1 when nothing matches).
measure() {
    local tree="$1"
    shift
    (cd "$tree" && /usr/bin/time -o "$TIMING" -f '%e %M' "$@" >/dev/null 2>&1) || true
    tail -1 "$TIMING"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

printf '%s\n' "machine: $(nproc) core(s), $(uname -sr); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "$("$RC" --version), $(rg --version | head -1); runs per tool: $RUNS (median)"
printf '\n%-8s %9s %10s %14s %7s %13s %11s\n' "files" "MB" "rg s" "readycheck s" "ratio" "peak RSS MB" "files/s"
for n in $SIZES; do
    tree="$(corpus "$n")"
    mb="$(du -sm --exclude=.git --exclude=build --exclude=node_modules "$tree" | cut -f1)"
    # Warm the page cache: one untimed run of each.
    measure "$tree" rg -c zzqqxx_never . >/dev/null
    measure "$tree" "$RC" scan --format json -o /dev/null . >/dev/null
    rg_times=()
    rc_times=()
    rss=0
    for _ in $(seq "$RUNS"); do
        read -r t _ <<<"$(measure "$tree" rg -c zzqqxx_never .)"
        rg_times+=("$t")
        read -r t m <<<"$(measure "$tree" "$RC" scan --format json -o /dev/null .)"
        rc_times+=("$t")
        [ "${m:-0}" -gt "$rss" ] && rss="$m"
    done
    rg_s="$(printf '%s\n' "${rg_times[@]}" | median)"
    rc_s="$(printf '%s\n' "${rc_times[@]}" | median)"
    awk -v n="$n" -v mb="$mb" -v rg="$rg_s" -v rc="$rc_s" -v rss="$rss" 'BEGIN {
        ratio = (rg > 0) ? rc / rg : 0
        fps = (rc > 0) ? n / rc : 0
        printf "%-8d %9d %10.2f %14.2f %6.1fx %13.0f %11.0f\n", n, mb, rg, rc, ratio, rss / 1024, fps
    }'
done
printf '\n%s\n' "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
