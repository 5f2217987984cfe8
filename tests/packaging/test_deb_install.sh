#!/usr/bin/env bash
# test_deb_install.sh BUILD_DIR: installs the topcoatd .deb built from BUILD_DIR into a
# Debian 12 chroot and checks it runs as a distribution's package should (see CMakeLists.txt).
set -euo pipefail

build=$(cd "$1" && pwd)
cache=${TOPCOAT_TEST_CACHE:-/var/cache/topcoat-tests}
base=$cache/bookworm-minbase.tar.gz
work=$(mktemp -d "${TMPDIR:-/tmp}/topcoat-deb-test.XXXXXX")
root=$work/root
server_pid=

cleanup() {
    local status=$?
    if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
    if mountpoint -q "$root/proc"; then umount "$root/proc" || umount -l "$root/proc"; fi
    # --one-file-system: never follow a mount that survived into the host's /proc or /dev.
    rm -rf --one-file-system "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 \
                DEBIAN_FRONTEND=noninteractive "$@"; }
# No terminal in the chroot: dpkg's pty log would only complain that /dev/pts is missing.
apt_get() { in_root apt-get -o Dpkg::Use-Pty=0 -y -qq --no-install-recommends "$@" >"$work/apt.log" 2>&1 ||
                { tail -30 "$work/apt.log"; fail "apt-get $* failed"; }; }
# Polls CONDITION (a command) every 0.1 s until it holds, for at most SECONDS.
wait_for() {
    local seconds=$1; shift
    local deadline=$((SECONDS + seconds))
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot)"

step "building the packages from $build"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/debs" >"$work/cpack.log" ||
    { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/debs/topcoatd_*.deb)

step "preparing a Debian 12 chroot"
mkdir "$root"
if [ -f "$base" ]; then
    tar -xzf "$base" -C "$root"
else
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log" ||
        { tail -20 "$work/debootstrap.log"; fail "debootstrap failed"; }
    in_root apt-get clean
    # Written aside and renamed, so a run that dies half-way leaves no broken cache.
    mkdir -p "$cache"
    tar -czf "$base.partial-$$" --numeric-owner -C "$root" .
    mv "$base.partial-$$" "$base"
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"

step "installing $(basename "$deb") with apt"
install -d -m 0755 "$root/debs"
install -m 0644 "$deb" "$root/debs/"
apt_get update
apt_get install "/debs/$(basename "$deb")"

step "checking what the package installed"
entry=$(in_root getent passwd topcoat) || fail "no topcoat user"
[ "$(echo "$entry" | cut -d: -f6)" = /var/lib/topcoat ] || fail "topcoat's home: $entry"
[[ "$(echo "$entry" | cut -d: -f7)" == */nologin ]] || fail "topcoat can log in: $entry"
in_root getent group topcoat >/dev/null || fail "no topcoat group"
# Owners as numbers: the host's passwd may give the chroot's uids other names.
ids="$(in_root id -u topcoat):$(in_root id -g topcoat)"
[ -f "$root/etc/topcoat/topcoatd.conf" ] || fail "no /etc/topcoat/topcoatd.conf"
# Here-strings, not pipes into grep -q: under pipefail, a writer cut off early would fail.
conffiles=$(in_root dpkg-query -W -f='${Conffiles}\n' topcoatd)
grep -q '^ /etc/topcoat/topcoatd.conf ' <<<"$conffiles" ||
    fail "/etc/topcoat/topcoatd.conf is not a conffile"
[ "$(stat -c '%u:%g %a' "$root/var/lib/topcoat")" = "$ids 750" ] ||
    fail "/var/lib/topcoat is $(stat -c '%u:%g %a' "$root/var/lib/topcoat"), not $ids 750"
# Enabled (the symlink deb-systemd-helper makes) but nothing was started.
[ -L "$root/etc/systemd/system/multi-user.target.wants/topcoatd.service" ] ||
    fail "topcoatd.service is not enabled"

binary=$root/usr/bin/topcoatd
sections=$(readelf -S --wide "$binary")
grep -q '\.text' <<<"$sections" || fail "readelf -S read no sections"
if grep -q '\.debug_info' <<<"$sections"; then fail "topcoatd is not stripped"; fi
needed=$(readelf -d "$binary" | grep NEEDED)
grep -q 'libQt6Core' <<<"$needed" || fail "readelf -d read no Qt6Core: $needed"
if grep -E 'libQt6(Widgets|Gui|Charts)' <<<"$needed"; then fail "topcoatd links Qt Gui"; fi

unit=$root/lib/systemd/system/topcoatd.service
# Verified inside the chroot (no systemd runs there, nor needs to), where its ExecStart binary
# and User= exist; systemd is installed only now, so the package was installed without it.
# A minbase system has no man pages, so Documentation= is not looked up.
apt_get install systemd
in_root systemd-analyze verify --man=no /lib/systemd/system/topcoatd.service ||
    fail "systemd-analyze verify rejected the unit"

step "starting topcoatd from its conffile as the topcoat user"
# As the unit starts it: its UMask= (read from it, so dropping it there fails here), its user,
# its command line, with free ports (0) replacing the config file's 8080 and 8081.
umask_value=$(sed -n 's/^UMask=//p' "$unit")
[ -n "$umask_value" ] || fail "the unit sets no UMask="
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
[ "$exec_start" = "/usr/bin/topcoatd --config /etc/topcoat/topcoatd.conf" ] ||
    fail "unexpected ExecStart=$exec_start"
(umask "$umask_value" && exec chroot --userspec=topcoat:topcoat "$root" \
    env -i PATH=/usr/bin:/bin $exec_start --port 0 --admin-port 0) \
    >"$work/stdout" 2>"$work/stderr" &
server_pid=$!

listening() {
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/stderr"; fail "topcoatd exited"; }
    grep -q '^admin listening on ' "$work/stdout"
}
wait_for 30 listening || fail "topcoatd did not listen within 30 s"
port=$(sed -n 's|^storefront listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/stdout")
admin=$(sed -n 's|^admin listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/stdout")
[ -n "$port" ] && [ -n "$admin" ] || fail "not on 127.0.0.1 as configured: $(cat "$work/stdout")"

http_status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
[ "$(http_status "http://127.0.0.1:$port/api/products")" = 200 ] || fail "/api/products is not 200"
[ "$(http_status "http://127.0.0.1:$admin/admin/status")" = 401 ] ||
    fail "/admin/status without a token is not 401"

data=$root/var/lib/topcoat
token=$(cat "$data/admin-token")
status=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$admin/admin/status") ||
    fail "/admin/status with the token failed"
grep -q '"admin_bind" *: *"127.0.0.1"' <<<"$status" || fail "admin_bind in $status"
# Every socket on the admin port is on loopback.
sockets=$(ss -Hltn "sport = :$admin" | awk '{print $4}')
[ -n "$sockets" ] || fail "ss shows nothing on port $admin"
if grep -v '^127\.0\.0\.1:' <<<"$sockets"; then fail "admin port bound beyond loopback"; fi
if grep -qF "$token" "$work/stdout" "$work/stderr"; then fail "the token was printed"; fi
grep -q "^admin token stored in /var/lib/topcoat/admin-token$" "$work/stdout" ||
    fail "stdout does not say where the token is"
for file in admin-token topcoat.db; do
    owner_mode=$(stat -c '%u:%g %a' "$data/$file")
    [[ "$owner_mode" =~ ^$ids\ [67]00$ ]] || fail "$file is $owner_mode, not $ids [67]00"
done

step "stopping it with SIGTERM"
kill -TERM "$server_pid"
# A child that has exited stays a zombie (kill -0 still succeeds) until waited for.
exited() { [ ! -e "/proc/$server_pid" ] || [ "$(awk '{print $3}' "/proc/$server_pid/stat")" = Z ]; }
wait_for 30 exited || fail "topcoatd did not stop within 30 s of SIGTERM"
code=0; wait "$server_pid" || code=$?
server_pid=
[ "$code" -eq 0 ] || { cat "$work/stderr"; fail "topcoatd exited $code after SIGTERM"; }

step "removing and purging"
apt_get remove topcoatd
[ ! -e "$binary" ] || fail "/usr/bin/topcoatd is still there after remove"
[ ! -e "$unit" ] || fail "the unit is still there after remove"
[ -f "$root/etc/topcoat/topcoatd.conf" ] || fail "remove deleted the conffile (only purge may)"
apt_get purge topcoatd
[ ! -e "$root/etc/topcoat" ] || fail "/etc/topcoat is still there after purge"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/topcoatd.service" ] ||
    fail "the enable symlink is still there after purge"
# The shop's orders are never deleted by the package manager, and the purge says so.
[ -f "$data/topcoat.db" ] || fail "purge deleted the shop's database"
grep -q 'data in /var/lib/topcoat was kept' "$work/apt.log" || fail "purge did not say the data was kept"
left=$(in_root dpkg-query -W -f='${db:Status-Status}' topcoatd 2>/dev/null || true)
[ -z "$left" ] || [ "$left" = not-installed ] || fail "dpkg still lists topcoatd as $left"

echo "PASS"
