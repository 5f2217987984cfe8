#include "RawHttp.h"

#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <algorithm>
#include <cstdio>

namespace topcoat::test {

HttpResult exchangeRaw(std::uint16_t port, const std::string& bytes) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
    socket.setReceiveTimeout(Poco::Timespan(30, 0));
    socket.setSendTimeout(Poco::Timespan(30, 0));
    // A server may answer (413, 400) and close before taking all of a long request; a careful
    // client stops sending then and still reads the answer, which is what is tested.
    try {
        for (std::size_t sent = 0; sent < bytes.size();)
            sent += static_cast<std::size_t>(
                socket.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
    } catch (const Poco::Exception&) {
        // The server has closed its side; its answer, if any, is already here to be read.
    }

    Poco::Net::SocketStream stream(socket);
    Poco::Net::HTTPResponse response;
    response.read(stream);
    HttpResult result;
    result.status = response.getStatus();
    for (const auto& [name, value] : response) {
        std::string lower = name;
        std::transform(lower.begin(), lower.end(), lower.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        result.headers[lower] = value;
    }
    if (response.hasContentLength()) {
        result.body.resize(static_cast<std::size_t>(response.getContentLength64()));
        stream.read(result.body.data(), static_cast<std::streamsize>(result.body.size()));
        result.body.resize(static_cast<std::size_t>(stream.gcount()));
    } else {
        // No length: the body runs to the end of the connection.
        Poco::StreamCopier::copyToString(stream, result.body);
    }
    return result;
}

std::string rawRequest(const std::string& method, const std::string& path,
                       const std::string& extraHeaders, const std::string& body) {
    return method + " " + path +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders +
           "\r\n" + body;
}

std::string framedRequest(const std::string& method, const std::string& path,
                          const std::string& extraHeaders, const std::string& body) {
    auto request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders;
    if (!body.empty())
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return request + "\r\n" + body;
}

HttpResult sendWhole(std::uint16_t port, const std::string& method, const std::string& path,
                     const std::string& body, const std::string& token) {
    std::string headers = "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (!token.empty())
        headers += "Authorization: Bearer " + token + "\r\n";
    return exchangeRaw(port, rawRequest(method, path, headers, body));
}

std::string chunked(const std::string& body, std::size_t chunkSize, bool terminate) {
    std::string out;
    for (std::size_t at = 0; at < body.size(); at += chunkSize) {
        const auto piece = body.substr(at, chunkSize);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        out += size + piece + "\r\n";
    }
    if (terminate)
        out += "0\r\n\r\n";
    return out;
}

std::string loopbackAddress(int n) {
    return "127.1." + std::to_string(n / 250) + "." + std::to_string(n % 250 + 1);
}

} // namespace topcoat::test
