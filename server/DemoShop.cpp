#include "DemoShop.h"

#include "server/storage/RowConversion.h"
#include "server/storage/TranslateDbError.h"

#include <map>

namespace topcoat {
namespace {

struct DemoShade {
    const char* sku;
    const char* name;
    const char* hex;
    std::int64_t priceCents;
    std::int64_t stock;
};

constexpr DemoShade shades[] = {
    {"NP-001", "Cherry Lacquer", "#9b111e", 1200, 120},
    {"NP-002", "Ballet Slipper", "#f4c2c2", 1100, 150},
    {"NP-003", "Midnight Navy", "#1b1f3b", 1250, 90},
    {"NP-004", "Coral Reef", "#ff7f50", 1150, 110},
    {"NP-005", "Sage Whisper", "#9caf88", 1300, 80},
    {"NP-006", "Lilac Haze", "#c8a2c8", 1150, 100},
    {"NP-007", "Espresso Shot", "#4b3621", 1200, 70},
    {"NP-008", "Champagne Toast", "#f7e7ce", 1400, 60},
    {"NP-009", "Oxblood", "#4a0000", 1250, 95},
    {"NP-010", "Mint Sorbet", "#98ff98", 1100, 130},
    {"NP-011", "Sunset Orange", "#fd5e53", 1150, 85},
    {"NP-012", "Orchid Bloom", "#da70d6", 1200, 75},
    {"NP-013", "Graphite Matte", "#383e42", 1350, 65},
    {"NP-014", "Rose Gold Foil", "#b76e79", 1500, 50},
    {"NP-015", "Peach Fuzz", "#ffbe98", 1100, 140},
    {"NP-016", "Teal Lagoon", "#008080", 1250, 90},
    {"NP-017", "Buttercup", "#f9e076", 1100, 100},
    {"NP-018", "Plum Velvet", "#673147", 1300, 80},
    {"NP-019", "Cloud Nine", "#f5f5f5", 1000, 160},
    {"NP-020", "Jet Black", "#0a0a0a", 1000, 200},
    {"NP-021", "Fuchsia Pop", "#ff00a0", 1200, 110},
    {"NP-022", "Dusty Mauve", "#b5838d", 1150, 95},
    {"NP-023", "Cobalt Glaze", "#0047ab", 1250, 85},
    {"NP-024", "Holo Stardust", "#c0c0d8", 1800, 40},
};

struct DemoReview {
    const char* sku;
    const char* author;
    int rating;
    const char* body;
};

constexpr DemoReview reviews[] = {
    {"NP-001", "Maya", 5, "Two coats, glossy, lasted a full week without chipping."},
    {"NP-001", "Jo", 4, "Gorgeous classic red, slightly thick on the first coat."},
    {"NP-002", "Priya", 5, "The perfect sheer pink for work."},
    {"NP-005", "Lena", 5, "Such a calm green. I get compliments every time."},
    {"NP-009", "Sam", 4, "Deep and moody, great for autumn."},
    {"NP-014", "Ana", 5, "The foil finish is unreal in sunlight."},
    {"NP-020", "Chris", 3, "Good black, but needs a top coat to stay shiny."},
    {"NP-024", "Noor", 5, "Worth the flash-sale scramble. Holographic heaven."},
};

} // namespace

bool seedDemoShop(ShopAdmin& admin, Catalog& catalog, db::Store& store, const Clock& clock) {
    if (!catalog.snapshot()->entries().empty())
        return false;

    for (const auto& shade : shades)
        admin.createProduct(Product{shade.sku, shade.name, shade.hex, shade.priceCents},
                            shade.stock);

    std::vector<db::ReviewRow> rows;
    std::map<std::string, std::vector<Review>> bySku;
    for (const auto& review : reviews) {
        rows.push_back({review.sku, review.author, review.rating, review.body});
        bySku[review.sku].push_back({review.author, review.rating, review.body});
    }
    storage::translateDbError(
        [&] { store.insertReviews(rows, storage::toUnixSeconds(clock.now())); });
    for (auto& [sku, list] : bySku)
        catalog.setReviews(sku, std::move(list));

    // The sale opens on the next whole minute at least three minutes out and runs for an hour.
    const auto opens =
        std::chrono::ceil<std::chrono::minutes>(clock.now() + std::chrono::minutes(3));
    NewSale sale;
    sale.name = "Holo Hour";
    sale.startsAt = opens;
    sale.endsAt = opens + std::chrono::hours(1);
    sale.perCustomerLimit = 2;
    sale.items = {{"NP-024", 1200}, {"NP-014", 990}, {"NP-001", 800}};
    admin.createSale(sale);
    return true;
}

} // namespace topcoat
