"""The fetcher's policies, one module each (the way Scrapy keeps one downloader middleware per
concern); ``textmine.crawl.fetcher.Fetcher`` composes them. Each module's docstring says what it
decides; each is tested on its own with a fake clock and a fake transport (tests/test_crawl_policies.py).

A request passes them in this order:

1. ``cache.JobVisits``   — fetched already in this crawl job? read it back, no request (resume).
2. ``robots``            — may this URL be requested under its host's robots.txt?
3. ``cache.HttpCache``   — what the store holds for the URL: the conditional headers, a 304 read back.
4. ``retry``             — is a failed attempt worth another, and how long to wait first?
5. ``politeness``        — when may the request go to its host (delay, requests in flight)?
6. ``transport``         — the one network seam: a GET, no redirect followed, the body capped.
7. ``redirects``         — may a 3xx hop, a meta refresh or a script redirect be followed?
                           (``soft_redirect`` tells whether a page is such a redirect.)

``clock`` is the time they all read and the sleep they all wait on; ``results`` holds what a fetch
gives back and how it fails. The allowed-hosts check (``sources.host_allowed``) runs in
``Fetcher.get`` and on every redirect hop.
"""
