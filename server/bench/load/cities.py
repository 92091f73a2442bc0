#!/usr/bin/env python3
"""Fifty cities on one PostgreSQL: does one city get slower, and what does a city cost?

Issue 16's scale figure. One server process (the release build) on a fresh PostgreSQL
database. First one city (`aizu`, the demo content) is served alone: its home page and
its first process's proposal list are requested by CLIENTS keep-alive clients for
SECONDS seconds each, and the latencies' p50/p99 and the server's resident memory are
written down. Then 49 more cities are created (each with the demo content too, unless
--empty), every one of them is visited (home and proposal list, so each opens its pool
and fills its caches) and the same measurement is made on `aizu` again, with and
with a second client visiting the other cities meanwhile (compared with one city and a
second client on its own other pages: the same load, spread over 50 cities instead of
one). The figures are printed, and written as JSON with --json FILE.

    cargo build --release -p yoriai --bin yoriai
    python3 server/bench/load/cities.py --bin target/release/yoriai

Each city keeps an idle connection or two while the worker visits it every few seconds:
PostgreSQL's max_connections must exceed about 2 x cities + pool_size x busy cities
(the default 100 is too few for 50 cities; the figures below were taken with 300).

Only the standard library is used. Requests go to 127.0.0.1 with the city's host in
the Host header, as a reverse proxy would send them.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ADMIN_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable")


def database_url(name):
    """The admin URL with its database swapped for `name` (query kept)."""
    parts = urllib.parse.urlsplit(ADMIN_URL)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def psql(sql):
    subprocess.run(["psql", ADMIN_URL, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True)


def backends(database):
    """Connections the server holds to its database (PostgreSQL's own count)."""
    out = subprocess.run(
        ["psql", ADMIN_URL, "-Atc", f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'"],
        capture_output=True, text=True, check=True,
    )
    return int(out.stdout.strip() or 0)


class Server:
    def __init__(self, binary, site_root, db_url, data_dir):
        self.binary, self.db_url, self.data_dir = binary, db_url, data_dir
        self.env = dict(
            os.environ,
            DATABASE_URL=db_url,
            YORIAI_DATA_DIR=data_dir,
            YORIAI_LOG_LEVEL="warn",
            YORIAI_POOL_SIZE="10",
        )
        if site_root:
            self.env["YORIAI_SITE_ROOT"] = site_root
        self.proc = None
        self.port = None

    def cli(self, *args, quiet=True):
        out = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"yoriai {' '.join(args)} failed:\n{out.stderr}")
        return out.stdout

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--bind", "127.0.0.1:0"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for line in self.proc.stdout:
            m = re.search(r"running at http://127\.0\.0\.1:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                break
        else:
            sys.exit("the server did not start")
        # Keep reading its output so it never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=30)


def get(conn, host, port, path):
    conn.request("GET", path, headers={"Host": f"{host}:{port}", "Accept": "text/html", "Accept-Language": "ja"})
    res = conn.getresponse()
    body = res.read()
    return res.status, body


def first_process(port, host):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    status, body = get(conn, host, port, "/processes")
    if status != 200:
        sys.exit(f"/processes on {host} answered {status}")
    slugs = re.findall(rb'href="/processes/([a-z0-9-]+)"', body)
    if not slugs:
        sys.exit(f"{host} has no process to list proposals of")
    return slugs[0].decode()


def wait_until_served(port, host, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            if get(conn, host, port, "/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"{host} is not served after {timeout} s")


def measure(port, host, path, clients, seconds):
    """Latencies (ms) of `clients` keep-alive clients asking `path` for `seconds`."""
    latencies, errors = [], []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status, _ = get(conn, host, port, path)
            mine.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors.append(status)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit(f"{path} on {host}: {len(errors)} answers were not 200 (e.g. {errors[0]})")
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {
        "requests": len(latencies),
        "per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(p99, 2),
    }


class Background:
    """Visits the other cities' pages round-robin, one client, while a measurement runs."""

    def __init__(self, port, hosts):
        self.port, self.hosts, self.running, self.count = port, hosts, True, 0
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        i = 0
        while self.running:
            host = self.hosts[i % len(self.hosts)]
            get(conn, host, self.port, "/" if i % 2 == 0 else "/processes")
            self.count += 1
            i += 1

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/yoriai")
    ap.add_argument("--site-root", default=None, help="built front end (pages render without it)")
    ap.add_argument("--cities", type=int, default=50)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--empty", action="store_true", help="the added cities get no demo content")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args()

    name = f"yoriai_bench_cities_{os.getpid()}"
    psql(f"CREATE DATABASE {name}")
    data_dir = tempfile.mkdtemp(prefix="yoriai-bench-cities-")
    server = Server(os.path.abspath(args.bin), args.site_root, database_url(name), data_dir)
    results = {"cities": args.cities, "clients": args.clients, "seconds": args.seconds, "runs": []}
    try:
        server.cli("migrate")
        server.cli("tenant", "create", "--id", "aizu", "--host", "aizu.localhost",
                   "--name-ja", "会津若松市", "--name-en", "Aizuwakamatsu")
        server.cli("--tenant", "aizu", "seed", "--demo")
        server.start()
        port = server.port
        wait_until_served(port, "aizu.localhost")
        slug = first_process(port, "aizu.localhost")
        pages = {"home": "/", "proposals": f"/processes/{slug}/proposals"}

        def run(label, background_hosts=None):
            row = {"label": label}
            for page, path in pages.items():
                measure(port, "aizu.localhost", path, args.clients, 3)  # warm-up
                if background_hosts:
                    with Background(port, background_hosts) as bg:
                        row[page] = measure(port, "aizu.localhost", path, args.clients, args.seconds)
                    row[page]["background_requests"] = bg.count
                else:
                    row[page] = measure(port, "aizu.localhost", path, args.clients, args.seconds)
            row["rss_mib"] = round(server.rss_mib(), 1)
            row["pg_connections"] = backends(name)
            results["runs"].append(row)
            print(f"{label}: " + ", ".join(
                f"{p} p50 {row[p]['p50_ms']} ms p99 {row[p]['p99_ms']} ms ({row[p]['per_second']}/s)" for p in pages
            ) + f"; RSS {row['rss_mib']} MiB; {row['pg_connections']} PostgreSQL connections", flush=True)
            return row

        one = run("1 city")
        one_busy = run("1 city, a second client on its other pages", ["aizu.localhost"])
        rss_one = one["rss_mib"]

        started = time.time()
        others = []
        for i in range(2, args.cities + 1):
            city = f"city{i:02d}"
            server.cli("tenant", "create", "--id", city, "--host", f"{city}.localhost",
                       "--name-ja", f"市{i}", "--name-en", f"City {i}")
            if not args.empty:
                server.cli("--tenant", city, "seed", "--demo")
            others.append(f"{city}.localhost")
        print(f"{len(others)} cities added in {time.time() - started:.0f} s", flush=True)
        # Every city visited: each opens its pool and fills its caches.
        for host in others:
            wait_until_served(port, host)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for path in ("/", "/processes", f"/processes/{slug}/proposals"):
                get(conn, host, port, path)
        rss_all_touched = server.rss_mib()
        many = run(f"{args.cities} cities")
        busy = run(f"{args.cities} cities, a second client on the other cities' pages", others)

        results["rss_per_added_city_mib"] = round((rss_all_touched - rss_one) / len(others), 2)
        results["ratio_p99"] = {
            page: {
                "quiet": round(many[page]["p99_ms"] / one[page]["p99_ms"], 3),
                "busy": round(busy[page]["p99_ms"] / one_busy[page]["p99_ms"], 3),
            }
            for page in pages
        }
        print(f"memory per added city: {results['rss_per_added_city_mib']} MiB "
              f"({rss_one:.0f} MiB with one city, {rss_all_touched:.0f} MiB with {args.cities} visited)")
        for page, r in results["ratio_p99"].items():
            print(f"p99 ratio {page}: {r['quiet']} ({args.cities} cities, quiet), {r['busy']} (others busy)")
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=2)
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
