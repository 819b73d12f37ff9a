"""Matrix honesty (issue 14): an estimated potential floored at the account's own revenue makes
its share of wallet 100% by construction. The matrix draws those accounts with their own
marker and a legend entry that says so (in both languages), and ``kamkit segment``'s summary
counts them. Counts are checked against a hand calculation from the segment table."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import kamkit as kk  # noqa: E402
from kamkit import cli  # noqa: E402
from kamkit.analysis.summaries import segment_summary  # noqa: E402
from kamkit.presentation import i18n  # noqa: E402
from kamkit.presentation.catalogue import word  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    return kk.load_sample()


def floored_by_hand(table, lookback_months: int) -> set[str]:
    """Estimated potential, revenue above half a cent, potential == revenue x 12 / lookback."""
    found = set()
    for row in table.itertuples():
        if not row.potential_estimated or not row.revenue > 0.005:
            continue
        annual = row.revenue * 12 / lookback_months
        if abs(row.potential - annual) <= 1e-9 * max(abs(annual), 1.0):
            found.add(row.account_id)
    return found


def _collections(ax):
    floored = [c for c in ax.collections if c.get_gid() == "floored"]
    others = [c for c in ax.collections if c.get_gid() != "floored"]
    return floored, others


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_the_matrix_marks_the_floored_accounts(sample, language):
    import matplotlib.pyplot as plt

    table = kk.segment(sample)
    expected = floored_by_hand(table, sample.parameters.lookback_months)
    assert len(expected) >= 5  # the sample has some
    ax = kk.plot_matrix(sample, language=language)
    floored, others = _collections(ax)
    assert len(floored) == 1
    where = table.set_index("account_id").loc[sorted(expected)]
    drawn = {tuple(p) for p in np.round(floored[0].get_offsets(), 6)}
    assert drawn == {
        (round(p, 6), round(s, 6)) for p, s in zip(where["potential"], where["share_of_wallet"])
    }
    assert np.allclose(where["share_of_wallet"], 1.0)  # 100% by construction
    # drawn once: the quadrants' bubbles leave them out
    for coll in others:
        for point in np.round(coll.get_offsets(), 6):
            assert tuple(point) not in drawn
    # a distinct marker: not the circle of the quadrants' bubbles
    assert not np.allclose(
        floored[0].get_paths()[0].vertices[:4], others[0].get_paths()[0].vertices[:4]
    )
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    entry = f"{word('kam.chart.floored', language)} ({i18n.format_count(len(expected), language)})"
    assert entry in texts
    if language == "pt-BR":
        assert not any(word("kam.chart.floored", "en").split(":")[0] in t for t in texts)
    plt.close(ax.figure)


def test_a_matrix_without_floored_accounts_has_no_such_entry(sample):
    import matplotlib.pyplot as plt

    table = kk.segment(sample)
    kept = table[~table["account_id"].isin(floored_by_hand(table, 12))]
    ax = kk.plot_matrix(kept)
    assert _collections(ax)[0] == []
    assert not any("floored" in t.get_text() for t in ax.get_legend().get_texts())
    plt.close(ax.figure)


def test_a_table_uses_the_window_it_is_told(sample):
    """With a table the floor needs the window of its revenue: the lookback_months given."""
    import matplotlib.pyplot as plt

    six = sample.with_parameters(lookback_months=6)
    table = kk.segment(six)
    expected = floored_by_hand(table, 6)
    assert expected != floored_by_hand(table, 12)
    ax = kk.plot_matrix(table, lookback_months=6)
    floored, _ = _collections(ax)
    assert len(floored[0].get_offsets()) == len(expected)
    plt.close(ax.figure)


def test_the_segment_summary_counts_the_floored_accounts(sample):
    table = kk.segment(sample)
    expected = len(floored_by_hand(table, sample.parameters.lookback_months))
    assert segment_summary(sample).floored == expected
    assert segment_summary(table, lookback_months=12).floored == expected
    assert segment_summary(table).floored is None  # a table alone: the window is unknown
    sul = kk.segment(sample, territory="Sul")
    assert segment_summary(sample, territory="Sul").floored == len(floored_by_hand(sul, 12))
    assert kk.matrix_summary(sample).floored == expected  # one definition


@pytest.mark.parametrize("language", ["en", "pt-BR"])
def test_kamkit_segment_prints_the_count(tmp_path, sample, language):
    from kamkit.files.writing import write_market

    data = tmp_path / "market.xlsx"
    write_market(sample, data)
    result = CliRunner().invoke(cli.main, ["segment", str(data), "--lang", language])
    assert result.exit_code == 0, result.output
    market = kk.load(data)
    n = len(floored_by_hand(kk.segment(market), market.parameters.lookback_months))
    line = word("kam.summary.floored", language).format(n=i18n.format_count(n, language))
    assert line in result.stdout.splitlines()
    if language == "pt-BR":
        assert "Floored" not in result.stdout and "by construction" not in result.stdout
