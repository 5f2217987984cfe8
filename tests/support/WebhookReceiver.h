#pragma once

// A receiver of webhook deliveries in the test process: an HTTP server on a free loopback
// port that keeps every POST it is sent (headers and body) and answers 204, or 500 for as
// many requests as it is told to fail, or holds a request unanswered until released (to
// catch a sender between sending and marking a delivery sent).

#include <Poco/Net/HTTPServer.h>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace topcoat::test {

struct ReceivedDelivery {
    std::string path;
    std::map<std::string, std::string> headers; // names lower-cased
    std::string body;
    int answered = 0; // the status it was answered with (0 while held)
};

class WebhookReceiver {
public:
    WebhookReceiver();
    ~WebhookReceiver(); // releases held requests and stops

    std::uint16_t port() const;
    std::string url(const std::string& path = "/hook") const;

    // Every request received so far, in order, held ones included.
    std::vector<ReceivedDelivery> received() const;
    // The next `count` requests are answered 500.
    void failNext(int count);
    // From now on requests are held unanswered until release().
    void hold();
    void release();

    struct State; // shared with the request handlers

private:
    std::shared_ptr<State> state_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// Whether `header` ("t=UNIX,v1=HEX", as API.md describes Topcoat-Signature) is the signature of
// `body` with `secret`.
bool signatureMatches(const std::string& header, const std::string& secret,
                      const std::string& body);
// The t= of a Topcoat-Signature header, or -1.
std::int64_t signatureTime(const std::string& header);

} // namespace topcoat::test
