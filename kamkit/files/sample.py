"""The sample market: a plainly fictional Brazilian B2B distributor of industrial supplies.

Every company, person and number in it is invented (company names combine word lists). It is
made to show what the course teaches, analysed as of 2026-09-30:

- revenue is concentrated: the top 10% of buying accounts make well over half of it;
- a large part of the market was never prospected, and many accounts were approached but
  never bought; occasional and regular buyers are both common, and some customers lapsed;
- high-potential accounts that never (or almost never) bought exist in every territory;
- the comfort zone: regular customers get far more visits than high-potential prospects;
- accounts move between stages from quarter to quarter (conversions and lapses);
- territories differ: Nordeste is thinly covered, Rio e Espírito Santo loses more customers;
- account plans have gaps to find: contacts of the top key accounts and of the top of each
  pursuit list, a conquer account mapped without its decision maker, a decision maker who is
  a critic, overdue actions, and a key account planned above its gap.

The market is generated in well under two seconds from a seed, so nothing large needs to be
downloaded; ``data/samples/`` holds the same market as files (``write_sample``).
"""

from __future__ import annotations

import functools
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from kamkit.files.writing import write_market
from kamkit.model.market import Market, Parameters

__all__ = ["SAMPLE_SEED", "generate_sample", "load_sample", "write_sample"]

SAMPLE_SEED = 2009
"""Seed of the sample market (the year of the blog post the course starts from)."""

_START = pd.Timestamp("2023-10-01")  # first month of sales and visits
_N_MONTHS = 36  # Oct 2023 .. Sep 2026
_WINDOW = 24  # month index of Oct 2025, first month of the 12-month window as of 2026-09-30
_N_ACCOUNTS = 3000
_SOURCE = "kamkit sample market (fictional)"

# name: (share of accounts, salespeople, ((city, UF, weight), ...))
_TERRITORIES = {
    "São Paulo Capital": (
        0.20,
        ("Ana Beatriz Moreira", "Rafael Quintela", "Juliana Sampaio"),
        (
            ("São Paulo", "SP", 8),
            ("Guarulhos", "SP", 2),
            ("Osasco", "SP", 1.5),
            ("Santo André", "SP", 1.5),
            ("São Bernardo do Campo", "SP", 1.5),
        ),
    ),
    "São Paulo Interior": (
        0.19,
        ("Marcelo Tavares", "Patrícia Nogueira", "Luís Otávio Prado"),
        (
            ("Campinas", "SP", 4),
            ("Ribeirão Preto", "SP", 2.5),
            ("Sorocaba", "SP", 2),
            ("São José dos Campos", "SP", 2),
            ("Piracicaba", "SP", 1.5),
            ("Bauru", "SP", 1),
            ("São José do Rio Preto", "SP", 1.5),
        ),
    ),
    "Sul": (
        0.18,
        ("Fernanda Kessler", "Gustavo Weber", "Camila Zanella"),
        (
            ("Porto Alegre", "RS", 3),
            ("Caxias do Sul", "RS", 1.5),
            ("Curitiba", "PR", 3),
            ("Londrina", "PR", 1.5),
            ("Maringá", "PR", 1),
            ("Joinville", "SC", 1.5),
            ("Florianópolis", "SC", 1.5),
            ("Blumenau", "SC", 1),
        ),
    ),
    "Minas e Centro-Oeste": (
        0.17,
        ("Thiago Resende", "Vanessa Lacerda", "Otávio Brandão"),
        (
            ("Belo Horizonte", "MG", 4),
            ("Contagem", "MG", 1.5),
            ("Uberlândia", "MG", 1.5),
            ("Juiz de Fora", "MG", 1),
            ("Goiânia", "GO", 2.5),
            ("Brasília", "DF", 2.5),
            ("Campo Grande", "MS", 1),
            ("Cuiabá", "MT", 1),
        ),
    ),
    "Rio e Espírito Santo": (
        0.14,
        ("Bruno Cardoso", "Letícia Fontes"),
        (
            ("Rio de Janeiro", "RJ", 6),
            ("Niterói", "RJ", 1.5),
            ("Duque de Caxias", "RJ", 1.5),
            ("Campos dos Goytacazes", "RJ", 1),
            ("Vitória", "ES", 1.5),
            ("Vila Velha", "ES", 1),
            ("Serra", "ES", 1),
        ),
    ),
    "Nordeste": (
        0.12,
        ("Iara Albuquerque", "Cícero Bezerra"),
        (
            ("Salvador", "BA", 3),
            ("Feira de Santana", "BA", 1),
            ("Recife", "PE", 3),
            ("Fortaleza", "CE", 3),
            ("São Luís", "MA", 1),
            ("Natal", "RN", 1),
            ("João Pessoa", "PB", 1),
            ("Maceió", "AL", 1),
        ),
    ),
}

