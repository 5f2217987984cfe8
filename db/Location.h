#pragma once

// Where the shop's database lives: a SQLite file of this node's (the single-box default), or a
// PostgreSQL database several nodes share (--orders postgresql://USER@HOST:PORT/DB).

#include <QString>
#include <optional>
#include <string>

namespace topcoat::db {

struct Location {
    enum class Engine { Sqlite, Postgres };

    Engine engine = Engine::Sqlite;
    QString path; // SQLite: the database file
    // PostgreSQL. No password: libpq reads it from PGPASSWORD or ~/.pgpass, so it never shows
    // in `ps` or in /admin/status.
    QString host;
    int port = 5432;
    QString user;
    QString database;

    static Location sqlite(QString path);
    bool isPostgres() const { return engine == Engine::Postgres; }
    // The file, or postgresql://USER@HOST:PORT/DB.
    std::string text() const;
};

// nullopt for anything but postgresql://USER@HOST[:PORT]/DB (postgres:// too): a user, a host
// name or IPv4 address, a port 1-65535, a database name; letters, digits, '.', '-' and '_'
// only, no password, no query.
std::optional<Location> parsePostgresUrl(const std::string& url);

} // namespace topcoat::db
