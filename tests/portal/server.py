"""A fake government portal on 127.0.0.1 with injected faults and a request log.

Faults (chosen per request with probability ``fault_rate`` from a seeded RNG; a path never
gets more than ``max_consecutive`` faulty answers in a row, like a flaky but working
server): timeout (answer after the client gave up), 429 with Retry-After, 500, 503,
truncated body (fewer bytes than Content-Length), connection reset. Conditional GETs
(If-None-Match / If-Modified-Since) are answered 304.
"""
from __future__ import annotations

import bisect
import random
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote_to_bytes, urlsplit

from .site import Site, _search_page, build_site, etag_of

FAULTS = ("timeout", "429", "500", "503", "truncated", "reset")


@dataclass
class Hit:
    host: str
    path: str          # path with query
    status: int
    fault: str | None
    complete: bool     # a full 200 body was sent


class Portal:
    def __init__(self, shared: Path, *, fault_rate: float = 0.0, seed: int = 1, retry_after: str = "0",
                 timeout_sleep: float = 0.6, max_consecutive: int = 2, faults: tuple[str, ...] = FAULTS,
                 columns: bool = False):
        self.fault_rate, self.retry_after, self.timeout_sleep = fault_rate, retry_after, timeout_sleep
        self.max_consecutive, self.faults = max_consecutive, faults
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.logged = threading.Condition(self.lock)
        self._answering = 0        # requests being answered (hits() waits for them to be logged)
        self._arrived = 0          # requests arrived so far; each thread's own number in _arrival.seq
        self._arrival = threading.local()
        self._seqs: list[float] = []    # the arrival number of each logged hit (self.log is in arrival order)
        self.log: list[Hit] = []
        self._streak: dict[str, int] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.other = f"http://localhost:{self.port}"      # another host name: must never be requested
        self.site: Site = build_site(shared, other=self.other)
        if columns:   # four CMS families' news columns, a policy library, a home page (columns.py)
            from .columns import add_columns

            add_columns(self.site, shared)
        # a short poll: shutdown() waits for the serve loop to notice, up to one poll interval (0.5 s by default)
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> "Portal":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what the tests look at -------------------------------------------
    def hits(self, prefix: str = "") -> list[Hit]:
        """The hits so far, once the requests being answered are logged: a response is logged after its body is
        written, so the client can hold the whole answer a moment before the server logs it. A request still
        hanging (a timeout fault) is waited for no longer than its sleep."""
        with self.logged:
            self.logged.wait_for(lambda: self._answering == 0, self.timeout_sleep + 1.0)
            return [h for h in self.log if h.path.startswith(prefix)]

    def wait_hits(self, prefix: str, n: int, timeout: float = 30.0) -> list[Hit]:
        """The hits under ``prefix`` once there are ``n`` of them (a timed-out request is logged when the
        server finally answers, after the client gave up); fewer only if ``timeout`` passes first."""
        with self.logged:
            self.logged.wait_for(lambda: sum(h.path.startswith(prefix) for h in self.log) >= n, timeout)
            return [h for h in self.log if h.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()
            self._seqs.clear()

    def _record(self, hit: Hit) -> None:
        """Log a hit in the order its request arrived: a response is logged after its body is written, so the
        client may send its next request, and that one be logged, before this one is."""
        with self.logged:
            seq = getattr(self._arrival, "seq", float("inf"))
            at = bisect.bisect_right(self._seqs, seq)
            self._seqs.insert(at, seq)
            self.log.insert(at, hit)
            self.logged.notify_all()

    def _pick_fault(self, key: str) -> str | None:
        with self.lock:
            if self.fault_rate <= 0 or self._streak.get(key, 0) >= self.max_consecutive:
                self._streak[key] = 0
                return None
            if self.rng.random() < self.fault_rate:
                self._streak[key] = self._streak.get(key, 0) + 1
                return self.rng.choice(self.faults)
            self._streak[key] = 0
            return None

    # -- dynamic pages -----------------------------------------------------
    def search(self, query: str, page: int) -> bytes:
        arts = [a for a in self.site.articles if a.city == "np"] + [self.site.plan_search_item]
        loose = query[:2]
        found = [a for a in arts if query in a.title + a.body or loose in a.title + a.body]
        found.sort(key=lambda a: (a.date, a.path), reverse=True)
        start = max(0, (page - 1) * 10 - (1 if page > 1 else 0))   # one item repeats across pages
        html = _search_page(found[start:page * 10], len(found), self.base, self.other)
        return html.encode("gbk", errors="xmlcharrefreplace")

    def policy_search(self, query: str, page: int) -> bytes:
        from .policy import policy_search_items

        found = policy_search_items(self.site, query)
        html = _search_page(found[(page - 1) * 10:page * 10], len(found), self.base, self.other)
        return html.encode("gbk", errors="xmlcharrefreplace")

    def _handler(self):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):   # quiet
                pass

            def do_GET(self):  # noqa: N802
                host = self.headers.get("Host", "")
                parts = urlsplit(self.path)
                fault = portal._pick_fault(self.path)
                with portal.logged:
                    portal._answering += 1
                    portal._arrived += 1
                    portal._arrival.seq = portal._arrived
                try:
                    self._serve(host, parts, fault)
                except (BrokenPipeError, ConnectionResetError, socket.timeout):
                    portal._record(Hit(host, self.path, 200, fault or "client-gone", False))
                finally:
                    with portal.logged:
                        portal._answering -= 1
                        portal.logged.notify_all()

            def _serve(self, host, parts, fault):
                if fault == "reset":
                    portal._record(Hit(host, self.path, 0, fault, False))
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault == "timeout":
                    time.sleep(portal.timeout_sleep)
                if fault in ("429", "500", "503"):
                    status = int(fault)
                    portal._record(Hit(host, self.path, status, fault, False))
                    self.send_response(status)
                    if status == 429:
                        self.send_header("Retry-After", portal.retry_after)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                res = None
                if parts.path in ("/np/jrobot/search.do", "/np/zcwj/search.do"):
                    qs = parse_qs(parts.query)
                    raw_q = [p.split("=", 1)[1] for p in parts.query.split("&") if p.startswith("q=")]
                    query = unquote_to_bytes(raw_q[0]).decode("gbk") if raw_q else ""
                    search = portal.search if parts.path == "/np/jrobot/search.do" else portal.policy_search
                    body = search(query, int(qs.get("p", ["1"])[0]))
                    from .site import Resource
                    res = Resource(body, "text/html; charset=GBK")
                elif parts.path == "/yc/was5/web/search":
                    from .homes import trs_search_page
                    from .site import Resource
                    qs = parse_qs(parts.query)
                    body = trs_search_page(portal.site.articles, qs.get("searchword", [""])[0],
                                           int(qs.get("page", ["1"])[0]))
                    res = Resource(body, "text/html; charset=utf-8")
                else:   # a page addressed with its query (a Hanweb column's ?uid=&pageNum=) before the bare path
                    res = portal.site.resources.get(self.path) or portal.site.resources.get(parts.path)
                if res is None:
                    portal._record(Hit(host, self.path, 404, fault, False))
                    self.send_error(404)
                    return
                if res.redirect:
                    loc = res.redirect.replace("{other}", portal.other)
                    portal._record(Hit(host, self.path, res.status, fault, False))
                    self.send_response(res.status)
                    self.send_header("Location", loc)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = etag_of(res.body) if res.etag else None
                inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
                if (etag and inm == etag) or (not etag and ims and ims == res.last_modified):
                    portal._record(Hit(host, self.path, 304, fault, False))
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", res.content_type)
                if etag:
                    self.send_header("ETag", etag)
                else:
                    self.send_header("Last-Modified", res.last_modified)
                if not res.no_length:
                    self.send_header("Content-Length", str(len(res.body)))
                self.end_headers()
                if fault == "truncated":
                    self.wfile.write(res.body[: len(res.body) // 2])
                    self.wfile.flush()
                    portal._record(Hit(host, self.path, 200, fault, False))
                    return
                self.wfile.write(res.body)
                self.wfile.flush()
                portal._record(Hit(host, self.path, 200, fault, not res.oversize))

        return Handler
