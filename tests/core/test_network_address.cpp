// NetworkAddress: parsing IPv4 and IPv6 into one form, ranges for trusted proxies, the client
// picked out of X-Forwarded-For (only behind a trusted proxy, right to left), and the scope a
// rate is kept for (an IPv4 address, an IPv6 /64).

#include "server/core/NetworkAddress.h"

#include <QtTest>

using namespace topcoat;

namespace {

NetworkAddress address(const char* text) {
    const auto parsed = NetworkAddress::parse(text);
    if (!parsed)
        qFatal("not an address: %s", text);
    return *parsed;
}

std::vector<AddressRange> ranges(std::initializer_list<const char*> texts) {
    std::vector<AddressRange> parsed;
    for (const auto* text : texts)
        parsed.push_back(*AddressRange::parse(text));
    return parsed;
}

} // namespace

class TestNetworkAddress : public QObject {
    Q_OBJECT

private slots:
    void parsesBothFamiliesIntoOneForm() {
        QVERIFY(address("203.0.113.7") == address("::ffff:203.0.113.7"));
        QVERIFY(address(" 2001:db8::1\t") == address("2001:0db8:0:0:0:0:0:1"));
        QVERIFY(!(address("203.0.113.7") == address("203.0.113.8")));
        for (const char* bad :
             {"", "1.2.3", "1.2.3.256", "example.com", "::g", "1.2.3.4/8", "1.2.3.4 5.6.7.8",
              "01234567890123456789012345678901234567890123456"})
            QVERIFY2(!NetworkAddress::parse(bad), bad);
    }

    void rangesContainTheirAddresses() {
        const auto ten = *AddressRange::parse("10.0.0.0/8");
        QVERIFY(ten.contains(address("10.255.1.2")));
        QVERIFY(!ten.contains(address("11.0.0.1")));
        QVERIFY(!ten.contains(address("::a00:1"))); // IPv6, not the mapped 10.0.0.1
        const auto ula = *AddressRange::parse("fd00::/8");
        QVERIFY(ula.contains(address("fd12:3456::1")));
        QVERIFY(!ula.contains(address("fe80::1")));
        const auto one = *AddressRange::parse("192.0.2.1");
        QVERIFY(one.contains(address("192.0.2.1")));
        QVERIFY(!one.contains(address("192.0.2.2")));
        QVERIFY(AddressRange::parse("0.0.0.0/0")->contains(address("198.51.100.1")));
        for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "/8", "x/8"})
            QVERIFY2(!AddressRange::parse(bad), bad);
    }

    void forwardedForCountsOnlyBehindTrustedProxies() {
        const auto proxies = ranges({"10.0.0.0/8"});
        const auto proxy = address("10.0.0.5");
        const auto client = address("198.51.100.20");
        // No trusted proxies, or a peer that is not one: the header proves nothing.
        QVERIFY(clientAddress(client, "203.0.113.1", {}) == client);
        QVERIFY(clientAddress(client, "203.0.113.1", proxies) == client);
        // Behind the proxy: the right-most entry that is not a proxy itself.
        QVERIFY(clientAddress(proxy, "198.51.100.20", proxies) == client);
        QVERIFY(clientAddress(proxy, "203.0.113.1, 198.51.100.20, 10.0.0.9", proxies) == client);
        // A forged entry to the left of the real one changes nothing.
        QVERIFY(clientAddress(proxy, "1.1.1.1, 198.51.100.20", proxies) == client);
        // Garbage stops the walk at what was last trusted.
        QVERIFY(clientAddress(proxy, "nonsense", proxies) == proxy);
        QVERIFY(clientAddress(proxy, "198.51.100.20, nonsense, 10.0.0.9", proxies) ==
                address("10.0.0.9"));
        QVERIFY(clientAddress(proxy, "", proxies) == proxy);
    }

    void ratesAreKeptPerIpv4AddressAndIpv6Slash64() {
        QVERIFY(address("203.0.113.7").rateLimitScope() == address("203.0.113.7"));
        QVERIFY(
            !(address("203.0.113.7").rateLimitScope() == address("203.0.113.8").rateLimitScope()));
        QVERIFY(address("2001:db8:1:2:aaaa::1").rateLimitScope() ==
                address("2001:db8:1:2:bbbb::2").rateLimitScope());
        QVERIFY(!(address("2001:db8:1:2::1").rateLimitScope() ==
                  address("2001:db8:1:3::1").rateLimitScope()));
    }
};

QTEST_APPLESS_MAIN(TestNetworkAddress)
#include "test_network_address.moc"
