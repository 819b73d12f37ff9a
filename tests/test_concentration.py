import math

import numpy as np
import pandas as pd
import pytest
from expected import CONCENTRATION_FIELDS

from kamkit.analysis import concentration as conc
from kamkit.core.errors import KamkitError

REV = pd.Series({"b": 10.0, "a": 10.0, "c": 30.0, "d": 0.0, "e": -5.0, "f": 50.0, "g": np.nan})


def test_pareto_table_hand_worked():
    t = conc.pareto_table(REV)
    assert list(t.columns) == [
        "rank",
        "account_id",
        "revenue",
        "share",
        "cumulative_share",
        "cumulative_accounts_share",
        "abc_class",
    ]
    # only revenue > 0: f 50, c 30, a 10, b 10 (tie broken by account_id) of 100
    assert t["account_id"].tolist() == ["f", "c", "a", "b"]
    assert t["rank"].tolist() == [1, 2, 3, 4]
    assert t["revenue"].tolist() == [50, 30, 10, 10]
    assert t["share"].tolist() == pytest.approx([0.5, 0.3, 0.1, 0.1])
    assert t["cumulative_share"].tolist() == pytest.approx([0.5, 0.8, 0.9, 1.0])
    assert t["cumulative_accounts_share"].tolist() == pytest.approx([0.25, 0.5, 0.75, 1.0])
    # before-shares: 0, .5, .8, .9 -> A, B (0.5 not < 0.5), C (0.8 not < 0.8), C
    assert t["abc_class"].astype(str).tolist() == ["A", "B", "C", "C"]
    assert list(t["abc_class"].cat.categories) == ["A", "B", "C"]


def test_pareto_table_custom_cutoffs_and_dataframe_input():
    frame = REV.rename_axis("account_id").reset_index(name="revenue")
    t = conc.pareto_table(frame, a_share=0.6, b_share=0.85)  # before: 0 .5 .8 .9
    assert t["abc_class"].astype(str).tolist() == ["A", "A", "B", "C"]


def test_pareto_single_and_empty():
    t = conc.pareto_table(pd.Series({"x": 5.0}))
    assert t["share"].tolist() == [1.0] and t["abc_class"].astype(str).tolist() == ["A"]
    e = conc.pareto_table(pd.Series({"x": 0.0, "y": -1.0}))
    assert len(e) == 0 and list(e.columns)[0] == "rank"


def test_lorenz_curve_points():
    lc = conc.lorenz_curve(REV)
    assert list(lc.columns) == ["accounts_share", "revenue_share"]
    assert lc["accounts_share"].tolist() == pytest.approx([0, 0.25, 0.5, 0.75, 1.0])
    assert lc["revenue_share"].tolist() == pytest.approx([0, 0.1, 0.2, 0.5, 1.0])
    assert conc.lorenz_curve(pd.Series(dtype=float)).to_numpy().tolist() == [[0.0, 0.0]]


def _gini_reference(values):
    """Independent: 1 - 2 * trapezoid area under the Lorenz curve."""
    x = np.sort(np.asarray([v for v in values if v > 0], dtype=float))
    n = len(x)
    if n == 0:
        return math.nan
    L = np.concatenate([[0], np.cumsum(x) / x.sum()])
    area = sum((L[k] + L[k - 1]) / 2 / n for k in range(1, n + 1))
    return 1 - 2 * area


def test_gini_hand_and_reference():
    assert conc.gini(REV) == pytest.approx(0.35)
    assert conc.gini(REV) == pytest.approx(_gini_reference(REV.dropna()))
    # mean absolute difference definition: sum |xi-xj| / (2 n^2 mean)
    x = np.array([10, 10, 30, 50.0])
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert conc.gini(REV) == pytest.approx(mad)


def test_gini_edge_cases():
    assert conc.gini(pd.Series({"a": 7.0, "b": 7.0, "c": 7.0})) == 0.0
    assert conc.gini(pd.Series({"a": 7.0})) == 0.0
    assert math.isnan(conc.gini(pd.Series({"a": 0.0, "b": -3.0})))
    assert conc.gini(pd.Series({"a": 100.0, "b": 0.0})) == 0.0  # b does not count
    # one of n takes (almost) all: (n - 1) / n
    assert conc.gini(pd.Series({"a": 1e6, "b": 0.01, "c": 0.01, "d": 0.01})) == pytest.approx(
        0.75, abs=1e-6
    )


def test_half_a_cent_is_not_a_buyer():
    # net revenue within NET_TOLERANCE (0.005) of zero is a floating-point crumb, not a sale
    s = pd.Series({"a": 10.0, "b": 0.004, "c": 0.006})
    t = conc.pareto_table(s)
    assert t["account_id"].tolist() == ["a", "c"]
    assert conc.concentration_summary(s)["buying_accounts"] == 2


def test_gini_random_against_reference():
    rng = np.random.default_rng(1)
    for _ in range(20):
        v = rng.lognormal(3, 1.5, rng.integers(1, 60)) * rng.choice([1, 1, 1, 0, -1], 1)
        s = pd.Series(v, index=[f"a{i}" for i in range(len(v))])
        ref = _gini_reference(v)
        got = conc.gini(s)
        assert (math.isnan(ref) and math.isnan(got)) or got == pytest.approx(ref)


