#!/usr/bin/env bash
# Builds the request parser's fuzz target with clang and runs it for a bounded time.
#   tests/fuzz/run.sh [SECONDS [BUILD_DIR]]     (60 s into ./build-fuzz by default)
# The seeds in corpus/request_parser are only read; inputs the fuzzer finds worth keeping go
# to BUILD_DIR/corpus, and a crashing input to BUILD_DIR/crash-*, whose name the report gives.
set -euo pipefail

seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build-fuzz}
mkdir -p "$build/corpus"

# One run at a time in a build directory: two would rebuild and write the corpus together.
exec 9>"$build/.run.lock"
flock 9

cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" --parallel "$(nproc)"

# -max_len 4096: the small limits (half the inputs) reach every limit well within it.
"$build/request_parser_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict="$here/request_parser.dict" \
    -artifact_prefix="$build/" "$build/corpus" "$here/corpus/request_parser"