# name: (share of accounts, size factor, words that open a company name in that segment)
_SEGMENTS = {
    "Indústria": (
        0.24,
        1.5,
        ("Metalúrgica", "Indústria", "Plásticos", "Usinagem", "Fundição", "Têxtil"),
    ),
    "Construção": (
        0.18,
        1.2,
        ("Construtora", "Engenharia", "Incorporadora", "Pré-Moldados", "Obras"),
    ),
    "Agronegócio": (
        0.14,
        1.3,
        ("Agropecuária", "Agroindústria", "Sementes", "Cooperativa", "Granja"),
    ),
    "Saúde": (0.12, 0.8, ("Clínica", "Hospital", "Laboratório", "Policlínica")),
    "Varejo": (0.18, 0.7, ("Supermercado", "Comercial", "Atacarejo", "Magazine", "Empório")),
    "Serviços": (
        0.14,
        0.6,
        ("Transportadora", "Logística", "Manutenção", "Facilities", "Serviços"),
    ),
}

_NAME_WORDS = (
    "Ipê",
    "Sabiá",
    "Jacarandá",
    "Araucária",
    "Carnaúba",
    "Buriti",
    "Tucano",
    "Jatobá",
    "Aroeira",
    "Cambará",
    "Guará",
    "Juriti",
    "Pitanga",
    "Quaresmeira",
    "Seriema",
    "Tangará",
    "Uirapuru",
    "Urucum",
    "Bem-te-vi",
    "Cajá",
    "Canela",
    "Cedro",
    "Figueira",
    "Ingá",
    "Jenipapo",
    "Mandacaru",
    "Oiti",
    "Angico",
    "Baraúna",
    "Caviúna",
)
_NAME_QUALIFIERS = (
    "Azul",
    "Dourado",
    "do Vale",
    "da Serra",
    "Novo",
    "Real",
    "do Sul",
    "do Norte",
    "Alto",
    "Verde",
    "Prata",
    "Central",
    "Bela Vista",
    "do Campo",
    "Nobre",
    "Forte",
)
_NAME_SUFFIXES = ("Ltda", "Ltda", "Ltda", "S.A.", "ME", "EPP")

# family: products
_FAMILIES = {
    "Fixação": (
        "Parafuso sextavado M8",
        "Porca autotravante M10",
        "Bucha náilon 8 mm",
        "Rebite de alumínio 4 mm",
    ),
    "Ferramentas": (
        "Furadeira de impacto 750 W",
        "Jogo de chaves combinadas",
        "Disco de corte 7 pol.",
        "Trena de aço 8 m",
    ),
    "EPI": (
        "Luva nitrílica (cx 100)",
        "Óculos de proteção incolor",
        "Protetor auricular plug",
        "Bota de segurança",
    ),
    "Elétricos": (
        "Cabo flexível 2,5 mm (100 m)",
        "Disjuntor bipolar 32 A",
        "Luminária LED 40 W",
        "Tomada industrial 3P",
    ),
    "Hidráulica": (
        "Tubo PVC 50 mm (6 m)",
        "Registro de esfera 1 pol.",
        "Mangueira 3/4 (50 m)",
        "Conexão em T 32 mm",
    ),
    "Químicos": (
        "Desengraxante industrial 5 L",
        "Lubrificante spray 300 ml",
        "Detergente alcalino 20 L",
        "Selante de silicone",
    ),
}

# Latent behaviour of each account; the lifecycle stages emerge from it.
_TYPES = ("untouched", "approached", "converter", "regular", "occasional", "lapsed", "churner")
_TYPE_PROBS = np.array([0.33, 0.125, 0.018, 0.235, 0.21, 0.065, 0.017])
# Territory tweaks: Nordeste is thinly covered, Rio e Espírito Santo loses more customers.
_WEAK_COVERAGE = "Nordeste"
_MORE_LAPSED = "Rio e Espírito Santo"
# Size (log of annual wallet) offsets by type: loyal customers tend to be bigger, and big
# accounts are also among those never won.
_TYPE_SIZE = np.array([0.15, 0.25, 0.2, 0.35, -0.1, 0.0, 0.1])

_KINDS = ("visit", "call", "email", "meeting")
_CUSTOMER_OUTCOMES = (
    "pedido fechado",
    "orçamento enviado",
    "acompanhamento",
    "reclamação resolvida",
    "sem novidade",
)
_PROSPECT_OUTCOMES = (
    "primeiro contato",
    "apresentação feita",
    "orçamento enviado",
    "sem interesse no momento",
    "retornar depois",
    "não atendeu",
)
_NOTES = {
    "pedido fechado": (
        "Pedido de {f} fechado com o comprador",
        "Reposição mensal de {f} confirmada",
        "Fechou pedido após ajuste de prazo",
    ),
    "orçamento enviado": (
        "Cotação de {f} enviada",
        "Pediu orçamento de {f} para a nova obra",
        "Orçamento revisado com desconto por volume",
    ),
    "acompanhamento": (
        "Contato de relacionamento",
        "Conferido estoque de {f}",
        "Conversa sobre a previsão do próximo trimestre",
    ),
    "reclamação resolvida": (
        "Atraso na entrega resolvido",
        "Troca de {f} com defeito combinada",
        "Nota fiscal corrigida",
    ),
    "sem novidade": ("Comprador sem demanda no momento", "Sem novidades; retornar no mês que vem"),
    "primeiro contato": (
        "Primeiro contato com o setor de compras",
        "Apresentada a empresa ao comprador",
        "Identificado o comprador responsável",
    ),
    "apresentação feita": (
        "Apresentado o catálogo de {f}",
        "Demonstração de {f} agendada",
        "Catálogo completo enviado",
    ),
    "sem interesse no momento": (
        "Tem fornecedor fixo de {f}",
        "Sem interesse no momento",
        "Preço acima do fornecedor atual",
    ),
    "retornar depois": (
        "Comprador em férias; retornar",
        "Pediu para ligar no próximo mês",
        "Aguardando aprovação do orçamento anual",
    ),
    "não atendeu": ("Ninguém atendeu", "Recado deixado com a recepção"),
}