def test_top_share_ceil_rule():
    # 4 buying accounts; top 25% = 1 account (f: 50 of 100)
    assert conc.top_share(REV, 0.25) == pytest.approx(0.5)
    # top 10% of 4 = ceil(0.4) = 1 account
    assert conc.top_share(REV, 0.1) == pytest.approx(0.5)
    # top 30% of 4 = ceil(1.2) = 2
    assert conc.top_share(REV, 0.3) == pytest.approx(0.8)
    assert conc.top_share(REV, 1.0) == pytest.approx(1.0)
    # 10% of 30 accounts is exactly 3, despite 0.1 * 30 == 3.0000000000000004
    s = pd.Series(np.arange(1, 31, dtype=float), index=[f"x{i:02d}" for i in range(30)])
    assert conc.top_share(s, 0.1) == pytest.approx((30 + 29 + 28) / s.sum())
    assert math.isnan(conc.top_share(pd.Series({"a": 0.0}), 0.1))
    for bad in (0, -0.1, 1.5):
        with pytest.raises(KamkitError, match="top must be a share"):
            conc.top_share(REV, bad)


def test_accounts_share_for():
    # f makes exactly 50% -> 1 of 4
    assert conc.accounts_share_for(REV, 0.5) == pytest.approx(0.25)
    assert conc.accounts_share_for(REV, 0.51) == pytest.approx(0.5)
    assert conc.accounts_share_for(REV, 0.8) == pytest.approx(0.5)  # 50+30 = exactly 80%
    assert conc.accounts_share_for(REV, 1.0) == pytest.approx(1.0)
    equal = pd.Series({k: 1.0 for k in "abcdefghij"})
    assert conc.accounts_share_for(equal, 0.5) == pytest.approx(0.5)
    assert conc.top_share(equal, 0.2) == pytest.approx(0.2)
    assert conc.accounts_share_for(pd.Series({"a": 3.0}), 0.5) == 1.0
    assert math.isnan(conc.accounts_share_for(pd.Series(dtype=float), 0.5))


def test_random_top_and_accounts_against_bruteforce():
    rng = np.random.default_rng(7)
    for _ in range(30):
        n = int(rng.integers(1, 80))
        v = rng.pareto(1.2, n) + 0.01
        s = pd.Series(v, index=[f"id{i}" for i in range(n)])
        desc = sorted(v, reverse=True)
        for top in (0.05, 0.1, 0.2, 0.5):
            k = max(1, round(math.ceil(round(top * n, 9))))
            assert conc.top_share(s, top) == pytest.approx(sum(desc[:k]) / sum(v))
        for share in (0.5, 0.8):
            k = next(k for k in range(1, n + 1) if sum(desc[:k]) >= share * sum(v) - 1e-9)
            assert conc.accounts_share_for(s, share) == pytest.approx(k / n)


def test_summary_fields():
    s = conc.concentration_summary(REV)
    assert list(s.index) == CONCENTRATION_FIELDS
    assert s["buying_accounts"] == 4 and s["revenue"] == 100
    assert s["top_5pct_share"] == pytest.approx(0.5)
    assert s["top_20pct_share"] == pytest.approx(0.5)
    assert s["accounts_for_80pct"] == pytest.approx(0.5)
    assert s["gini"] == pytest.approx(0.35)
    empty = conc.concentration_summary(pd.Series(dtype=float))
    assert empty["buying_accounts"] == 0 and math.isnan(empty["gini"])


def test_bad_inputs():
    with pytest.raises(KamkitError, match="more than once"):
        conc.gini(pd.Series([1.0, 2.0], index=["a", "a"]))
    with pytest.raises(KamkitError, match="no revenue column"):
        conc.gini(pd.DataFrame({"account_id": ["a"], "amount": [1.0]}))
    with pytest.raises(KamkitError, match="Expected a revenue Series"):
        conc.gini([1, 2, 3])
    with pytest.raises(KamkitError, match="only apply when you pass a Market"):
        conc.gini(REV, territory="Sul")


def test_pareto_abc_matches_segment_rule_on_random_data():
    from kamkit.analysis.segmentation import abc_classes

    rng = np.random.default_rng(3)
    for _ in range(10):
        n = int(rng.integers(1, 50))
        v = np.round(rng.lognormal(2, 1, n), 0) * rng.choice([1, 1, 0, -1], n)  # ties, zeros
        s = pd.Series(v, index=[f"k{i:03d}" for i in rng.permutation(n)])
        t = conc.pareto_table(s, a_share=0.5, b_share=0.8)
        ref = abc_classes(s, a_share=0.5, b_share=0.8).dropna()
        assert dict(zip(t["account_id"], t["abc_class"].astype(str))) == ref.astype(str).to_dict()
        # straightforward reference of the order: revenue desc, then account_id asc
        buyers = s[s > 0.005]
        expected = sorted(buyers.index, key=lambda k: (-buyers[k], k))
        assert t["account_id"].tolist() == expected
        before = np.concatenate([[0], np.cumsum(buyers[expected].to_numpy())[:-1]]) / buyers.sum()
        cls = ["A" if b < 0.5 else "B" if b < 0.8 else "C" for b in before]
        assert t["abc_class"].astype(str).tolist() == cls
