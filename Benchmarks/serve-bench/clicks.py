#!/usr/bin/env python3
"""The serve benchmark's helper (standard library only): prepares the clicks
wrk replays, times them one by one, and prints the summary.

  clicks.py prepare --base URL --out FILE [--users …] [--sheets …] [--seed N]
      Signs each user in (GET /api/session for the login token, POST /login
      with JSON and X-CSRF-Token), then walks each sheet as a user would:
      from the sheet page, follows the `select` link of a filter-pane value
      (`a.value[href]`, a GET that redirects to the sheet's new URL), then a
      second value of another field from the page it lands on, then the
      clear (×) of the first field. Every page landed on is one click: the
      sheet URL `/apps/A/sheets/S?s=…` with the cookie of the user who
      reached it. Writes FILE as tab-separated lines
      `path, cookie, user, what` (what: the clicks that led there), distinct
      (user, path) pairs, shuffled with the seed.

  clicks.py time --base URL --clicks FILE [--top 10] [--json OUT]
      Requests every click once, in order, on one keep-alive connection, and
      prints the distribution and the slowest clicks (time.perf_counter
      around the request and the whole body).

  clicks.py port                 prints a free TCP port of 127.0.0.1
  clicks.py wait --base URL --pid PID [--timeout S]
                                 waits until the server answers (or its process ends)
  clicks.py summary FILE…        prints the summary of the runs' JSON files
"""

import argparse
import base64
import http.client
import json
import os
import random
import socket
import sys
import time
import urllib.parse
from html.parser import HTMLParser

PASSWORD = "vigie-demo"
DEFAULT_USERS = "direction,controle,bretagne,provence,grand-ouest"
DEFAULT_SHEETS = ("creches/overview,creches/families,optique/overview,ehpad/overview,"
                  "dentaire/overview,groupe/overview,groupe/establishments")


def log(message):
    print("serve-bench: " + message, file=sys.stderr, flush=True)


class Client:
    """One keep-alive connection to the server, with one user's cookies; redirects are not followed."""

    def __init__(self, base, cookies=None):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.cookies = dict(cookies or {})
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        all_headers = {"Accept-Language": "fr"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=300)
            try:
                self.connection.request(method, path, body=body, headers=all_headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value:
                    self.cookies[name.strip()] = cookie_value
                else:
                    self.cookies.pop(name.strip(), None)
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), data

    def close(self):
        if self.connection is not None:
            self.connection.close()


def sign_in(base, user):
    client = Client(base)
    status, _, body = client.request("GET", "/api/session")
    if status != 200:
        raise SystemExit(f"GET /api/session answered {status}: {body[:200]!r}")
    token = json.loads(body)["csrfToken"]
    payload = json.dumps({"user": user, "password": PASSWORD}).encode()
    status, _, body = client.request("POST", "/login", body=payload,
                                     headers={"Content-Type": "application/json", "X-CSRF-Token": token})
    if status != 200 or "vigie_session" not in client.cookies:
        raise SystemExit(f"signing in as {user} failed: {status} {body[:200]!r}")
    return client


class SheetLinks(HTMLParser):
    """The filter panes' value links (`a.value[href]`) and the clear links (`a.clear`) of a sheet page."""

    def __init__(self):
        super().__init__()
        self.values = []   # (field, value, state, href)
        self.clears = {}   # field -> href
        self.field = None  # the list box being read

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "listbox" in classes:
            self.field = a.get("data-field")
        if tag != "a":
            return
        if "value" in classes and a.get("href"):
            state = next((c[len("state-"):] for c in classes if c.startswith("state-")), None)
            self.values.append((self.field, a.get("data-value"), state, a["href"]))
        elif "clear" in classes and a.get("href") and a.get("data-field") is None:
            # The list box's × has no data-field itself: its field is in the href.
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(a["href"]).query)
            field = (query.get("field") or [None])[0]
            if field:
                self.clears.setdefault(field, a["href"])


def links(html):
    parser = SheetLinks()
    parser.feed(html.decode("utf-8", "replace"))
    return parser


