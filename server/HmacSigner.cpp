#include "HmacSigner.h"

#include <Poco/DigestEngine.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA2Engine.h>
#include <random>

namespace topcoat {
namespace {

// Poco's HMACEngine needs the block and digest sizes as constants of the engine type.
class Sha256Engine : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256Engine() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

std::string randomKey() {
    std::random_device random; // the kernel's CSPRNG on Linux
    std::string key(32, '\0');
    for (auto& byte : key)
        byte = static_cast<char>(random() & 0xff);
    return key;
}

} // namespace

HmacSigner::HmacSigner() : key_(randomKey()) {}

std::string newSigningKey() {
    const auto key = randomKey();
    return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(key.begin(), key.end()));
}

HmacSigner::HmacSigner(std::string key) : key_(std::move(key)) {}

std::string HmacSigner::sign(std::string_view message) const {
    Poco::HMACEngine<Sha256Engine> hmac(key_);
    hmac.update(message.data(), static_cast<unsigned>(message.size()));
    return Poco::DigestEngine::digestToHex(hmac.digest());
}

} // namespace topcoat
