"""geo.assignments: choosing the next neighbourhoods and sharing them out."""

from geo.assignments import LOW_CONFIDENCE, NEVER_VISITED, STALE, Candidate, choose, spread


def place(i, visits=1, days=10.0, score=50.0, confidence=0.9, lon=None):
    return Candidate(
        i, f"C{i:02d}", lon if lon is not None else float(i), 0.0, visits, days, score, confidence
    )


def test_choose_orders_never_then_need():
    candidates = [place(1, visits=0), place(2, days=400, score=30), place(3, days=400, score=80), place(4)]
    picks = choose(candidates, count=10, stale_days=180, low_confidence=0.5)
    assert [(p.candidate.id, p.reason) for p in picks] == [(1, NEVER_VISITED), (3, STALE), (2, STALE)]


def test_low_confidence_counts_and_count_cuts():
    candidates = [place(1, confidence=0.1, score=10), place(2, days=500, score=90)]
    picks = choose(candidates, count=1, stale_days=180, low_confidence=0.5)
    assert [(p.candidate.id, p.reason) for p in picks] == [(2, STALE)]
    assert choose(candidates, count=5, stale_days=180, low_confidence=0.5)[1].reason == LOW_CONFIDENCE


def test_spread_is_even_and_contiguous():
    picks = choose([place(i, visits=0) for i in range(7)], count=7, stale_days=180, low_confidence=0.5)
    shares = spread(picks, ["a", "b", "c"])
    assert sorted(len(s) for s in shares.values()) == [2, 2, 3]
    for share in shares.values():
        ids = sorted(p.candidate.id for p in share)
        assert ids == list(range(ids[0], ids[0] + len(ids)))  # neighbours on the line


def test_spread_with_nobody_or_nothing():
    assert spread([], ["a"]) == {"a": []}
    assert spread(choose([place(1, visits=0)], count=1, stale_days=1, low_confidence=0.5), []) == {}