class Walk:
    """One user's walk through one sheet."""

    def __init__(self, client, user, sheet_path, rng, first, second):
        self.client, self.user, self.sheet_path, self.rng = client, user, sheet_path, rng
        self.first, self.second = first, second
        self.clicks = []   # (path, what, seconds, bytes)

    def page(self, path, what):
        start = time.perf_counter()
        status, _, body = self.client.request("GET", path)
        elapsed = time.perf_counter() - start
        if status != 200:
            raise SystemExit(f"{self.user}: GET {path} answered {status}: {body[:300]!r}")
        self.clicks.append((path, what, elapsed, len(body)))
        return links(body)

    def follow(self, href):
        """GETs a select link and returns the sheet URL it redirects to."""
        status, headers, body = self.client.request("GET", href)
        location = headers.get("location")
        if status not in (302, 303, 307) or not location:
            raise SystemExit(f"{self.user}: GET {href} answered {status} without a redirect: {body[:300]!r}")
        return location

    def pick(self, parsed, exclude_fields):
        """A value of a field chosen at random (not in exclude_fields) among the possible ones, as a user would click."""
        by_field = {}
        for field, value, state, href in parsed.values:
            if field in exclude_fields or state not in ("possible", "alternative"):
                continue
            by_field.setdefault(field, []).append((value, href))
        if not by_field:
            return None
        field = self.rng.choice(sorted(by_field))
        value, href = self.rng.choice(by_field[field])
        return field, value, href

    def run(self):
        start = self.page(self.sheet_path, "(the sheet)")
        chosen_first = set()
        for _ in range(self.first):
            picked = self.pick(start, chosen_first)
            if picked is None:
                break
            field, value, href = picked
            chosen_first.add(field)
            what = f"{field}={value}"
            one = self.page(self.follow(href), what)
            chosen_second = {field}
            for _ in range(self.second):
                picked2 = self.pick(one, chosen_second)
                if picked2 is None:
                    break
                field2, value2, href2 = picked2
                chosen_second.add(field2)
                what2 = f"{what} → {field2}={value2}"
                two = self.page(self.follow(href2), what2)
                clear = two.clears.get(field)
                if clear:
                    self.page(self.follow(clear), f"{what2} → clear {field}")
        return self.clicks


def prepare(args):
    rng = random.Random(args.seed)
    users = [u for u in args.users.split(",") if u]
    wanted = [s for s in args.sheets.split(",") if s]
    rows, seen, skipped = [], set(), []
    started = time.perf_counter()
    for user in users:
        client = sign_in(args.base, user)
        status, _, body = client.request("GET", "/api/apps")
        if status != 200:
            raise SystemExit(f"{user}: GET /api/apps answered {status}")
        listed = {(app["name"], sheet["name"]) for app in json.loads(body)["apps"] for sheet in app["sheets"]}
        cookie = "vigie_session=" + client.cookies["vigie_session"]
        count = 0
        for item in wanted:
            app, _, sheet = item.partition("/")
            if (app, sheet) not in listed:
                skipped.append(f"{user}:{item}")
                continue
            path = f"/apps/{urllib.parse.quote(app)}/sheets/{urllib.parse.quote(sheet)}"
            for click_path, what, seconds, size in Walk(client, user, path, rng, args.first, args.second).run():
                if (user, click_path) in seen:
                    continue
                seen.add((user, click_path))
                rows.append((click_path, cookie, user, what, seconds, size))
                count += 1
        client.close()
        log(f"{user}: {count} clicks")
    if skipped:
        log("not open to the user, skipped: " + ", ".join(skipped))
    rng.shuffle(rows)
    with open(args.out, "w", encoding="utf-8") as out:
        for path, cookie, user, what, _, _ in rows:
            out.write(f"{path}\t{cookie}\t{user}\t{what}\n")
    sizes = sorted(r[5] for r in rows)
    log(f"{len(rows)} distinct (user, URL) clicks over {len(users)} users and {len(wanted)} sheets, "
        f"prepared in {time.perf_counter() - started:.1f} s; page size median {sizes[len(sizes) // 2] // 1024} KiB, "
        f"max {sizes[-1] // 1024} KiB → {args.out}")


def read_clicks(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def describe(query):
    """The selection of a sheet URL's query, readable: `field=value,value; field=value` (the `s` parameter is
    base64url JSON; anything else is shown as it is)."""
    values = urllib.parse.parse_qs(query).get("s")
    if not values:
        return "(no selection)"
    try:
        text = values[0]
        fields = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))["fields"]
        return "; ".join(f"{name}={','.join(chosen['values'])}" for name, chosen in fields.items())
    except (ValueError, KeyError, TypeError):
        return values[0]


