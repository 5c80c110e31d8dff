#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for the mail tests: stores each message it accepts as a JSON file.

Usage: smtp_sink.py DIRECTORY [--reject ADDRESS]... [--no-ehlo] [--user NAME:PASSWORD] [--exclude-auth MECHANISM]...
                    [--tls starttls|implicit]

Listens on 127.0.0.1 on a port the kernel picks and prints "ready PORT" once accepting connections, so tests
never race for a port. Each accepted message becomes DIRECTORY/NNNN.json (written before the 250 reply, so it
exists once the client's send returns) with the envelope, the raw content and what Python's own e-mail parser
makes of it: an independent check of the client's RFC 5322/2047/2045 encoding.
If aiosmtpd is missing it prints "missing aiosmtpd" and exits 3.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import socket
import ssl
import subprocess
import sys

try:
    from aiosmtpd.smtp import SMTP, AuthResult
except ImportError:
    print("missing aiosmtpd", flush=True)
    sys.exit(3)


def lf(text):
    """Python's parser keeps the wire's CRLF in decoded text; the tests compare with LF text."""
    return text.replace("\r\n", "\n")


class StoringHandler:
    def __init__(self, directory, rejected, user):
        self.directory = directory
        self.rejected = {address.lower() for address in rejected}
        self.user = user
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        text = parsed.get_body(preferencelist=("plain",))
        html = parsed.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "content": content.decode("utf-8", errors="replace"),
            "helo": session.host_name,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "auth_login": session.auth_data if session.authenticated else None,
            "parsed": {
                "subject": str(parsed["subject"]),
                "from": str(parsed["from"]),
                "to": [str(address) for address in parsed["to"].addresses] if parsed["to"] else [],
                "message_id": parsed["message-id"],
                "date": parsed["date"],
                "content_type": parsed.get_content_type(),
                "text": lf(text.get_content()) if text is not None else None,
                "html": lf(html.get_content()) if html is not None else None,
                "defects": [type(defect).__name__ for part in parsed.walk() for defect in part.defects],
            },
        }
        self.count += 1
        path = os.path.join(self.directory, f"{self.count:04d}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as file:
            json.dump(record, file, ensure_ascii=False)
        os.replace(path + ".tmp", path)
        return "250 2.0.0 OK: queued"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if server.no_ehlo:
            return ["502 5.5.2 Error: command not recognized"]
        session.host_name = hostname
        return responses


def make_tls_context(directory):
    """A throw-away self-signed certificate for localhost, written as DIRECTORY/cert.pem for the client to trust."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", key, "-out", cert],
        check=True, capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def authenticator(expected):
    def check(server, session, envelope, mechanism, auth_data):
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        # handled=False: let aiosmtpd send the 535 itself (with handled=True a failure gets no reply at all).
        return AuthResult(success=(login, password) == expected, handled=False, auth_data=login)
    return check


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--no-ehlo", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--exclude-auth", action="append", default=[])
    parser.add_argument("--tls", choices=["starttls", "implicit"])
    arguments = parser.parse_args()
    user = tuple(arguments.user.split(":", 1)) if arguments.user else None
    handler = StoringHandler(arguments.directory, arguments.reject, user)

    context = make_tls_context(arguments.directory) if arguments.tls else None

    def factory():
        server = SMTP(
            handler,
            hostname="sink.test",
            authenticator=authenticator(user) if user else None,
            auth_require_tls=False,
            auth_exclude_mechanism=arguments.exclude_auth,
            tls_context=context if arguments.tls == "starttls" else None,
            decode_data=False,
        )
        server.no_ehlo = arguments.no_ehlo
        return server

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    server = await asyncio.get_running_loop().create_server(
        factory, sock=listener, ssl=context if arguments.tls == "implicit" else None
    )
    print(f"ready {listener.getsockname()[1]}", flush=True)
    # Stop when the test closes our stdin (or dies), so no sink outlives its test.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(main())
