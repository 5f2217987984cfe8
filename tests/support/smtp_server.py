#!/usr/bin/python3
"""An SMTP server for Topcoat's tests, on Debian's python3-aiosmtpd (1.4.3).

Listens on 127.0.0.1:PORT, plain, with STARTTLS offered, or with implicit TLS (SMTPS), and
optionally requires AUTH LOGIN/PLAIN with one user and password. Every accepted message is
kept in DIR/messages as NNNNNN.eml (the bytes received) and NNNNNN.json (the envelope and
the message as Python's email package parses it); the .json is renamed into place last, so a
message whose .json is there is complete. While DIR/refuse-next holds a number N > 0, the
next N messages are refused with 451 (each one counts it down and leaves NNNNNN.json with its
envelope in DIR/refused), as a mail server that is busy for a while does.

Prints "ready PORT" on stdout once it listens, and exits with 3 when the port is taken.
tests/support/SmtpServer.cpp runs it.
"""

import argparse
import asyncio
import email
import email.policy
import errno
import json
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

EXIT_PORT_TAKEN = 3


class TestSmtp(SMTP):
    # Poco's SMTPClientSession answers an AUTH LOGIN prompt only when it reads "Username",
    # "Login" or "Password", as most servers send; aiosmtpd's own ("User Name") it refuses.
    AuthLoginUsernameChallenge = "Username:"
    AuthLoginPasswordChallenge = "Password:"


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def next_number(directory):
    numbers = [int(name[:6]) for name in os.listdir(directory)
               if name.endswith(".json") and name[:6].isdigit()]
    return max(numbers, default=0) + 1


def text_of(part, problems):
    try:
        return part.get_content() if part is not None else None
    except (LookupError, ValueError) as error:  # an unknown charset, a broken encoding
        problems.append("%s: %s" % (part.get_content_type(), error))
        return None


def parsed(raw):
    """The headers and the text/plain and text/html bodies, decoded."""
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        headers = [[name, str(value)] for name, value in message.items()]
        problems = []  # parts that could not be decoded

        def header(name):
            value = message.get(name)
            return str(value) if value is not None else None

        return {
            "headers": headers,
            "subject": header("Subject"),
            "from": header("From"),
            "to": header("To"),
            "message_id": header("Message-ID"),
            "content_type": message.get_content_type(),
            "text": text_of(message.get_body(preferencelist=("plain",)), problems),
            "html": text_of(message.get_body(preferencelist=("html",)), problems),
            "parse_error": "; ".join(problems) or None,
        }
    except Exception as error:  # a test server keeps what it cannot parse, and says why
        return {"parse_error": "%s: %s" % (type(error).__name__, error)}


class Mailbox:
    def __init__(self, directory):
        self.messages = os.path.join(directory, "messages")
        self.refused = os.path.join(directory, "refused")
        self.refuse_next = os.path.join(directory, "refuse-next")
        os.makedirs(self.messages, exist_ok=True)
        os.makedirs(self.refused, exist_ok=True)
        self.number = next_number(self.messages)
        self.refused_number = next_number(self.refused)

    def envelope_of(self, server, session, envelope):
        login = getattr(session.auth_data, "login", None) if session.authenticated else None
        return {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "login": login.decode("utf-8", "replace") if login is not None else None,
        }

    def take_refusal(self):
        try:
            with open(self.refuse_next, "rb") as file:
                count = int(file.read().strip() or b"0")
        except (FileNotFoundError, ValueError):
            return False
        if count <= 0:
            return False
        write_atomically(self.refuse_next, b"%d\n" % (count - 1))
        return True

    async def handle_DATA(self, server, session, envelope):
        record = self.envelope_of(server, session, envelope)
        if self.take_refusal():
            name = "%06d" % self.refused_number
            self.refused_number += 1
            write_atomically(os.path.join(self.refused, name + ".json"),
                             json.dumps(record).encode())
            return "451 4.3.0 Refused for the test, try again later"
        name = "%06d" % self.number
        self.number += 1
        raw = bytes(envelope.original_content)
        write_atomically(os.path.join(self.messages, name + ".eml"), raw)
        record.update(parsed(raw))
        write_atomically(os.path.join(self.messages, name + ".json"),
                         json.dumps(record, ensure_ascii=False).encode("utf-8", "replace"))
        return "250 2.0.0 Message accepted as " + name


def tls_context(arguments):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(arguments.cert, arguments.key)
    return context


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        accepted = (mechanism in ("LOGIN", "PLAIN") and isinstance(auth_data, LoginPassword)
                    and auth_data.login == user and auth_data.password == password)
        return AuthResult(success=accepted, handled=False, auth_data=auth_data)
    return authenticate


async def serve(arguments):
    loop = asyncio.get_running_loop()
    mailbox = Mailbox(arguments.dir)
    context = tls_context(arguments) if arguments.security != "plain" else None
    options = {
        "hostname": "localhost",  # not socket.getfqdn(), which may wait on DNS
        "enable_SMTPUTF8": True,
        "tls_context": context if arguments.security == "starttls" else None,
        # AUTH waits for STARTTLS where it is offered, as on a real server. aiosmtpd does not
        # count implicit TLS as TLS, and plain AUTH is for tests of a local relay; whether a
        # message came over TLS is recorded with it, for the test to check.
        "auth_require_tls": arguments.security == "starttls",
        "loop": loop,
    }
    if arguments.user is not None:
        options["auth_required"] = True
        options["authenticator"] = authenticator_for(arguments.user.encode("utf-8"),
                                                     arguments.password.encode("utf-8"))
    try:
        server = await loop.create_server(
            lambda: TestSmtp(mailbox, **options), host="127.0.0.1", port=arguments.port,
            ssl=context if arguments.security == "smtps" else None)
    except OSError as error:
        print("cannot listen on 127.0.0.1:%d: %s" % (arguments.port, error), file=sys.stderr)
        sys.exit(EXIT_PORT_TAKEN if error.errno == errno.EADDRINUSE else 1)
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    print("ready %d" % arguments.port, flush=True)
    async with server:
        await stop.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--security", choices=("plain", "starttls", "smtps"), default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password", default="")
    arguments = parser.parse_args()
    # stderr is the server's log file: a line per command, for a failing test to show.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    if arguments.security != "plain" and not (arguments.cert and arguments.key):
        parser.error("--security %s needs --cert and --key" % arguments.security)
    asyncio.run(serve(arguments))


if __name__ == "__main__":
    main()
