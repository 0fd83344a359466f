"""Fakes for the fetcher's two seams (textmine.crawl.fetch): a clock that only moves when slept and
records every wait, and a transport that answers from a script without sockets and records every
request in order (with the fake time it was sent at)."""
from __future__ import annotations

import threading

from textmine.crawl.fetch.transport import Response


class FakeClock:
    """``sleeps``: every wait asked for, in order; ``monotonic`` advances by them and by ``advance``."""

    def __init__(self, epoch: float = 1_700_000_000.0):
        self.epoch, self.now, self.sleeps = epoch, 0.0, []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def time(self) -> float:
        return self.epoch + self.monotonic()

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        """Time passing without a sleep (a slow answer, a late wake-up)."""
        with self._lock:
            self.now += seconds


def ok(body: bytes, content_type: str = "text/html; charset=utf-8", **headers) -> Response:
    return Response(200, {"Content-Type": content_type, **_names(headers)}, body)


def status(code: int, **headers) -> Response:
    return Response(code, _names(headers))


def moved(location: str, code: int = 302) -> Response:
    return Response(code, {"Location": location})


def _names(headers: dict) -> dict:
    return {k.replace("_", "-"): v for k, v in headers.items()}     # retry_after= -> Retry-After


class FakeTransport:
    """``script``: URL -> answers in turn (a Response, an exception to raise, or a function of the request
    headers returning a Response); the last answer repeats; a URL not in the script answers 404.
    ``requests``: (url, headers, fake time) of every request, in order."""

    def __init__(self, script: dict[str, list] | None = None, clock: FakeClock | None = None):
        self.script = {url: list(answers) for url, answers in (script or {}).items()}
        self.clock = clock
        self.requests: list[tuple[str, dict, float | None]] = []
        self._lock = threading.Lock()

    def urls(self) -> list[str]:
        return [u for u, _, _ in self.requests]

    def get(self, url: str, headers: dict[str, str]) -> Response:
        with self._lock:
            self.requests.append((url, dict(headers), self.clock.monotonic() if self.clock else None))
            answers = self.script.get(url)
            if not answers:
                return Response(404, {})
            answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, BaseException):
            raise answer
        return answer(headers) if callable(answer) else answer
