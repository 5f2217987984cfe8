# Sourced by the benchmark scripts: stopping what they started, reading wrk's reports and the
# small numeric helpers their summaries use. Every reading that cannot be found is NA.

stop_pid() { # pid: SIGTERM, then SIGKILL if it lingers
    local pid=$1 i
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- wrk report parsing
# wrk prints durations as e.g. 812.00us, 1.23ms, 2.00s (and m/h for absurd
# cases); everything here is normalised to milliseconds. A value that cannot
# be found is reported as NA so a failed run shows up instead of a zero.

# Requests/sec:  12345.67
wrk_rps() {
    awk '$1 == "Requests/sec:" { v = $2 } END { print (v == "" ? "NA" : v) }' "$1"
}

#   545406 requests in 10.10s, 441.95MB read
wrk_requests() {
    awk '$2 == "requests" && $3 == "in" { v = $1 } END { print (v == "" ? "NA" : v) }' "$1"
}

#   Non-2xx or 3xx responses: 12   (absent when there were none)
wrk_non2xx() {
    awk '/Non-2xx or 3xx responses:/ { v = $NF } END { print (v == "" ? 0 : v) }' "$1"
}

#   Socket errors: connect 0, read 0, write 0, timeout 0   (absent when all zero)
# Prints "connect read write timeout".
wrk_socket_errors() {
    awk '/Socket errors:/ { gsub(",", ""); c = $4; r = $6; w = $8; t = $10 }
         END { printf "%d %d %d %d\n", c, r, w, t }' "$1"
}

#   Latency Distribution
#      50%  409.00us
#      99%    1.37ms
wrk_percentile_ms() { # report percent
    awk -v want="$2%" '
        function to_ms(s,   n, unit) {
            if (!match(s, /^[0-9.]+/)) return "NA"
            n = substr(s, 1, RLENGTH) + 0
            unit = substr(s, RLENGTH + 1)
            if (unit == "us") return n / 1000
            if (unit == "ms") return n
            if (unit == "s")  return n * 1000
            if (unit == "m")  return n * 60000
            if (unit == "h")  return n * 3600000
            return "NA"
        }
        /Latency Distribution/ { section = 1; next }
        section && $1 == want  { v = to_ms($2); exit }
        END { print (v == "" ? "NA" : v) }' "$1"
}

# ---------------------------------------------------------------- small numeric helpers

median() { # values... (NA ignored)
    printf '%s\n' "$@" | awk '$1 != "NA" { a[++n] = $1 + 0 }
        END {
            if (n == 0) { print "NA"; exit }
            for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j >= 1 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
            print (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
        }'
}

minmax() { # values... -> "min max"
    printf '%s\n' "$@" | awk '$1 != "NA" { v = $1 + 0; if (!n++ || v < lo) lo = v; if (n == 1 || v > hi) hi = v }
        END { if (n) printf "%.0f %.0f\n", lo, hi; else print "NA NA" }'
}

ratio() { # a b -> a/b
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "NA" || b == "NA" || b + 0 == 0) print "NA"; else printf "%.2f\n", a / b }'
}

fmt() { # number [decimals]
    awk -v v="$1" -v d="${2:-2}" 'BEGIN { if (v == "NA") print "NA"; else printf "%.*f\n", d, v }'
}

at_least() { # value threshold -> PASS/FAIL
    awk -v v="$1" -v t="$2" 'BEGIN { print (v != "NA" && v + 0 >= t + 0 ? "PASS" : "FAIL") }'
}

below() { # value threshold -> PASS/FAIL
    awk -v v="$1" -v t="$2" 'BEGIN { print (v != "NA" && v + 0 < t + 0 ? "PASS" : "FAIL") }'
}
