"""The test mail network's SMTP server (tests/it/support/mailnet.rs): it accepts what konbit
sends, keeps each message, and delivers the ones for `@test` into Dovecot by LMTP, so that
the tests can read them from the members' mailboxes.

    /usr/bin/python3 smtp_sink.py --dir DIR --port PORT --lmtp-port PORT

Runs under Debian's /usr/bin/python3, which has python3-aiosmtpd (scripts/test installs
it). AUTH PLAIN and LOGIN are offered without TLS (loopback only), checked against
DIR/users (Dovecot's passwd-file); mail without AUTH is accepted too, and each message
records which login sent it. Each message becomes DIR/outbox/NNNNNN.json (its envelope)
and NNNNNN.eml (the raw bytes, renamed into place last: a reader never sees half of it).
"""
import argparse
import asyncio
import json
import os
import signal
import smtplib
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"
DOMAIN = "test"


def read_users(path):
    users = {}
    with open(path) as f:
        for line in f:
            name, password = line.split(":")[:2]
            users[name] = password.replace("{PLAIN}", "")
    return users


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--lmtp-port", type=int, required=True)
    args = ap.parse_args()
    users = read_users(os.path.join(args.dir, "users"))
    outbox = os.path.join(args.dir, "outbox")
    # Numbering goes on after a restart of the server (stop_smtp / start_smtp).
    count = [len([n for n in os.listdir(outbox) if n.endswith(".json")])]
    lock = threading.Lock()

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode()
            if users.get(login.split("@")[0]) == auth_data.password.decode():
                return AuthResult(success=True, auth_data=login)
        return AuthResult(success=False, handled=False)

    def forward(mail_from, rcpts, content):
        with smtplib.LMTP(HOST, args.lmtp_port) as lmtp:
            lmtp.sendmail(mail_from, rcpts, content)

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            content = envelope.original_content or envelope.content
            local = [r for r in envelope.rcpt_tos if r.lower().endswith("@" + DOMAIN)]
            if local:
                try:
                    await asyncio.get_running_loop().run_in_executor(
                        None, forward, envelope.mail_from, local, content)
                except smtplib.SMTPRecipientsRefused as e:
                    # Dovecot's own verdict on the recipient: 550 for an unknown user.
                    code, text = next(iter(e.recipients.values()))
                    if code >= 500:
                        return "550 5.1.1 %s" % text.decode(errors="replace")
                    return "451 4.3.0 %s" % text.decode(errors="replace")
                except Exception as e:
                    return "451 4.3.0 could not deliver by LMTP: %s" % e
            with lock:
                count[0] += 1
                base = os.path.join(outbox, "%06d" % count[0])
            meta = {
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "auth_login": getattr(session, "auth_data", None),
            }
            with open(base + ".json", "w") as f:
                json.dump(meta, f)
            with open(base + ".eml.tmp", "wb") as f:
                f.write(content)
            os.rename(base + ".eml.tmp", base + ".eml")
            return "250 2.0.0 OK"

    controller = Controller(
        Handler(), hostname=HOST, port=args.port, auth_require_tls=False,
        authenticator=authenticator, server_hostname="smtp.test")
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