def generate_sample(seed: int = SAMPLE_SEED) -> Market:
    """Generate the sample market: about 3,000 accounts of a fictional Brazilian distributor.

    Parameters
    ----------
    seed : int, default 2009
        Seed of the random generator; the same seed always gives the same market.

    Returns
    -------
    Market
        Accounts in 6 territories (prospects included), three years of monthly sales from
        2023-10-01 to 2026-09-30 with a few returns, and the visit log of the same period.
        Parameters are the defaults (``as_of`` blank, so it resolves to 2026-09-30). With the
        default seed, the account-plan tables too: contacts of the top 3 key accounts and
        the top 3 of the pursuit list of each territory, and plans with their actions for
        about half of them (other seeds leave them empty: the planned accounts are chosen
        for this seed's market).

    See Also
    --------
    load_sample : the sample with the default seed, generated once per process.

    Examples
    --------
    >>> m = generate_sample()
    >>> m.as_of
    Timestamp('2026-09-30 00:00:00')
    """
    rng = np.random.default_rng(seed)
    accounts, kind, wallet, share, plan = _accounts(rng)
    buys, prob = _purchase_months(rng, kind, plan)
    sales = _sales(rng, accounts, kind, wallet, share, buys, prob)
    visits = _visits(rng, accounts, kind, buys, plan)
    accounts["potential"] = _recorded_potential(rng, wallet)
    accounts = accounts.drop(columns="_type")
    plan = {}
    if seed == SAMPLE_SEED:  # the planned accounts are those of this seed's market
        plan = _plan_tables(np.random.default_rng([seed, _PLAN_SEED]), accounts, sales, visits)
    return Market.from_frames(
        sales=sales,
        accounts=accounts,
        visits=visits,
        parameters=Parameters(),
        source=_SOURCE,
        **plan,
    )


@functools.lru_cache(maxsize=1)
def _cached_sample() -> Market:
    return generate_sample()


def load_sample() -> Market:
    """The sample market (``generate_sample()`` with the default seed).

    The market is generated once per process; each call returns a new ``Market`` holding
    copies of the cached tables, so changing a returned DataFrame never affects later calls.

    Examples
    --------
    >>> m = load_sample()
    >>> len(m.accounts)
    3000
    """
    m = _cached_sample()
    return replace(
        m,
        accounts=m.accounts.copy(),
        sales=m.sales.copy(),
        visits=m.visits.copy(),
        contacts=m.contacts.copy(),
        plans=m.plans.copy(),
        actions=m.actions.copy(),
    )


def write_sample(directory: str | os.PathLike) -> list[Path]:
    """Write the sample market into ``directory``: ``kamkit_sample.xlsx`` and ``csv/*.csv``.

    This is how ``data/samples/`` in the repository is made (``kamkit sample DIR`` calls it).

    Returns
    -------
    list of Path
        The workbook, then the CSV files (accounts, sales, visits, contacts, plans, actions,
        parameters).
    """
    directory = Path(directory)
    market = _cached_sample()
    written = write_market(market, directory / "kamkit_sample.xlsx", language="en")
    written += write_market(market, directory / "csv", language="en")
    return written


# --------------------------------------------------------------------------------------------
# Accounts


