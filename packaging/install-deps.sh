#!/usr/bin/env bash
# Installs the Debian 12 packages Topcoat builds, tests and benchmarks with; installs nothing
# that is already there. Run as root (or with sudo available).
set -euo pipefail

packages=(
    # build
    cmake ninja-build g++ pkg-config
    qt6-base-dev libqt6sql6-sqlite libqt6sql6-psql qt6-charts-dev libqt6opengl6-dev
    # the console's window system: X11 through xcb, a virtual display for its tests
    libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core xvfb xauth imagemagick
    libpoco-dev libspdlog-dev libfmt-dev libsqlite3-dev libpq-dev
    # tests and tools; the browser tests drive Debian's Chromium
    sqlite3 curl prometheus chromium
    # the request parser's fuzz target: clang with libFuzzer and the sanitizer runtimes
    clang libclang-rt-14-dev
    # the reverse proxies a shop puts in front (tested with a self-signed certificate from openssl)
    openssl caddy
    # the shared stock of several storefronts, started by its tests
    redis-server
    # the database of a shop that runs several nodes; each test starts its own server
    postgresql-15
    # the SMTP server the order e-mail tests start for themselves (tests/support/smtp_server.py)
    python3-aiosmtpd
    # benchmark
    wrk nginx-light
    # the .deb packages: built with dpkg-dev and fakeroot, checked with lintian and appstreamcli,
    # and installed by tests/packaging into a fresh Debian chroot made by debootstrap
    dpkg-dev fakeroot lintian appstream debootstrap
)

# The browser tests need node and npm; a node from elsewhere (e.g. a newer release) will do.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: everything is installed"
    exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The tests and the benchmark start their own nginx and PostgreSQL; the distribution's services
# are not needed.
if command -v systemctl >/dev/null; then
    for service in nginx caddy postgresql; do
        [[ " ${missing[*]} " == *" $service"* ]] &&
            $sudo systemctl disable --now "$service" >/dev/null 2>&1 || true
    done
fi
