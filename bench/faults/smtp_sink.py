"""A real SMTP server for the fault scenarios: records each message it accepts, nothing else.

    python bench/faults/smtp_sink.py --port 2599 --log /tmp/sink.jsonl [--delay 2]

Each accepted message is one JSON line (Message-ID, recipients, time) appended and flushed
before the server answers 250, so the count survives the server being killed and restarted.
`--delay` holds the answer after recording: a worker killed in that moment has sent the
message without learning so, the case the outbox's at-most-once rule is about.
"""

import argparse
import asyncio
import email
import email.policy
import json
import signal
import time

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, log_path: str, delay: float):
        self.log = open(log_path, "a", encoding="utf-8")
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        line = {
            "message_id": str(message.get("Message-ID", "")).strip(),
            "to": list(envelope.rcpt_tos),
            "at": time.time(),
        }
        self.log.write(json.dumps(line) + "\n")
        self.log.flush()
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    # Blocked before the server's thread starts, so the thread inherits the mask and the
    # signal waits here for sigwait.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    controller = Controller(Recorder(args.log, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()