def _accounts(rng: np.random.Generator):
    n = _N_ACCOUNTS
    names = list(_TERRITORIES)
    weights = np.array([t[0] for t in _TERRITORIES.values()])
    territory = rng.choice(len(names), size=n, p=weights / weights.sum())

    seg_names = list(_SEGMENTS)
    seg_w = np.array([s[0] for s in _SEGMENTS.values()])
    segment = rng.choice(len(seg_names), size=n, p=seg_w / seg_w.sum())

    # Latent type, with the territory tweaks.
    kind = np.empty(n, dtype=int)
    for t, tname in enumerate(names):
        p = _TYPE_PROBS.copy()
        if tname == _WEAK_COVERAGE:
            p[0] *= 1.6  # far more accounts nobody ever contacted
            p[3] *= 0.8
        if tname == _MORE_LAPSED:
            p[5] *= 2.2
            p[6] *= 2.0
        rows = np.flatnonzero(territory == t)
        kind[rows] = rng.choice(len(_TYPES), size=rows.size, p=p / p.sum())

    # Annual wallet (true potential): lognormal, by segment and type.
    size = np.array([s[1] for s in _SEGMENTS.values()])[segment]
    wallet = np.exp(np.log(85_000) + 1.12 * rng.standard_normal(n) + _TYPE_SIZE[kind]) * size
    # Share of wallet each customer type gives us.
    share = np.select(
        [kind == 3, kind == 4, kind == 5, kind == 6, kind == 2],
        [
            rng.beta(2.2, 3.0, n) * 0.85 + 0.05,
            rng.uniform(0.03, 0.2, n),
            rng.uniform(0.05, 0.4, n),
            rng.uniform(0.1, 0.5, n),
            rng.uniform(0.05, 0.2, n),
        ],
        0.0,
    )

    salesperson = np.empty(n, dtype=object)
    city = np.empty(n, dtype=object)
    state = np.empty(n, dtype=object)
    for t, (_name, (_, people, cities)) in enumerate(_TERRITORIES.items()):
        rows = np.flatnonzero(territory == t)
        salesperson[rows] = np.array(people, dtype=object)[rng.integers(0, len(people), rows.size)]
        cw = np.array([c[2] for c in cities], dtype=float)
        pick = rng.choice(len(cities), size=rows.size, p=cw / cw.sum())
        city[rows] = np.array([c[0] for c in cities], dtype=object)[pick]
        state[rows] = np.array([c[1] for c in cities], dtype=object)[pick]

    # Invented, unique company names: segment word + tree/bird + qualifier + legal suffix.
    name = np.empty(n, dtype=object)
    for s, (_, _, opener) in enumerate(_SEGMENTS.values()):
        rows = np.flatnonzero(segment == s)
        space = len(opener) * len(_NAME_WORDS) * len(_NAME_QUALIFIERS)
        code = rng.choice(space, size=rows.size, replace=False)
        a, rest = np.divmod(code, len(_NAME_WORDS) * len(_NAME_QUALIFIERS))
        b, c = np.divmod(rest, len(_NAME_QUALIFIERS))
        suffix = rng.integers(0, len(_NAME_SUFFIXES), rows.size)
        name[rows] = [
            f"{opener[i]} {_NAME_WORDS[j]} {_NAME_QUALIFIERS[k]} {_NAME_SUFFIXES[x]}"
            for i, j, k, x in zip(a, b, c, suffix)
        ]

    numbers = np.sort(rng.choice(np.arange(1, 5000), size=n, replace=False))
    account_id = [f"C-{v:05d}" for v in numbers]
    accounts = pd.DataFrame(
        {
            "account_id": account_id,
            "name": name,
            "territory": np.array(names, dtype=object)[territory],
            "salesperson": salesperson,
            "segment": np.array(seg_names, dtype=object)[segment],
            "potential": np.nan,
            "city": city,
            "state": state,
            "_type": kind,
        }
    )
    plan = _timing(rng, kind)
    return accounts, kind, wallet, share, plan


def _timing(rng: np.random.Generator, kind: np.ndarray) -> dict[str, np.ndarray]:
    """First and last active month of each buyer (month 0 = Oct 2023, 35 = Sep 2026)."""
    n = kind.size
    start = np.where(rng.random(n) < 0.82, 0, rng.integers(1, 22, n))
    end = np.full(n, _N_MONTHS - 1)
    # occasional buyers may also be fairly new
    occ = kind == 4
    start[occ] = np.where(rng.random(n) < 0.75, 0, rng.integers(1, 30, n))[occ]
    lapsed = kind == 5
    start[lapsed] = np.where(rng.random(n) < 0.7, 0, rng.integers(1, 14, n))[lapsed]
    end[lapsed] = np.minimum(start + rng.integers(0, 14, n), 20)[lapsed]
    churn = kind == 6  # last purchase in Jul-Sep 2025: active as of 2026-06-30, lapsed by 09-30
    start[churn] = 0
    end[churn] = rng.integers(21, 24, n)[churn]
    conv = kind == 2  # first purchase in Jul-Sep 2026
    start[conv] = rng.integers(33, 36, n)[conv]
    never = (kind == 0) | (kind == 1)
    start[never] = -1
    end[never] = -1
    return {"start": start, "end": end}


def _recorded_potential(rng: np.random.Generator, wallet: np.ndarray) -> np.ndarray:
    """The potential on file: a rounded, noisy view of the wallet; blank for about 15%."""
    n = wallet.size
    noisy = wallet * np.exp(0.25 * rng.standard_normal(n))
    recorded = np.maximum(np.round(noisy, -3), 5_000.0)
    recorded[rng.random(n) < 0.15] = np.nan
    return recorded


# --------------------------------------------------------------------------------------------
# Sales


def _purchase_months(rng: np.random.Generator, kind: np.ndarray, plan: dict):
    n = kind.size
    prob = np.select(
        [kind == 3, kind == 4, kind == 5, kind == 6, kind == 2],
        [
            rng.uniform(0.62, 0.98, n),
            rng.uniform(0.04, 0.28, n),
            rng.uniform(0.1, 0.7, n),
            rng.uniform(0.3, 0.9, n),
            np.full(n, 0.6),
        ],
        0.0,
    )
    month = np.arange(_N_MONTHS)
    start, end = plan["start"][:, None], plan["end"][:, None]
    active = (month >= start) & (month <= end) & (start >= 0)
    buys = active & (rng.random((n, _N_MONTHS)) < prob[:, None])
    rows = np.flatnonzero(start[:, 0] >= 0)
    buys[rows, start[rows, 0]] = True
    buys[rows, end[rows, 0]] = True
    # every occasional buyer bought at least once in the window
    occ = np.flatnonzero(kind == 4)
    lo = np.maximum(plan["start"][occ], _WINDOW)
    buys[occ, rng.integers(lo, _N_MONTHS)] = True
    return buys, prob


