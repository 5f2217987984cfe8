#pragma once

// Helpers for testing the asynchronous AdminClient: run one call and wait, within a bound, for
// its callback on a local event loop; check results with messages that name the error.

#include "ui/AdminClient.h"

#include <QEventLoop>
#include <QObject>
#include <QTimer>
#include <QtTest>
#include <functional>
#include <optional>

namespace topcoat::test {

using topcoat::ui::AdminClient;
using topcoat::ui::ApiResult;

// Long enough for a loaded CI machine; a hang fails the test instead of stalling it.
inline constexpr int callTimeoutMs = 20000;

// Starts one call with a context of its own and waits for its callback. Nothing when the
// callback did not come within `timeoutMs`.
template <typename T>
std::optional<ApiResult<T>>
await(const std::function<void(QObject*, AdminClient::Callback<T>)>& call,
      int timeoutMs = callTimeoutMs) {
    QObject context;
    QEventLoop loop;
    std::optional<ApiResult<T>> result;
    // The callback cannot outlive these locals: `context` dies first and takes it along.
    call(&context, [&](const ApiResult<T>& answer) {
        result = answer;
        loop.quit();
    });
    if (!result) {
        QTimer deadline;
        deadline.setSingleShot(true);
        QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        deadline.start(timeoutMs);
        loop.exec();
    }
    return result;
}

// "ok", "no answer" or "<status> <code>: <message>", for failure messages.
template <typename T> QByteArray describe(const std::optional<ApiResult<T>>& result) {
    if (!result)
        return "no callback within the timeout";
    if (result->ok())
        return "ok";
    if (!result->error)
        return "neither value nor error";
    return QStringLiteral("%1 %2: %3")
        .arg(result->error->status)
        .arg(result->error->code, result->error->message)
        .toUtf8();
}

} // namespace topcoat::test

// The call answered with a value. `result` is evaluated once (it may be the call itself).
#define TOPCOAT_REQUIRE_OK(result)                                                                 \
    do {                                                                                           \
        const auto& answer_ = (result);                                                            \
        QVERIFY2(answer_ && answer_->ok(), topcoat::test::describe(answer_).constData());          \
    } while (false)

// The call answered with this API error and no value; `result` is evaluated once.
#define TOPCOAT_REQUIRE_ERROR(result, httpStatus, errorCode)                                       \
    do {                                                                                           \
        const auto& answer_ = (result);                                                            \
        QVERIFY2(answer_ && answer_->error && !answer_->value,                                     \
                 topcoat::test::describe(answer_).constData());                                    \
        QCOMPARE(answer_->error->status, httpStatus);                                              \
        QCOMPARE(answer_->error->code, QStringLiteral(errorCode));                                 \
    } while (false)
