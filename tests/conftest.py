"""Shared test fixtures."""

import pandas as pd
import pytest
from write_inputs import REVIEW_PARAMETERS


@pytest.fixture(autouse=True)
def _close_figures():
    """Close every matplotlib figure a test opened (only if pyplot was used)."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def _review_market():
    """A hand-worked market for coverage, scorecard and plots (numbers worked out in the tests).

    as_of 2026-09-30, window Oct 2025 .. Sep 2026, regular from 3 purchase months,
    potential_quantile 0.5 (median of the 9 potentials = 120), share threshold 0.3.
    """
    from kamkit.model.market import Market

    accounts = pd.DataFrame(
        {
            "account_id": [f"A{i}" for i in range(1, 10)],
            "name": [f"Conta {i}" for i in range(1, 10)],
            "territory": ["Sul", "Sul", "Norte", "Norte", "Sul", "Sul", "Norte", "Norte", "Leste"],
            "salesperson": ["Ana", "Ana", "Bia", "Bia", "Ana", "Ana", "Bia", "Bia", None],
            "segment": ["X"] * 9,
            "potential": [1000, 900, 800, 700, 100, 90, 80, 50, 120],
        }
    )
    sales = pd.DataFrame(
        [
            ("A1", "2026-01-10", 200.0),
            ("A1", "2026-02-10", 200.0),
            ("A1", "2026-03-10", 200.0),
            ("A3", "2026-08-05", 100.0),
            ("A4", "2025-08-20", 500.0),
            ("A5", "2026-07-01", 40.0),
            ("A5", "2026-08-01", 40.0),
            ("A5", "2026-09-30 17:45", 40.0),
            ("A6", "2026-10-02", 999.0),  # after as_of: ignored
            ("A7", "2026-09-03", 10.0),
            ("A8", "2026-02-03", 30.0),
            ("A8", "2026-02-20", -30.0),  # returned: no purchase
        ],
        columns=["account_id", "date", "amount"],
    )
    visits = pd.DataFrame(
        [
            ("A1", "2026-05-01"),
            ("A1", "2026-09-01"),
            ("A2", "2026-03-01"),
            ("A3", "2026-10-05"),  # after as_of: ignored
            ("A4", "2026-08-15"),
            ("A5", "2026-07-10"),
            ("A5", "2026-08-10"),
            ("A5", "2026-09-10"),
            ("A5", "2026-09-20"),
            ("A7", "2025-10-01"),  # first day of the window
        ],
        columns=["account_id", "date"],
    )
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        parameters=REVIEW_PARAMETERS,
    )


@pytest.fixture
def review_market():
    return _review_market()


@pytest.fixture
def charts_draw_quietly(monkeypatch):
    """A chart function never calls plt.show() and never changes matplotlib's global settings
    (the chart tests use it: ``pytestmark = pytest.mark.usefixtures("charts_draw_quietly")``)."""
    import matplotlib
    import matplotlib.pyplot as plt

    def _show(*args, **kwargs):
        raise AssertionError("plots must not call plt.show()")

    monkeypatch.setattr(plt, "show", _show)
    before = dict(matplotlib.rcParams)
    yield
    after = dict(matplotlib.rcParams)
    changed = {k for k in before if str(before[k]) != str(after[k])}
    assert not changed, f"global matplotlib settings changed: {sorted(changed)}"
    plt.close("all")
