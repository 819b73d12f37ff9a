"""The UCI Wholesale customers market: the shipped copy, its figures, and the raw file."""

import csv
from pathlib import Path

import pandas as pd
import pytest

import kamkit as kk
from kamkit.files import wholesale

SAMPLE = wholesale.uci_wholesale_sample_path()
SOURCE = wholesale.uci_wholesale_source_path()


def _spend_per_client() -> list[float]:
    """Annual spend per client from the shipped sales.csv, with the csv module alone."""
    totals: dict[str, float] = {}
    with open(SAMPLE / "sales.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            totals[row["account_id"]] = totals.get(row["account_id"], 0.0) + float(row["amount"])
    return sorted(totals.values(), reverse=True)


def test_the_shipped_copy_loads_as_a_whole_market_of_440_clients():
    market = kk.load_uci_wholesale()
    assert len(market.accounts) == 440
    assert sorted(market.territories) == ["Lisbon", "Oporto", "Other"]
    assert set(market.accounts["segment"]) == {"Horeca", "Retail"}
    assert set(market.sales["family"]) == set(wholesale.FAMILIES.values())
    assert market.as_of == pd.Timestamp("2011-12-31")
    assert market.parameters.currency == "MU"
    assert (SAMPLE / "README.md").read_text(encoding="utf-8").count("CC BY 4.0") == 1


def test_the_post_claim_does_not_hold_here_top_10_percent_make_27_6_percent():
    spend = _spend_per_client()
    top = sum(spend[:44]) / sum(spend)  # 10% of 440 clients
    summary = kk.concentration_summary(kk.load_uci_wholesale())
    assert summary["top_10pct_share"] == pytest.approx(top, abs=1e-12)
    assert round(top, 3) == 0.276
    assert round(summary["top_5pct_share"], 3) == round(sum(spend[:22]) / sum(spend), 3) == 0.178
    # and far from the UK wholesaler's ~60%
    assert kk.concentration_summary(kk.load_online_retail())["top_10pct_share"] > 0.55


@pytest.mark.skipif(not SOURCE.is_file(), reason=f"the raw file is not at {SOURCE}")
def test_the_shipped_copy_is_what_the_raw_file_gives(tmp_path):
    written = wholesale.write_uci_wholesale_sample(SOURCE, tmp_path)
    for path in written:
        assert path.read_bytes() == (SAMPLE / path.name).read_bytes(), path.name
    raw = pd.read_csv(SOURCE)
    market = kk.read_uci_wholesale(SOURCE)
    first = raw.iloc[0]
    lines = market.sales[market.sales["account_id"] == "W001"]
    assert dict(zip(lines["family"], lines["amount"])) == {
        wholesale.FAMILIES[c]: float(first[c]) for c in wholesale.FAMILIES if first[c] > 0
    }
    assert market.accounts.loc[0, "territory"] == wholesale.REGIONS[int(first["Region"])]


def test_a_wrong_file_is_a_sentence_in_both_languages(tmp_path):
    wrong = tmp_path / "clientes.csv"
    wrong.write_text("Channel,Region,Fresh\n1,1,10\n", encoding="utf-8")
    with pytest.raises(kk.KamkitError) as info:
        kk.read_uci_wholesale(wrong)
    assert "has no Milk, Grocery, Frozen, Detergents_Paper, Delicassen column(s)" in str(info.value)
    assert "não tem a(s) coluna(s) Milk" in info.value.text("pt-BR")
    with pytest.raises(kk.KamkitError, match="does not exist"):
        kk.read_uci_wholesale(Path(tmp_path / "nothing.csv"))