def _business_days() -> list[np.ndarray]:
    """Weekdays of each month of the period, as datetime64[D]."""
    out = []
    for m in range(_N_MONTHS):
        first = (_START + pd.DateOffset(months=m)).to_datetime64().astype("datetime64[D]")
        last = (_START + pd.DateOffset(months=m + 1)).to_datetime64().astype("datetime64[D]")
        days = np.arange(first, last)
        out.append(days[np.is_busday(days)])
    return out


def _pick_days(rng: np.random.Generator, months: np.ndarray, days: list[np.ndarray]) -> np.ndarray:
    counts = np.array([d.size for d in days])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    flat = np.concatenate(days)
    pick = offsets[months] + (rng.random(months.size) * counts[months]).astype(int)
    return flat[pick]


def _sales(rng, accounts, kind, wallet, share, buys, prob) -> pd.DataFrame:
    n = kind.size
    acc, month = np.nonzero(buys)
    # Value of a purchase month: the yearly spend spread over the months the account buys.
    per_month = wallet * share / (12 * np.maximum(prob, 0.2))
    value = per_month[acc] * np.exp(0.35 * rng.standard_normal(acc.size))
    lines = 1 + rng.poisson(np.clip(0.55 * np.log(value / 2_500), 0, 3.5))
    line_acc = np.repeat(acc, lines)
    line_month = np.repeat(month, lines)
    weight = rng.exponential(1.0, line_acc.size)
    group = np.repeat(np.arange(acc.size), lines)
    total = np.bincount(group, weight)
    amount = np.repeat(value, lines) * weight / total[group]

    # Each account buys from a few families; bigger accounts from more of them.
    fam_names = list(_FAMILIES)
    nfam = len(fam_names)
    pref = rng.dirichlet(np.full(nfam, 0.6), n)
    fam_of_line = _choose_rows(rng, pref[line_acc])
    prod_of_line = rng.integers(0, 4, line_acc.size)
    product = np.array([[p for p in _FAMILIES[f]] for f in fam_names], dtype=object)

    days = _business_days()
    date = _pick_days(rng, line_month, days)

    # Returns: about 2% of lines come back, part of the amount, the same or next month.
    ret = np.flatnonzero(rng.random(line_acc.size) < 0.02)
    ret_month = np.minimum(line_month[ret] + (rng.random(ret.size) < 0.5), _N_MONTHS - 1)
    ret_date = _pick_days(rng, ret_month, days)
    ret_date = np.maximum(ret_date, date[ret])
    ret_amount = -amount[ret] * rng.uniform(0.1, 0.6, ret.size)

    all_acc = np.concatenate([line_acc, line_acc[ret]])
    all_fam = np.concatenate([fam_of_line, fam_of_line[ret]])
    all_prod = np.concatenate([prod_of_line, prod_of_line[ret]])
    all_date = np.concatenate([date, ret_date])
    all_amount = np.round(np.concatenate([amount, ret_amount]), 2)
    # The period ends on 2026-09-30: make sure the last invoice is dated that day.
    last = np.flatnonzero(line_month == _N_MONTHS - 1)[0]
    all_date[last] = np.datetime64("2026-09-30")

    ids = accounts["account_id"].to_numpy(dtype=object)
    sales = pd.DataFrame(
        {
            "account_id": ids[all_acc],
            "date": all_date.astype("datetime64[ns]"),
            "amount": all_amount,
            "product": product[all_fam, all_prod],
            "family": np.array(fam_names, dtype=object)[all_fam],
        }
    )
    order = np.lexsort((sales["amount"].to_numpy(), all_acc, all_date))
    return sales.iloc[order].reset_index(drop=True)


