"""Codes for a text column (kamkit.core.text) and the group quantiles of the potential
estimate: the same answers as pandas, which they replace on the widgets' path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from kamkit.analysis.segmentation import _quantiles_by_group
from kamkit.core.text import factorize_text, sort_order_text

WORDS = ["Indústria", "varejo", "", "  ", "Serviços", "<b>x</b>", "=1+1", "ção", "Z", "a"]


def _columns(rng):
    """The same values as pandas keeps them: Arrow text in one chunk, in several chunks, and
    plain Python objects; blanks as None and NaN."""
    values = [WORDS[i] if rng.random() > 0.15 else None for i in rng.integers(0, 10, 200)]
    arrow = pd.Series(values, dtype="str")
    chunks = pd.Series(
        pd.arrays.ArrowStringArray(pa.chunked_array([values[:70], values[70:150], values[150:]]))
    )
    plain = pd.Series([np.nan if v is None else v for v in values], dtype=object)
    return values, {"arrow": arrow, "chunks": chunks, "object": plain}


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("kind", ["arrow", "chunks", "object"])
def test_factorize_text_gives_what_pandas_gives(seed, kind):
    values, columns = _columns(np.random.default_rng(seed))
    codes, uniques = factorize_text(columns[kind])
    expected_codes, expected = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    assert codes.dtype == np.int64
    np.testing.assert_array_equal(codes, expected_codes)
    assert uniques == list(expected)
    # every code reads its value back; a blank is -1
    back = [uniques[c] if c >= 0 else None for c in codes]
    assert back == values


def test_factorize_text_of_nothing_and_of_all_blanks():
    for column in (pd.Series([], dtype="str"), pd.Series([], dtype=object)):
        codes, uniques = factorize_text(column)
        assert len(codes) == 0 and uniques == []
    codes, uniques = factorize_text(pd.Series([None, None], dtype="str"))
    assert codes.tolist() == [-1, -1] and uniques == []


@pytest.mark.parametrize("kind", ["arrow", "chunks", "object"])
def test_sort_order_text_is_python_order_and_none_with_a_blank(kind):
    rng = np.random.default_rng(7)
    values = [WORDS[i] + str(rng.integers(0, 5)) for i in rng.integers(0, 10, 300)]
    column = {
        "arrow": pd.Series(values, dtype="str"),
        "chunks": pd.Series(
            pd.arrays.ArrowStringArray(pa.chunked_array([values[:100], values[100:]]))
        ),
        "object": pd.Series(values, dtype=object),
    }[kind]
    order = sort_order_text(column)
    assert order is not None
    assert [values[i] for i in order] == sorted(values)  # stable: ties keep their order
    assert list(order) == sorted(range(len(values)), key=lambda i: values[i])
    blank = column.copy()
    blank.iloc[3] = None
    assert sort_order_text(blank) is None
    assert sort_order_text(pd.Series([1, 2, 3], dtype=object)) is None  # not text


@pytest.mark.parametrize("seed", range(40))
def test_quantiles_by_group_match_pandas_to_the_bit(seed):
    """The potential estimate's quantile per segment, by one sort, against pandas' group-by
    quantile (linear interpolation): the same floats, ties, one-member and empty groups
    included."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 9))
    size = int(rng.integers(1, 80))
    groups = rng.integers(0, n, size)
    values = np.round(rng.lognormal(8, 2, size), int(rng.integers(0, 3)))
    if seed % 3 == 0:
        values[: size // 2] = values[0]  # ties
    for q in (0.9, 0.5, 0.0, 1.0, 0.33, 0.1):
        ours = _quantiles_by_group(values, groups, n, q)
        expected = pd.Series(values).groupby(groups).quantile(q).reindex(range(n)).to_numpy()
        assert ours.tobytes() == expected.tobytes(), (q, ours, expected)
        small = pd.Series(values).groupby(groups).size().reindex(range(n), fill_value=0) < 3
        kept = _quantiles_by_group(values, groups, n, q, min_size=3)  # too few: NaN
        assert kept.tobytes() == np.where(small, np.nan, expected).tobytes()
        for g in range(n):  # and against NumPy's quantile, within rounding
            if (groups == g).any():
                assert ours[g] == pytest.approx(np.quantile(values[groups == g], q), rel=1e-12)
