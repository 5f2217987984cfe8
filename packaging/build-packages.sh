#!/usr/bin/env bash
# packaging/build-packages.sh [OUTDIR]: builds Topcoat the way Debian builds a package
# (Release with debug info, dpkg-buildflags' hardening flags) in OUTDIR/tree, makes the .debs
# with CPack into OUTDIR (default: build-packages/) and prints their paths.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-build-packages}")
tree=$out/tree

# Debian's flags: fortify, stack protector, relro and bindnow (hardening=+all), and the build
# path mapped away so the debug info names no build machine directory.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
cmake -S . -B "$tree" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOPCOAT_BUILD_TESTS=OFF \
      "-DCMAKE_CXX_FLAGS=$cxxflags" "-DCMAKE_EXE_LINKER_FLAGS=$ldflags" >/dev/null
cmake --build "$tree" --parallel "$(nproc)"

rm -f "$out"/*.deb "$out"/*.ddeb
(cd "$tree" && cpack -G DEB -B "$out" >"$out/cpack.log") || { cat "$out/cpack.log"; exit 1; }

# CMake 3.25 writes the -dbgsym packages' md5sums with build-tree paths (dpkg and debsums
# cannot check them) and without a doc dir. Repacked as debhelper makes them: relative
# md5sums, 0644 .debug files, /usr/share/doc/PKG-dbgsym a symlink to the package it
# depends on, and Debian's .deb extension (.ddeb is Ubuntu's).
for ddeb in "$out"/*-dbgsym_*.ddeb; do
    dir=$(mktemp -d)
    chmod 0755 "$dir" # the package's ./ entry
    dpkg-deb -R "$ddeb" "$dir"
    package=$(dpkg-deb -f "$ddeb" Package)
    find "$dir/usr" -type f -exec chmod 0644 {} +
    mkdir -p "$dir/usr/share/doc"
    ln -s "${package%-dbgsym}" "$dir/usr/share/doc/$package"
    (cd "$dir" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$dir/DEBIAN/md5sums"
    dpkg-deb --root-owner-group -b "$dir" "${ddeb%.ddeb}.deb" >/dev/null
    rm -rf "$dir" "$ddeb"
done

ls -1 "$out"/*.deb
