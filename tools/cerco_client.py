#!/usr/bin/env python3
"""A small client for `cerco serve`: connects, subscribes, prints a live table.

Standard library only. Every `--every` simulated interval it prints one row: the
simulated day and hour, then each city's cover (days of demand in stock) for the chosen
commodities, then the blockades still active. Decisions (rule firings, negotiations,
actions by any client) are printed between rows as they happen.

    cerco serve --port 7878 &
    python3 tools/cerco_client.py --port 7878 --every 6h --speed 86400

Exit codes: 0 the run finished or the server shut down; 1 the server refused a request;
2 bad usage or no server.
"""
import argparse
import json
import socket
import sys


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--token", default="", help="shared secret, when the server has --token")
    p.add_argument("--every", default="6h", help='sampling interval, e.g. "1h", "6h", 3600')
    p.add_argument("--speed", default="86400",
                   help='simulated seconds per second, or "max" (default: a day a second)')
    p.add_argument("--commodities", default="gasoline,lpg,food",
                   help="comma-separated commodities to show")
    p.add_argument("--watch-only", action="store_true",
                   help="do not change the speed or resume; just watch")
    p.add_argument("--reset", action="store_true", help="start the run over first")
    return p.parse_args()


class Connection:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.sock.settimeout(None)
        self.file = self.sock.makefile("r", encoding="utf-8", newline="\n")
        self.pending = []  # pushed lines read while waiting for a reply

    def send(self, request):
        self.sock.sendall((json.dumps(request) + "\n").encode())

    def read(self):
        line = self.file.readline()
        if not line:
            return None
        return json.loads(line)

    def request(self, request):
        self.send(request)
        while True:
            msg = self.read()
            if msg is None:
                raise ConnectionError("the server closed the connection")
            if "ok" in msg:
                if not msg["ok"]:
                    err = msg["error"]
                    raise RuntimeError(f"{request['cmd']}: {err['code']}: {err['message']}")
                return msg
            self.pending.append(msg)

    def messages(self):
        while self.pending:
            yield self.pending.pop(0)
        while True:
            msg = self.read()
            if msg is None:
                return
            yield msg


def when(t):
    return f"d{t // 86400:<3d}{(t % 86400) // 3600:02d}h"


def header(cities, shown):
    cols = [f"{c[:10]} {k[:8]}" for c in cities for k in shown]
    return f"{'time':>7}  " + "  ".join(f"{c:>19}" for c in cols) + "  active blockades"


def row(msg, commodities, shown):
    cells = []
    for city in msg["cities"]:
        for k in shown:
            cover = city["cover_s"][commodities.index(k)]
            cells.append(f"{'-':>19}" if cover is None else f"{cover / 86400:>18.2f}d")
    active = [b["id"] for b in msg["blockades"] if b["state"] == "active"]
    return f"{when(msg['t']):>7}  " + "  ".join(cells) + "  " + (", ".join(active) or "none")


def main():
    args = parse_args()
    try:
        conn = Connection(args.host, args.port)
    except OSError as e:
        print(f"cerco_client: cannot connect to {args.host}:{args.port}: {e}", file=sys.stderr)
        return 2
    every = int(args.every) if args.every.isdigit() else args.every
    try:
        hello = conn.request({"cmd": "hello", "token": args.token} if args.token else
                             {"cmd": "hello"})
        commodities = hello["commodities"]
        shown = [c for c in args.commodities.split(",") if c in commodities]
        if not shown:
            print(f"cerco_client: --commodities: choose from {', '.join(commodities)}",
                  file=sys.stderr)
            return 2
        print(f"{hello['scenario']} (protocol {hello['protocol']}), now {when(hello['now'])}")
        if args.reset:
            conn.request({"cmd": "reset"})
        measures = conn.request({"cmd": "subscribe", "stream": "measures", "every": every})["sub"]
        conn.request({"cmd": "subscribe", "stream": "triggers"})
        if not args.watch_only:
            speed = args.speed if args.speed == "max" else float(args.speed)
            conn.request({"cmd": "speed", "factor": speed})
            conn.request({"cmd": "resume"})
    except (RuntimeError, ConnectionError) as e:
        print(f"cerco_client: {e}", file=sys.stderr)
        return 1
    print(header(hello["cities"], shown), flush=True)
    for msg in conn.messages():
        if msg.get("sub") == measures and msg.get("type") == "measures":
            print(row(msg, commodities, shown), flush=True)
        elif msg.get("type") == "event":
            who = msg.get("subject", "")
            print(f"{when(msg['t']):>7}  * {msg['kind']} {who} ({msg['origin']})", flush=True)
        elif msg.get("type") == "gap":
            print(f"  ({msg['lost']} decisions not received: this client was too slow)")
        elif msg.get("notice") in ("finished", "shutdown", "dropped"):
            print(f"{msg['notice']}: " + json.dumps({k: v for k, v in msg.items()
                                                     if k != "notice"}), flush=True)
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
