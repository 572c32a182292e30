"""`python -m game hub`: start the class hub and say how to reach it.

Prints the address pupils open (the web build, when `make web` has built it), a
QR code of it (segno), the dashboard's address and the teacher's PIN (random at
each start unless --pin is given). Logs are for the operator, in English.
"""

from __future__ import annotations

import argparse
import logging
import secrets
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_WEB = ROOT / "build" / "web"


def _lan_address() -> str:
    """This machine's address on the local network, for the printed link (no
    packet is sent: connecting a UDP socket only picks the outgoing interface)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m game hub",
                                description="The class hub: pools a group's runs for the "
                                            "projector (docs/hub.md).")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    p.add_argument("--db", default=None, help="the SQLite store (default: hub.sqlite3 in "
                   "the data folder)")
    p.add_argument("--pin", default=None, help="the teacher's PIN, 4–12 digits "
                   "(default: a new random 6-digit PIN at each start)")
    p.add_argument("--rate", type=int, default=None,
                   help="API requests per address per 10 s (default 120; 0: no limit)")
    p.add_argument("--web", default=str(DEFAULT_WEB), help="the web build to serve "
                   "(default: build/web, made by `make web`)")
    p.add_argument("--locale", default="en", help="the dashboard's language")
    p.add_argument("--no-qr", action="store_true", help="do not print the QR code")
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    try:
        import segno
        import uvicorn
    except ImportError as err:
        print(f"python -m game hub: needs the hub extra ({err.name} is missing): "
              "pip install -e '.[hub]'", file=sys.stderr)
        return 2
    args = parse_args(argv)
    if args.pin is not None and not (args.pin.isdigit() and 4 <= len(args.pin) <= 12):
        print("python -m game hub: --pin must be 4 to 12 digits", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    from engine.errors import DataError

    from ..i18n import Locale
    from ..storage import data_dir
    from .app import DEFAULT_RATE, create_app
    from .store import SqliteHubStore

    try:
        locale = Locale.load(args.locale)
    except DataError as err:
        print(f"python -m game hub: locale {args.locale!r}: {err.problems[0]}", file=sys.stderr)
        return 2
    db = Path(args.db) if args.db else data_dir() / "hub.sqlite3"
    try:
        store = SqliteHubStore(db)
    except Exception as err:  # sqlite3.Error, OSError
        print(f"python -m game hub: cannot open the store {db}: {err}", file=sys.stderr)
        return 1
    pin = args.pin or f"{secrets.randbelow(10**6):06d}"
    rate = DEFAULT_RATE if args.rate is None else args.rate
    app = create_app(store, locale, pin, rate=rate, web_root=args.web)
    shown = _lan_address() if args.host in ("0.0.0.0", "::", "") else args.host
    url = f"http://{shown}:{args.port}/"
    print(f"Trustworthy class hub — store {db}", flush=True)
    print(f"Pupils open:   {url}", flush=True)
    if not args.no_qr:
        qr = segno.make(url, error="m")
        qr.terminal(out=sys.stdout, compact=True)
    print(f"Dashboard:     {url}dashboard", flush=True)
    print(f"Teacher's PIN: {pin}", flush=True)
    print(f"Games send runs with: python -m game --hub {url} --class-code CODE", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                    access_log=False)
    finally:
        store.close()
    return 0
