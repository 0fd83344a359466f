"""`crawl policy` against the fake portal on 127.0.0.1 (30 % faulty responses): the planted notices and
their attachments are stored byte-identical as `policy` documents, nothing outside the allowed host or
robots.txt is requested, every search is recorded complete, and after `parse` the evidence is right."""
from __future__ import annotations

from collections import Counter

import pytest

from portal import Portal
from portal.policy import write_policy_sources
from textmine.crawl import FetchConfig
from textmine.evidence import propose_evidence
from textmine.evidence.collect import crawl_policy
from textmine.parse import parse_corpus


def fast_config() -> FetchConfig:
    return FetchConfig(delay=0.0, timeout=0.4, backoff=0.01, retries=6, max_bytes=1 << 20)


@pytest.fixture
def portal(shared):
    with Portal(shared, fault_rate=0.3, seed=11) as p:
        yield p


def _proposal(report, city, leaf):
    return next(p for p in report.proposals if p.city.name.startswith(city) and p.leaf == leaf)


def test_policy_crawl_finds_the_planted_notices_politely(portal, store, tmp_path):
    src = write_policy_sources(portal, tmp_path / "cfg")
    report = crawl_policy(store, sources=src, config=fast_config(), workers=2)
    hits = portal.hits()
    assert sum(1 for h in hits if h.fault) / len(hits) >= 0.2
    # exactly the planted candidates (articles and the DOCX attachment), byte-identical, kind policy
    docs = {d["url"].split(str(portal.port), 1)[1]: d for d in store.documents(kind="policy")}
    assert set(docs) == set(portal.site.policy_documents)
    for path, body in portal.site.policy_documents.items():
        assert store.read_raw(docs[path]["sha256"]) == body
        assert docs[path]["origin"] == "crawl"
    assert docs["/np/zcwj/files/g12_plan.docx"]["format"] == "docx"
    # nothing outside the allowed host, nothing robots.txt disallows, each resource downloaded once
    assert {h.host for h in hits} == {f"127.0.0.1:{portal.port}"}
    assert not [h for h in hits if h.path.startswith("/np/private/")]
    complete = Counter(h.path for h in hits if h.complete)
    assert max(complete.values()) == 1
    reasons = [r for _, _, r in report.failures]
    assert reasons and all("robots.txt" in r for r in reasons), reasons
    assert report.summary()["offsite_links_skipped"] >= 1
    # why each document is there, and every search of every leaf read completely
    sources = {(r["leaf"], r["article_url"].split(str(portal.port), 1)[1])
               for r in store.conn.execute("SELECT leaf, article_url FROM policy_sources")}
    assert ("G12", "/np/zcwj/2021/art_3001.html") in sources and ("C01", "/yc/zcwj/202405/t30002.shtml") in sources
    searches = store.conn.execute("SELECT city_code, leaf, MIN(complete) AS c, COUNT(*) AS n FROM policy_searches "
                                  "GROUP BY city_code, leaf").fetchall()
    assert len(searches) == 2 * 19 and all(r["c"] == 1 for r in searches)

    # the documents go through parse like any other, then the evidence names them
    parse_corpus(store)
    ev = propose_evidence(store, ["南平", "宜昌"])
    g12 = _proposal(ev, "南平", "G12")
    assert g12.value == 1 and g12.searched and "印发" in g12.evidence.sentence
    assert ev.dates[g12.evidence.document.id] == "2021-12-20"
    assert _proposal(ev, "南平", "G01").value == 1
    c02 = _proposal(ev, "南平", "C02")
    assert (c02.value, c02.evidence.verdict.exclusion) == (0.0, "draft")
    assert c02.confidence == pytest.approx(0.8 * 0.75)   # searched, a candidate rejected
    assert _proposal(ev, "南平", "M16").value == 0 and _proposal(ev, "南平", "M16").searched
    assert _proposal(ev, "宜昌", "G12").value == 1
    c01 = _proposal(ev, "宜昌", "C01")
    assert (c01.value, c01.evidence.verdict.exclusion) == (0.0, "future")

    # a rerun with nothing changed downloads nothing
    portal.clear_log()
    crawl_policy(store, sources=src, config=fast_config(), workers=2)
    assert not [h for h in portal.hits() if h.complete]
    assert len(store.documents(kind="policy")) == len(docs)


def test_crawl_policy_command(portal, cli, tmp_path):
    src = write_policy_sources(portal, tmp_path / "cfg")
    r = cli("crawl", "policy", "--sources", src, "--city", "宜昌", "--leaf", "G12", "--leaf", "C01",
            "--delay", 0, "--timeout", 0.4, "--backoff", 0.01, "--retries", 6)
    assert r.exit_code == 0, r.output
    assert "2 policy documents found, 2 new" in r.output
    assert "宜昌市: 2 candidate documents, 2 new" in r.output