def percentile(sorted_values, p):
    """The nearest-rank percentile (as wrk's HdrHistogram gives it, without the bucketing)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-p * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def time_clicks(args):
    clicks = read_clicks(args.clicks)
    clients = {}
    timed, errors = [], 0
    for path, cookie, user, what in clicks:
        client = clients.get(user)
        if client is None:
            name, _, value = cookie.partition("=")
            client = clients[user] = Client(args.base, {name: value})
        start = time.perf_counter()
        status, _, body = client.request("GET", path)
        elapsed = (time.perf_counter() - start) * 1000
        if status != 200:
            errors += 1
        timed.append((elapsed, user, path, what, len(body), status))
    for client in clients.values():
        client.close()
    ms = sorted(t[0] for t in timed)
    result = {"clicks": len(timed), "errors": errors, "p50": percentile(ms, 50), "p95": percentile(ms, 95),
              "p99": percentile(ms, 99), "max": ms[-1], "mean": sum(ms) / len(ms),
              "slowest": [{"ms": t[0], "user": t[1], "path": t[2], "what": t[3], "bytes": t[4], "status": t[5]}
                          for t in sorted(timed, reverse=True)[:args.top]]}
    # The slowest sheets: each sheet's clicks, by their p95.
    by_sheet = {}
    for elapsed, _, path, _, _, _ in timed:
        by_sheet.setdefault(path.split("?", 1)[0], []).append(elapsed)
    result["sheets"] = sorted(({"sheet": sheet, "clicks": len(v), "p50": percentile(sorted(v), 50),
                                "p95": percentile(sorted(v), 95), "max": max(v)} for sheet, v in by_sheet.items()),
                              key=lambda s: -s["p95"])
    print(f"sequential pass (one request at a time, Python client): {len(timed)} clicks, "
          f"p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
          f"max {result['max']:.1f} ms, mean {result['mean']:.1f} ms, {errors} errors")
    print("by sheet (slowest p95 first):")
    for s in result["sheets"]:
        print(f"  {s['sheet']:<42} {s['clicks']:>4} clicks  p50 {s['p50']:7.1f}  p95 {s['p95']:7.1f}  max {s['max']:7.1f} ms")
    print(f"the {len(result['slowest'])} slowest clicks (time, page size, user, sheet, selection; then the URL):")
    for s in result["slowest"]:
        sheet, _, query = s["path"].partition("?")
        print(f"  {s['ms']:8.1f} ms  {s['bytes'] // 1024:>4} KiB  {s['user']:<12} {sheet:<36} {describe(query)}")
        print(f"  {'':>8}     {'':>4}      {'':<12} {s['path']}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(result, out, ensure_ascii=False, indent=1)


def free_port(_):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def wait(args):
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        try:
            os.kill(args.pid, 0)
        except ProcessLookupError:
            raise SystemExit(f"the server (pid {args.pid}) stopped before answering")
        try:
            status, _, _ = Client(args.base).request("GET", "/api/session")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"the server did not answer within {args.timeout} s")


def summary(args):
    runs = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            runs.append(json.load(f))
    print()
    print("serve-bench summary: server time per click (request latency on 127.0.0.1, wrk)")
    header = (f"{'scale':>5} {'rows':>11} {'conns':>5} {'clicks':>6} {'requests':>8} {'req/s':>7} {'cpu ms':>6} {'cores':>9} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>6}  target")
    print(header)
    print("-" * len(header))
    for run in runs:
        for r in run["wrk"]:
            target = run.get("target_ms")
            verdict = ""
            if target is not None and r["connections"] > 1:
                ok = r["p95"] < target and r["errors"] == 0
                verdict = f"p95 < {target:g} ms, no errors: {'PASS' if ok else 'FAIL'}"
            elif target is not None:
                verdict = "(one connection: no queueing)"
            print(f"{run['scale']:>5g} {run['rows']:>11,} {r['connections']:>5} {run['clicks']:>6} {r['requests']:>8} "
                  f"{r['rps']:>7.1f} {r['cpu_ms']:>6.1f} {r['server_cores']:>4.1f}+{r['other_cores']:<4.1f} {r['p50']:>7.1f} {r['p95']:>7.1f} {r['p99']:>7.1f} {r['max']:>7.1f} {r['errors']:>6}  {verdict}")
        cold = run.get("cold")
        if cold:
            print(f"{run['scale']:>5g} {run['rows']:>11,} {'cold':>5} {cold['clicks']:>6} {cold['clicks']:>8} {'':>7} {'':>6} {'':>9} "
                  f"{cold['p50']:>7.1f} {cold['p95']:>7.1f} {cold['p99']:>7.1f} {cold['max']:>7.1f} {cold['errors']:>6}  "
                  f"(each click once on a fresh server, Python client)")
        seq = run.get("sequential")
        if seq:
            print(f"{run['scale']:>5g} {run['rows']:>11,} {'seq':>5} {seq['clicks']:>6} {seq['clicks']:>8} {'':>7} {'':>6} {'':>9} "
                  f"{seq['p50']:>7.1f} {seq['p95']:>7.1f} {seq['p99']:>7.1f} {seq['max']:>7.1f} {seq['errors']:>6}  "
                  f"(each click once, Python client)")
    print("cpu ms: the server's CPU time (user + system, every thread) per request; cores: the cores busy during the run,"
          " the server's + everything else's (wrk and any other work on the machine); cold: each click once in a row on a"
          " fresh server, before wrk (nothing remembered); seq: each click once in a row after wrk, timed by a Python client.")
    for run in runs:
        print(f"scale {run['scale']:g}: load average {run['load_idle']} before the server started, "
              f"{run['load_before']} before the runs, {run['load_after']} after; "
              f"server up in {run['startup_s']:.1f} s, peak RSS {run['rss_mib']} MiB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("prepare")
    p.add_argument("--base", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--users", default=DEFAULT_USERS)
    p.add_argument("--sheets", default=DEFAULT_SHEETS)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--first", type=int, default=3, help="first clicks from each sheet page")
    p.add_argument("--second", type=int, default=2, help="second clicks from each page a first click lands on")
    p.set_defaults(run=prepare)
    p = commands.add_parser("time")
    p.add_argument("--base", required=True)
    p.add_argument("--clicks", required=True)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--json")
    p.set_defaults(run=time_clicks)
    p = commands.add_parser("port")
    p.set_defaults(run=free_port)
    p = commands.add_parser("wait")
    p.add_argument("--base", required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--timeout", type=float, default=1800)
    p.set_defaults(run=wait)
    p = commands.add_parser("summary")
    p.add_argument("files", nargs="+")
    p.set_defaults(run=summary)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
