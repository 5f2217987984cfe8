# The Debian packages, one per install component (see CMakeLists.txt beside this file):
#   topcoatd  the server as a systemd service: user, conffile, unit enabled but not started
#   topcoat   the console; it links the server in (app/CMakeLists.txt), so it needs no topcoatd
# (each Description's first line is its synopsis), and a -dbgsym package for each with the
# symbols CPack strips from the binaries.

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ${TOPCOAT_PACKAGES})
set(CPACK_PACKAGE_NAME topcoat)
set(CPACK_PACKAGE_CONTACT "Topcoat <engineering@topcoat.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

# <name>_<version>-<revision>_<arch>.deb; the revision matches debian/changelog.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SOURCE topcoat)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Control files 0644 and maintainer scripts 0755 whatever the checkout's umask made them.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends from the libraries the binaries link (dpkg-shlibdeps), added to the ones below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Binaries are installed unstripped (RelWithDebInfo); CPack moves their debug info into
# topcoatd-dbgsym/topcoat-dbgsym and strips what goes into the packages.
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)

set(CPACK_DEBIAN_TOPCOATD_PACKAGE_NAME topcoatd)
set(CPACK_DEBIAN_TOPCOATD_PACKAGE_SECTION web)
# Qt loads its SQLite driver as a plugin, which dpkg-shlibdeps cannot see; adduser for postinst.
set(CPACK_DEBIAN_TOPCOATD_PACKAGE_DEPENDS "adduser, libqt6sql6-sqlite")
set(CPACK_DEBIAN_TOPCOATD_DESCRIPTION
"flash-sale storefront server for small shops
topcoatd serves a shop's storefront and its admin API from one process.
Stock and per-customer limits are taken in one atomic step, an order is
acknowledged only after it is committed to SQLite, and features that cost
(reviews, search, recommendations) switch off when load climbs.

This package runs it as a systemd service under the topcoat system user,
configured in /etc/topcoat/topcoatd.conf, on loopback behind an HTTPS
reverse proxy (example nginx and Caddy sites are included).")
set(CPACK_DEBIAN_TOPCOATD_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/conffiles
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/prerm
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/postrm)

set(CPACK_DEBIAN_TOPCOAT_PACKAGE_NAME topcoat)
set(CPACK_DEBIAN_TOPCOAT_PACKAGE_SECTION misc)
# The embedded storefront opens its database through the same Qt SQLite plugin.
set(CPACK_DEBIAN_TOPCOAT_PACKAGE_DEPENDS "libqt6sql6-sqlite")
# It manages a topcoatd on another machine just as well as its own storefront.
set(CPACK_DEBIAN_TOPCOAT_PACKAGE_SUGGESTS "topcoatd")
set(CPACK_DEBIAN_TOPCOAT_DESCRIPTION
"operations console for flash-sale shops
Topcoat schedules a shop's flash sales, edits its catalog and stock, and
shows orders, traffic and the protection switches live.

It runs its own storefront on loopback, or manages a topcoatd server
through that server's admin API.")

include(CPack)
