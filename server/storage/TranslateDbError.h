#pragma once

// Runs a database call and rethrows its DbError as the core's StorageError.

#include "db/DbError.h"
#include "server/core/ShopRepository.h"

namespace topcoat::storage {

template <typename Work> auto translateDbError(Work&& work) {
    try {
        return work();
    } catch (const db::DbError& error) {
        throw StorageError(error.what());
    }
}

} // namespace topcoat::storage
