# Sourced by the scripts that need a throwaway demo topcoatd (screenshots, console benchmark):
# a scratch directory, cleanup of every background process on exit, and the server itself.
#
#   source packaging/demo-server.sh
#   start_demo_topcoatd TOKEN      # sets store_url and admin_url; pids+=(...) for your own

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

start_demo_topcoatd() {
    "${TOPCOATD:-build/app/topcoatd}" --data-dir "$work/data" --port 0 --admin-port 0 \
        --admin-token "$1" --demo >"$work/topcoatd.out" 2>"$work/topcoatd.err" &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^admin listening' "$work/topcoatd.out" && break; sleep 0.1; done
    store_url=$(sed -n 's#^storefront listening on \(http://.*\)$#\1#p' "$work/topcoatd.out")
    admin_url=$(sed -n 's#^admin listening on \(http://.*\)$#\1#p' "$work/topcoatd.out")
    [ -n "$admin_url" ] || { echo "topcoatd did not start: $(cat "$work/topcoatd.err")" >&2; exit 1; }
}