def _choose_rows(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """One category per row of the probability matrix ``p``."""
    cum = np.cumsum(p, axis=1)
    u = rng.random(p.shape[0]) * cum[:, -1]
    return np.minimum((cum < u[:, None]).sum(axis=1), p.shape[1] - 1)


# --------------------------------------------------------------------------------------------
# Visits


def _visits(rng, accounts, kind, buys, plan) -> pd.DataFrame:
    n = kind.size
    month = np.arange(_N_MONTHS)[None, :]
    start, end = plan["start"][:, None], plan["end"][:, None]
    territory = accounts["territory"].to_numpy()
    coverage = np.where(territory == _WEAK_COVERAGE, 0.55, 1.0)[:, None]

    rate = np.zeros((n, _N_MONTHS))
    # regular customers: the comfort zone
    rate += np.where((kind == 3)[:, None] & (month >= start), 0.95, 0.0)
    rate += np.where((kind == 4)[:, None] & (month >= start), 0.22, 0.0)
    former = ((kind == 5) | (kind == 6))[:, None]
    rate += np.where(former & (month <= end), 0.45, 0.0)
    rate += np.where(former & (month > end), 0.04, 0.0)
    rate += np.where((kind == 2)[:, None] & (month >= start), 0.8, 0.0)
    # some regular customers were left alone for the last 4-9 months
    neglected = (kind == 3) & (rng.random(n) < 0.12)
    quiet_from = _N_MONTHS - rng.integers(4, 9, n)
    rate[neglected[:, None] & (month >= quiet_from[:, None])] = 0.0
    counts = rng.poisson(rate * coverage)

    # Prospects approached (and converters before their first purchase): a few contacts
    # within a short stretch of months.
    prospect = np.flatnonzero((kind == 1) | (kind == 2))
    first = rng.integers(0, _N_MONTHS, prospect.size)
    conv = kind[prospect] == 2
    first[conv] = np.maximum(plan["start"][prospect][conv] - rng.integers(0, 10, conv.sum()), 0)
    span = rng.integers(0, 10, prospect.size)
    last = np.minimum(first + span, _N_MONTHS - 1)
    last[conv] = np.minimum(last[conv], plan["start"][prospect][conv])
    k = 1 + rng.poisson(1.3, prospect.size)
    rows = np.repeat(prospect, k)
    lo, hi = np.repeat(first, k), np.repeat(last, k)
    months = lo + (rng.random(rows.size) * (hi - lo + 1)).astype(int)
    np.add.at(counts, (rows, months), 1)

    acc, m = np.nonzero(counts)
    reps = counts[acc, m]
    v_acc = np.repeat(acc, reps)
    v_month = np.repeat(m, reps)
    nv = v_acc.size

    date = _pick_days(rng, v_month, _business_days())

    first_buy = np.where(buys.any(axis=1), buys.argmax(axis=1), _N_MONTHS)
    is_customer = v_month >= first_buy[v_acc]
    kind_idx = _choose_rows(
        rng, np.where(is_customer[:, None], [0.45, 0.30, 0.15, 0.10], [0.5, 0.3, 0.15, 0.05])
    )
    c_out = rng.choice(len(_CUSTOMER_OUTCOMES), nv, p=[0.3, 0.2, 0.3, 0.08, 0.12])
    p_out = rng.choice(len(_PROSPECT_OUTCOMES), nv, p=[0.25, 0.2, 0.15, 0.15, 0.15, 0.1])
    outcome = np.where(
        is_customer,
        np.array(_CUSTOMER_OUTCOMES, dtype=object)[c_out],
        np.array(_PROSPECT_OUTCOMES, dtype=object)[p_out],
    )

    fam_names = list(_FAMILIES)
    fam = rng.integers(0, len(fam_names), nv)
    pick = rng.random(nv)
    blank = rng.random(nv) < 0.25
    notes = [
        None if b else _NOTES[o][int(u * len(_NOTES[o]))].format(f=fam_names[f])
        for o, f, u, b in zip(outcome, fam, pick, blank)
    ]

    # Usually the account's own salesperson; now and then a colleague of the territory.
    owner = accounts["salesperson"].to_numpy(dtype=object)[v_acc]
    colleague = rng.random(nv) < 0.06
    team = {t: np.array(v[1], dtype=object) for t, v in _TERRITORIES.items()}
    terr = territory[v_acc]
    who = owner.copy()
    for t, people in team.items():
        rows = np.flatnonzero(colleague & (terr == t))
        who[rows] = people[rng.integers(0, len(people), rows.size)]

    ids = accounts["account_id"].to_numpy(dtype=object)
    visits = pd.DataFrame(
        {
            "account_id": ids[v_acc],
            "date": date.astype("datetime64[ns]"),
            "kind": np.array(_KINDS, dtype=object)[kind_idx],
            "salesperson": who,
            "outcome": outcome,
            "notes": notes,
        }
    )
    order = np.lexsort((kind_idx, v_acc, date))
    return visits.iloc[order].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Account plans: contacts, objectives and actions for the accounts a team plans first

# The accounts with contacts, per territory: the top 3 key accounts (quadrant ``key``, by
# window revenue) and the top 3 of the pursuit list (``kk.pursuit_list(market, top=3)``) as of
# 2026-09-30. They are listed here, not computed, because the sample is made below the
# analysis layer; tests/test_plan_tables.py checks that they are still those accounts.
_KEY_ACCOUNTS = {
    "Minas e Centro-Oeste": ("C-04175", "C-02269", "C-02607"),
    "Nordeste": ("C-01013", "C-03470", "C-03129"),
    "Rio e Espírito Santo": ("C-01352", "C-04966", "C-04145"),
    "Sul": ("C-02540", "C-04613", "C-00881"),
    "São Paulo Capital": ("C-03893", "C-03227", "C-04316"),
    "São Paulo Interior": ("C-00428", "C-04805", "C-01177"),
}
_PURSUIT_TOP = {
    "Minas e Centro-Oeste": ("C-01468", "C-01110", "C-03896"),
    "Nordeste": ("C-04500", "C-02016", "C-00843"),
    "Rio e Espírito Santo": ("C-01028", "C-04599", "C-00291"),
    "Sul": ("C-03811", "C-01650", "C-00506"),
    "São Paulo Capital": ("C-01238", "C-03432", "C-02250"),
    "São Paulo Interior": ("C-01552", "C-00109", "C-01800"),
}
# What the lessons find in them: conquer accounts mapped without a decision maker, conquer
# accounts whose decision maker is a critic, and a key account planned above its gap.
_NO_DECISION_MAKER = ("C-01650", "C-02250")
_CRITIC_DECISION_MAKER = ("C-01028", "C-00109")
_TARGET_ABOVE_GAP = "C-04613"
_PLAN_SEED = 14  # mixed with the sample's seed: the plan tables draw from their own stream

# (first name, "f" or "m"): with the surnames, plainly fictional people
_FIRST_NAMES = (
    ("Rita", "f"),
    ("Jorge", "m"),
    ("Cláudia", "f"),
    ("Edson", "m"),
    ("Marta", "f"),
    ("Roberto", "m"),
    ("Sílvia", "f"),
    ("Anderson", "m"),
    ("Denise", "f"),
    ("Wagner", "m"),
    ("Priscila", "f"),
    ("Hélio", "m"),
    ("Simone", "f"),
    ("Reinaldo", "m"),
    ("Tatiane", "f"),
    ("Valter", "m"),
    ("Elaine", "f"),
    ("Gilberto", "m"),
    ("Luciana", "f"),
    ("Márcio", "m"),
    ("Sandra", "f"),
    ("Rogério", "m"),
    ("Adriana", "f"),
    ("Fábio", "m"),
)
_SURNAMES = (
    "Prates",
    "Arruda",
    "Siqueira",
    "Bastos",
    "Caldeira",
    "Damasceno",
    "Esteves",
    "Falcão",
    "Godoy",
    "Junqueira",
    "Meireles",
    "Nóbrega",
    "Pacheco",
    "Queiroz",
    "Toledo",
    "Vilela",
    "Xavier",
    "Coutinho",
    "Ferraz",
    "Guedes",
    "Macedo",
    "Paiva",
    "Rangel",
    "Teixeira",
)
# job titles by buying influence: (masculine, feminine)
_ROLES = {
    "decision_maker": (
        ("Diretor Industrial", "Diretora Industrial"),
        ("Diretor de Operações", "Diretora de Operações"),
        ("Gerente de Suprimentos", "Gerente de Suprimentos"),
        ("Sócio-diretor", "Sócia-diretora"),
    ),
    "buyer": (
        ("Comprador", "Compradora"),
        ("Analista de Compras", "Analista de Compras"),
        ("Coordenador de Compras", "Coordenadora de Compras"),
    ),
    "influencer": (
        ("Engenheiro de Segurança", "Engenheira de Segurança"),
        ("Gerente de Manutenção", "Gerente de Manutenção"),
        ("Técnico de Segurança do Trabalho", "Técnica de Segurança do Trabalho"),
    ),
    "user": (
        ("Encarregado de Almoxarifado", "Encarregada de Almoxarifado"),
        ("Supervisor de Produção", "Supervisora de Produção"),
    ),
    "gatekeeper": (
        ("Secretário da Diretoria", "Secretária da Diretoria"),
        ("Recepcionista", "Recepcionista"),
        ("Assistente de Compras", "Assistente de Compras"),
    ),
}
_OBJECTIVES = {
    "new": (
        "Primeiro pedido de {f} até dezembro",
        "Homologar a empresa como fornecedora",
        "Apresentar a linha completa ao decisor e fechar o primeiro pedido",
    ),
    "started": (
        "Transformar a cotação de {f} em pedido",
        "Voltar a comprar todo mês",
        "Recuperar o volume do ano passado",
    ),
    "grow": (
        "Ampliar a participação em {f}",
        "Entrar na linha de {f}",
        "Contrato anual de reposição de {f}",
    ),
    "defend": ("Renovar o contrato anual", "Defender o volume atual"),
}
_ACTIONS = (
    ("Agendar visita com {c}", True),
    ("Apresentar o catálogo de {f}", True),
    ("Enviar proposta comercial de {f}", True),
    ("Levar amostras de {f}", True),
    ("Reunião de alinhamento com Compras", False),
    ("Visita técnica à fábrica", False),
    ("Negociar condições de pagamento", True),
    ("Mapear quem aprova as compras", False),
)


def _plan_tables(
    rng: np.random.Generator, accounts: pd.DataFrame, sales: pd.DataFrame, visits: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Contacts for the top 3 key accounts and the top 3 of the pursuit list of each territory
    (2-5 each), and for about half of them a plan (an objective with a target) with 2-4
    actions, some overdue at 2026-09-30, some done."""
    as_of = pd.Timestamp("2026-09-30")
    window = sales[sales["date"] > as_of - pd.DateOffset(months=12)]
    bought = window[window["amount"] > 0].groupby("account_id")["family"].agg(set).to_dict()
    revenue = window.groupby("account_id")["amount"].sum()
    visit_days = visits[visits["date"] <= as_of].groupby("account_id")["date"].agg(list).to_dict()
    info = accounts.set_index("account_id")
    families = list(_FAMILIES)
    names = iter(rng.permutation(len(_FIRST_NAMES) * len(_SURNAMES)).tolist())  # each once
    contacts, plans, actions = [], [], []
    for t, territory in enumerate(sorted(_KEY_ACCOUNTS)):
        # planned: key #1 and pursuit #1 everywhere, then key #2 or pursuit #2 in turn
        planned = {_KEY_ACCOUNTS[territory][0], _PURSUIT_TOP[territory][0]}
        planned.add(_KEY_ACCOUNTS[territory][1] if t % 2 else _PURSUIT_TOP[territory][1])
        team = _TERRITORIES[territory][1]
        for role, ids in (("key", _KEY_ACCOUNTS[territory]), ("conquer", _PURSUIT_TOP[territory])):
            for account in ids:
                days = visit_days.get(account, [])
                people = _contacts_of(rng, account, role, days, names)
                contacts += people
                if account not in planned:
                    continue
                others = [f for f in families if f not in bought.get(account, set())] or families
                family = others[int(rng.integers(len(others)))]
                potential = info.at[account, "potential"]
                gap = max(float(potential) - float(revenue.get(account, 0.0)), 0.0)
                plans += _objectives(rng, account, role, family, gap, account in revenue.index)
                owner = info.at[account, "salesperson"]
                actions += _actions_of(rng, account, owner, team, family, people, as_of, days)
    return {
        "contacts": pd.DataFrame(contacts),
        "plans": pd.DataFrame(plans),
        "actions": pd.DataFrame(actions),
    }


def _contacts_of(rng, account: str, role: str, days: list, names) -> list[dict]:
    n = int(rng.integers(2, 6))
    if account in _NO_DECISION_MAKER:
        influences = ["buyer", "gatekeeper", "user", "influencer"][: max(n - 1, 2)]
    else:
        rest = rng.choice(["influencer", "user", "gatekeeper", "influencer"], size=n - 2)
        influences = ["decision_maker", "buyer", *rest.tolist()]
    days = sorted(days)
    out = []
    for k, (influence, code) in enumerate(zip(influences, names)):
        (first, gender), surname = (
            _FIRST_NAMES[code // len(_SURNAMES)],
            _SURNAMES[code % len(_SURNAMES)],
        )
        titles = _ROLES[influence][int(rng.integers(len(_ROLES[influence])))]
        if role == "key":
            relationship = rng.choice(
                ["advocate", "supporter", "neutral", "critic"], p=[0.3, 0.45, 0.2, 0.05]
            )
        elif not days:
            relationship = None  # never talked to: attitude unknown
        else:
            relationship = rng.choice(["supporter", "neutral", "critic"], p=[0.3, 0.55, 0.15])
        if influence == "decision_maker" and account in _CRITIC_DECISION_MAKER:
            relationship = "critic"
        last = None
        if days and (k == 1 or rng.random() < 0.7):  # the buyer is who the visits see
            last = days[-1] if k == 1 else days[int(rng.integers(len(days)))]
        out.append(
            {
                "account_id": account,
                "name": f"{first} {surname}",
                "role": titles[1 if gender == "f" else 0],
                "influence": influence,
                "relationship": relationship,
                "last_contact": pd.Timestamp(last).normalize() if last is not None else None,
            }
        )
    return out


def _objectives(rng, account: str, role: str, family: str, gap: float, bought: bool) -> list[dict]:
    if role == "conquer":
        kind, share = ("started" if bought else "new"), rng.uniform(0.15, 0.5)
    elif gap > 0:
        kind, share = "grow", rng.uniform(0.3, 0.8)
    else:
        kind, share = "defend", None
    if account == _TARGET_ABOVE_GAP:
        share = 1.3
    words = _OBJECTIVES[kind]
    target = None if share is None else float(np.round(gap * share, -3))
    review = pd.Timestamp("2026-09-30") + pd.Timedelta(days=int(rng.integers(20, 80)))
    return [
        {
            "account_id": account,
            "objective": words[int(rng.integers(len(words)))].format(f=family),
            "target": target,
            "review_date": review,
        }
    ]


def _actions_of(rng, account, owner, team, family, people, as_of, days) -> list[dict]:
    n = int(rng.integers(2, 5))
    chosen = rng.choice(len(_ACTIONS), size=n, replace=False)
    deciders = [p["name"] for p in people if p["influence"] == "decision_maker"]
    out = []
    for a in chosen:
        text, aimed = _ACTIONS[a]
        contact = None
        if aimed and rng.random() < 0.7:
            contact = (deciders or [p["name"] for p in people])[0] if "{c}" in text else None
            if contact is None:
                contact = people[int(rng.integers(len(people)))]["name"]
        elif "{c}" in text:
            contact = (deciders or [people[0]["name"]])[0]
        due = as_of + pd.Timedelta(days=int(rng.integers(-40, 75)))
        if due < as_of and not days:  # nobody has talked to the account yet: overdue
            status = "open"
        elif due < as_of:
            status = rng.choice(
                ["done", "in_progress", "open", "cancelled"], p=[0.5, 0.2, 0.25, 0.05]
            )
        else:
            status = rng.choice(["open", "in_progress", "cancelled"], p=[0.6, 0.35, 0.05])
        who = owner if rng.random() < 0.8 else team[int(rng.integers(len(team)))]
        out.append(
            {
                "account_id": account,
                "action": text.format(f=family, c=contact or ""),
                "owner": who,
                "due_date": due,
                "status": str(status),
                "contact": contact,
            }
        )
    return out
