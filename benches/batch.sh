#!/usr/bin/env bash
# Batch benchmark (issue: 1,000,000 manifest rows against a 10,000-entry
# watchlist in under 60 s on 2 cores). Prints wall time, records/s and peak
# RSS. Usage: benches/batch.sh [ROWS] [ENTRIES]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
ENTRIES="${2:-10000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/lintas-release-target}"
cargo build --release --quiet
BIN="$CARGO_TARGET_DIR/release/lintas"
WORK="${BENCH_DIR:-$(mktemp -d)}"
[ -f "$WORK/manifest-$ROWS.csv" ] || "$BIN" generate manifest --rows "$ROWS" --out "$WORK/manifest-$ROWS.csv"
[ -f "$WORK/watchlist-$ENTRIES.csv" ] || "$BIN" generate watchlist --entries "$ENTRIES" --out "$WORK/watchlist-$ENTRIES.csv"
"$BIN" generate samples --out "$WORK/samples" 2>/dev/null
/usr/bin/time -v "$BIN" batch \
  --manifest "$WORK/manifest-$ROWS.csv" \
  --watchlist "$WORK/watchlist-$ENTRIES.csv" \
  --registry "$WORK/samples/registry.csv" \
  --out "$WORK/flags.ndjson" 2> "$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
grep -E "^(read|levels|top rules|elapsed|wrote)" "$WORK/time.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt"
