"""Many portals at once on 127.0.0.1: one server (one port, so one host to the crawler's per-host limit) per
city, each with a news column of a year of items (TRS markup: index.html, index_N.html, createPageHTML) and
its articles, for the scale test and benchmarks/crawl_scale.py. Titles and texts are written for the test.

Requests are counted as they arrive and as they are answered, so per-host politeness (never two requests to
one host in flight: a request counts until just before its answer is sent, when the client cannot have sent
its next one yet) and parallelism across hosts (hosts with a request being answered) are read from the order
of events, not from timestamps; with ``meet=2`` the first requests are held until two hosts have one at once
(a crawler that asks one host at a time would never get past that). Every request is also logged with its server, path,
start and end (time.monotonic) for the benchmark's gaps between requests to one host.
"""
from __future__ import annotations

import random
import socket
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PER_PAGE = 15
LEXICON = "生态产品价值实现"


@dataclass
class Request:
    host: int
    path: str
    start: float
    end: float
    status: int


class Hosts:
    """``n`` fake portals with ``items`` news items each over the year ``year`` (newest first)."""

    def __init__(self, n: int, items: int = 45, year: int = 2024, latency: float = 0.0, fault_rate: float = 0.0,
                 seed: int = 3, meet: int = 0):
        self.n, self.items, self.year, self.latency, self.fault_rate = n, items, year, latency, fault_rate
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        self.log: list[Request] = []
        self.meet = meet
        self.in_flight = [0] * n          # arrived, not yet answered
        self.answering = [0] * n          # arrived, answer not yet written
        self.peak_per_host = self.peak_hosts = 0
        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), self._handler(k)) for k in range(n)]
        for s in self.servers:
            s.daemon_threads = True
        self.bases = [f"http://127.0.0.1:{s.server_address[1]}" for s in self.servers]
        self._threads = [threading.Thread(target=s.serve_forever, args=(0.05,), daemon=True) for s in self.servers]

    def __enter__(self) -> "Hosts":
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()

    # -- content -----------------------------------------------------------------------------------
    def item(self, k: int, i: int) -> tuple[str, str, str, str]:
        """(path, title, date, body) of item i of city k; every 6th mentions the lexicon in its body."""
        d = date(self.year, 12, 31) - timedelta(days=int(i * 365 / self.items))
        ymd = d.strftime("%Y%m%d")
        title = f"第{k}市{['召开常务会议', '部署防汛工作', '推进项目建设', '开展生态环境整治'][i % 4]}（{i}）"
        body = "会议强调，要深化生态产品价值实现机制改革。" if i % 6 == 2 else "会议研究部署近期重点工作。"
        return f"/xwzx/{ymd[:6]}/t{ymd}_{i}.html", title, d.isoformat(), body

    def matching(self, k: int, since: str, until: str) -> int:
        return sum(1 for i in range(self.items) if i % 6 == 2 and since <= self.item(k, i)[2] <= until)

    @property
    def pages(self) -> int:
        return (self.items + PER_PAGE - 1) // PER_PAGE

    def page(self, k: int, p: int) -> bytes:
        rows = "".join(f'<li><a href="{path}" title="{t}">{t}</a><span>{d}</span></li>'
                       for path, t, d, _ in (self.item(k, i) for i in range(p * PER_PAGE,
                                                                          min((p + 1) * PER_PAGE, self.items))))
        return (f'<html><head><meta charset="utf-8"><title>第{k}市要闻</title></head><body>'
                f'<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div><ul class="list">{rows}'
                f'</ul><script>createPageHTML({self.pages}, {p}, "index", "html");</script></body></html>').encode()

    def article(self, k: int, i: int) -> bytes:
        _, t, d, body = self.item(k, i)
        return (f'<html><head><meta charset="utf-8"><meta name="PubDate" content="{d} 09:00"><title>{t}</title>'
                f'</head><body><h1>{t}</h1><div class="article"><p>{body}各地各部门要抓好落实。</p></div>'
                "</body></html>").encode()

    def sources(self, names: list[str]) -> str:
        return "".join(f'\n[[city]]\nname = "{name}"\nportal = "{base}"\nallowed_hosts = ["127.0.0.1"]\n'
                       f'news = {{ platform = "column", first_url = "{base}/xwzx/index.html" }}\n'
                       for name, base in zip(names, self.bases))

    # -- reading the log ---------------------------------------------------------------------------
    def max_in_flight_per_host(self) -> int:
        """Most requests to one host counted in flight at once (from arrival to just before the answer)."""
        with self.lock:
            return self.peak_per_host

    def min_gap_per_host(self) -> float:
        gaps = []
        for k in range(self.n):
            starts = sorted(r.start for r in self.log if r.host == k)
            gaps += [b - a for a, b in zip(starts, starts[1:])]
        return min(gaps) if gaps else float("inf")

    def max_hosts_in_flight(self) -> int:
        """Most hosts with a request being answered at once."""
        with self.lock:
            return self.peak_hosts

    def _arrive(self, k: int) -> None:
        with self.changed:
            self.in_flight[k] += 1
            self.answering[k] += 1
            self.peak_per_host = max(self.peak_per_host, self.in_flight[k])
            self.peak_hosts = max(self.peak_hosts, sum(1 for c in self.answering if c))
            self.changed.notify_all()
            if self.meet:      # hold until `meet` hosts have had a request in flight at once (10 s at most)
                self.changed.wait_for(lambda: self.peak_hosts >= self.meet, 10)

    def _leave(self, k: int) -> None:
        with self.changed:
            self.in_flight[k] -= 1

    def _answered(self, k: int) -> None:
        with self.changed:
            self.answering[k] -= 1

    # -- the server --------------------------------------------------------------------------------
    def _handler(self, k: int):
        hosts = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                start = time.monotonic()
                hosts._arrive(k)
                try:
                    try:
                        body, status = self._answer()
                        if hosts.latency:
                            time.sleep(hosts.latency)      # the server's own answer time
                    finally:
                        hosts._leave(k)                    # before the answer: the client cannot have its next one out
                    self._send(body, status)
                finally:
                    hosts._answered(k)
                with hosts.lock:
                    hosts.log.append(Request(k, self.path, start, time.monotonic(), status))

            def _send(self, body: bytes | None, status: int) -> None:
                try:
                    self.send_response(status)
                    if status == 503:
                        self.send_header("Retry-After", "0")
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body or b"")))
                    self.end_headers()
                    self.wfile.write(body or b"")
                except (BrokenPipeError, ConnectionResetError, socket.timeout):
                    pass

            def _answer(self) -> tuple[bytes | None, int]:
                path = urlsplit(self.path).path
                body, status = None, 200
                if hosts.fault_rate and path != "/robots.txt":
                    with hosts.lock:
                        faulty = hosts.rng.random() < hosts.fault_rate
                    if faulty:
                        status = 503
                if status == 200:
                    if path == "/robots.txt":
                        body = b"User-agent: *\nAllow: /\n"
                    elif path == "/xwzx/index.html" or path.startswith("/xwzx/index_"):
                        p = 0 if path.endswith("index.html") else int(path.rsplit("_", 1)[1].split(".")[0])
                        body = hosts.page(k, p) if p < hosts.pages else None
                    elif path.startswith("/xwzx/") and "_" in path:
                        i = int(path.rsplit("_", 1)[1].split(".")[0])
                        body = hosts.article(k, i) if i < hosts.items else None
                    status = 200 if body is not None else 404
                return body, status

        return Handler
