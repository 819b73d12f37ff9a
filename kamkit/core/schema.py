"""The whole-market data model: one definition for loaders, validation, docs and templates.

Everything that knows a table name, a column name, a header spelling or a parameter default
reads it from here. The README's data-model table and the Excel template are generated from
these objects, so they cannot drift apart.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "Column",
    "Table",
    "Parameter",
    "TABLES",
    "PARAMETERS",
    "ACCOUNT_ATTRIBUTES",
    "SEGMENT_COLUMNS",
    "PLAN_TABLES",
    "INFLUENCES",
    "RELATIONSHIPS",
    "ACTION_STATUSES",
    "normalise_header",
]


def normalise_header(text: object) -> str:
    """Fold a header or sheet name for matching: no accents, lower case, ``_`` for blanks.

    >>> normalise_header("  Território ")
    'territorio'
    >>> normalise_header("Código do Cliente")
    'codigo_do_cliente'
    """
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    s = s.strip().lower()
    for ch in " -./":
        s = s.replace(ch, "_")
    while "__" in s:
        s = s.replace("__", "_")
    return s.strip("_")


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``kind`` is one of ``id`` (text that keeps leading zeros), ``text``, ``number``, ``date``.
    ``aliases`` are other header spellings accepted on load (Portuguese ones included);
    matching ignores case, accents and spacing.
    A text column with ``choices`` takes only those words (its values in a loaded market are
    the English codes); ``choices_pt`` are the Portuguese words, in the same order, which load
    as well (matching ignores case, accents and spacing, like headers).
    """

    name: str
    kind: str
    required: bool
    meaning: str
    label_pt: str
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    choices_pt: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        """All normalised header spellings that load into this column."""
        names = (self.name, self.label_pt, *self.aliases)
        return tuple(dict.fromkeys(normalise_header(n) for n in names))


@dataclass(frozen=True)
class Table:
    """One table of the model; ``sheet_pt`` is its Portuguese sheet/file name."""

    name: str
    sheet: str
    sheet_pt: str
    required: bool
    meaning: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def spellings(self) -> tuple[str, ...]:
        """Normalised sheet or file names that load into this table."""
        return tuple(dict.fromkeys(normalise_header(n) for n in (self.name, self.sheet_pt)))


_ACCOUNT_ID_ALIASES = (
    "account",
    "conta",
    "id_conta",
    "id_cliente",
    "codigo_cliente",
    "cod_cliente",
    "codigo",
    "cod",
    "customer_id",
    "customer",
    "cliente",
)
_SALESPERSON_ALIASES = ("vendedor", "vendedora", "representante", "rep", "sales_rep", "owner")


def _table(
    name: str, sheet: str, sheet_pt: str, meaning: str, whose: str, *columns, required=False
) -> Table:
    """A table of the model; every table starts with the required ``account_id`` column
    (``whose``: the meaning of its code in this table), then ``columns``."""
    code = Column("account_id", "id", True, whose, "conta", _ACCOUNT_ID_ALIASES)
    return Table(name, sheet, sheet_pt, required, meaning, (code, *columns))


def _choice(
    name: str, lead: str, label_pt: str, aliases: tuple[str, ...], choices, choices_pt, end="."
) -> Column:
    """An optional text column that takes only ``choices`` (or their Portuguese ``choices_pt``);
    its meaning is ``lead``, a colon and the codes."""
    meaning = f"{lead}: {', '.join(choices)}{end}"
    return Column(name, "text", False, meaning, label_pt, aliases, choices, choices_pt)


ACCOUNTS = _table(
    "accounts",
    "Accounts",
    "Contas",
    "Every account in the market, prospects that never bought included.",
    "Unique account code (text; leading zeros kept).",
    Column(
        "name",
        "text",
        True,
        "Account (company) name.",
        "nome",
        ("razao_social", "nome_cliente", "account_name", "company", "nome_fantasia", "cliente"),
    ),
    Column(
        "territory",
        "text",
        True,
        "Sales territory the account belongs to.",
        "território",
        ("regiao", "region", "area"),
    ),
    Column(
        "salesperson",
        "text",
        False,
        "Salesperson responsible for the account.",
        "vendedor",
        _SALESPERSON_ALIASES[1:],
    ),
    Column(
        "segment",
        "text",
        False,
        "Market segment, used to estimate missing potential.",
        "segmento",
        ("setor", "ramo", "industry"),
    ),
    Column(
        "potential",
        "number",
        False,
        "Estimated annual purchase potential (wallet) in the currency; may be blank.",
        "potencial",
        ("potencial_anual", "wallet", "annual_potential"),
    ),
    Column("city", "text", False, "City.", "cidade", ("municipio",)),
    Column("state", "text", False, "State (UF).", "estado", ("uf",)),
)

SALES = _table(
    "sales",
    "Sales",
    "Vendas",
    "Invoice lines: one row per invoice (or invoice line).",
    "Account code of the buyer.",
    Column(
        "date",
        "date",
        True,
        "Invoice date (a time of day is allowed).",
        "data",
        ("data_emissao", "emissao", "data_nf", "invoice_date", "data_venda"),
    ),
    Column(
        "amount",
        "number",
        True,
        "Net amount in the currency; negative for a return or credit note.",
        "valor",
        ("valor_liquido", "valor_total", "total", "net_amount", "receita", "faturamento"),
    ),
    Column("product", "text", False, "Product or SKU.", "produto", ("sku", "item")),
    Column(
        "family",
        "text",
        False,
        "Product family.",
        "família",
        ("linha", "categoria", "product_family"),
    ),
    required=True,
)

VISITS = _table(
    "visits",
    "Visits",
    "Visitas",
    "The visit card / CRM interaction log: one row per visit, call, email or meeting.",
    "Account code of the account contacted.",
    Column("date", "date", True, "Date of the interaction.", "data", ("data_visita", "visit_date")),
    Column(
        "kind",
        "text",
        False,
        "visit, call, email, meeting...",
        "tipo",
        ("canal", "type", "channel"),
    ),
    Column(
        "salesperson",
        "text",
        False,
        "Who made the contact.",
        "vendedor",
        _SALESPERSON_ALIASES[1:],
    ),
    Column("outcome", "text", False, "What came out of it.", "resultado", ("result",)),
    Column(
        "notes",
        "text",
        False,
        "Free notes from the visit card.",
        "observações",
        ("observacao", "obs", "notas", "comentarios", "comments"),
    ),
)

# The account-plan tables (optional): who is who at an account, what we want from it, and
# what we will do about it. Small tables typed by hand; every account_id must be an account.

#: Buying influences (Miller Heiman): the English codes and the Portuguese words, in order.
INFLUENCES = ("decision_maker", "influencer", "buyer", "user", "gatekeeper")
INFLUENCES_PT = ("decisor", "influenciador", "comprador", "usuário", "porteiro")
#: A contact's attitude towards us, from warmest to coldest.
RELATIONSHIPS = ("advocate", "supporter", "neutral", "critic")
RELATIONSHIPS_PT = ("defensor", "apoiador", "neutro", "crítico")
#: An action's status; ``open`` and ``in_progress`` are the open ones.
ACTION_STATUSES = ("open", "in_progress", "done", "cancelled")
ACTION_STATUSES_PT = ("aberta", "em andamento", "concluída", "cancelada")

CONTACTS = _table(
    "contacts",
    "Contacts",
    "Contatos",
    "The relationship map: the people at each account, their influence on the "
    "purchase and their attitude towards us.",
    "Account code of the contact's company.",
    Column("name", "text", True, "The contact's name.", "nome", ("contato", "contact")),
    Column("role", "text", False, "Job title.", "cargo", ("funcao", "title", "job_title")),
    _choice(
        "influence",
        "Influence on the purchase",
        "influência",
        ("papel", "buying_influence"),
        INFLUENCES,
        INFLUENCES_PT,
    ),
    _choice(
        "relationship",
        "Attitude towards us",
        "relacionamento",
        ("atitude", "attitude"),
        RELATIONSHIPS,
        RELATIONSHIPS_PT,
    ),
    Column(
        "last_contact",
        "date",
        False,
        "Date of the last conversation with this person.",
        "último contato",
        ("ultima_conversa", "last_contacted"),
    ),
)

PLANS = _table(
    "plans",
    "Plans",
    "Planos",
    "Account plans: one row per objective for an account, with its target for the "
    "period and the date the plan is next reviewed.",
    "Account code of the account planned.",
    Column(
        "objective",
        "text",
        True,
        "What we want from the account.",
        "objetivo",
        ("meta_descricao", "goal"),
    ),
    Column(
        "target",
        "number",
        False,
        "Target revenue for the period in the currency (no larger than the gap).",
        "meta",
        ("valor_meta", "target_amount", "alvo"),
    ),
    Column(
        "review_date",
        "date",
        False,
        "When the plan is reviewed next.",
        "data de revisão",
        ("revisao", "review"),
    ),
)

ACTIONS = _table(
    "actions",
    "Actions",
    "Ações",
    "The actions of the account plans: what will be done, by whom, by when.",
    "Account code of the account.",
    Column("action", "text", True, "What will be done.", "ação", ("acao", "tarefa", "task")),
    Column("owner", "text", False, "Who does it.", "responsável", ("dono", "responsavel", "quem")),
    Column("due_date", "date", False, "By when.", "prazo", ("data_limite", "due", "vencimento")),
    _choice(
        "status",
        "Where it stands",
        "situação",
        ("status_acao", "estado"),
        ACTION_STATUSES,
        ACTION_STATUSES_PT,
        end=" (blank: open).",
    ),
    Column(
        "contact",
        "text",
        False,
        "The contact the action is aimed at (a name from the contacts table), if any.",
        "contato",
        ("pessoa", "interlocutor"),
    ),
)

#: The account-plan tables, by name.
PLAN_TABLES: dict[str, Table] = {t.name: t for t in (CONTACTS, PLANS, ACTIONS)}

TABLES: dict[str, Table] = {t.name: t for t in (ACCOUNTS, SALES, VISITS, *PLAN_TABLES.values())}

# Account attributes an ERP invoice export repeats on every line (Razão Social, Região,
# Vendedor...): the sales table may carry them too (same headers as in the accounts table).
# They describe accounts, so they go to ``Market.accounts``: per account, the latest non-blank
# value by invoice date. With an accounts table, the accounts table wins; sales only fill the
# cells it leaves blank. The sales frame itself keeps only the columns of ``SALES``.
ACCOUNT_ATTRIBUTES = ("name", "territory", "salesperson", "segment", "city", "state")
#: The optional account-plan column of the accounts table: (code name, Portuguese header).
TARGET_STAGE = ("target_stage", "estágio alvo")


@dataclass(frozen=True)
class Parameter:
    """One analysis setting of the ``parameters`` table."""

    name: str
    label_pt: str
    kind: str  # "date", "int", "share", "text", "language", "choice"
    default: object
    meaning: str
    allowed: str  # the allowed range, in words (shown in errors and in the template)
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    # for a "choice": the Portuguese word of each choice, in the order of ``choices``
    choices_pt: tuple[str, ...] = ()
    # The Portuguese of ``meaning`` and ``allowed`` is in the catalogue:
    # workbook.meaning.parameters.<name> and workbook.allowed.<name> (presentation/words).


LANGUAGES = ("en", "pt-BR")

#: Columns of the segment table (kamkit.analysis.segmentation.segment), in order: one row per
#: account of the whole market. The results workbook and the visit cards show them.
SEGMENT_COLUMNS = (
    "account_id",
    "name",
    "territory",
    "salesperson",
    "segment",
    "stage",
    "abc_class",
    "revenue",
    "purchase_months",
    "potential",
    "potential_estimated",
    "share_of_wallet",
    "quadrant",
    "gap",
    "first_purchase",
    "last_purchase",
    "last_visit",
    "visits",
    "days_since_contact",
    "priority",
)

PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter(
            "as_of",
            "data_base",
            "date",
            None,
            "Date the analysis is made as of; later sales and visits are ignored.",
            "a date; blank = the latest date in sales and visits",
        ),
        Parameter(
            "lookback_months",
            "meses_janela",
            "int",
            12,
            "Length of the analysis window in calendar months, ending with the month of as_of.",
            "a whole number from 1 to 120",
            1,
            120,
        ),
        Parameter(
            "regular_min_months",
            "meses_minimos_regular",
            "int",
            6,
            "Purchase months in the window that make an account a regular buyer.",
            "a whole number from 1 to lookback_months",
            1,
            120,
        ),
        Parameter(
            "abc_a_share",
            "corte_a",
            "share",
            0.5,
            "Share of window revenue made by the A accounts (the smallest top group).",
            "a number between 0 and 1 (e.g. 0.5 or 50%)",
            0.0,
            1.0,
        ),
        Parameter(
            "abc_b_share",
            "corte_b",
            "share",
            0.8,
            "Cumulative share of window revenue made by the A and B accounts.",
            "a number between abc_a_share and 1",
            0.0,
            1.0,
        ),
        Parameter(
            "potential_quantile",
            "quantil_potencial",
            "share",
            0.75,
            "Accounts at or above this quantile of potential count as high potential.",
            "a number between 0 and 1",
            0.0,
            1.0,
        ),
        Parameter(
            "share_threshold",
            "corte_participacao",
            "share",
            0.3,
            "Share of wallet at or above which an account counts as high share.",
            "a number between 0 and 1",
            0.0,
            1.0,
        ),
        Parameter(
            "currency",
            "moeda",
            "text",
            "BRL",
            "Currency code used in labels.",
            "a currency code such as BRL, USD, EUR, GBP",
        ),
        Parameter(
            "language",
            "idioma",
            "language",
            "en",
            "Language of labels and reports.",
            "en or pt-BR",
            choices=LANGUAGES,
        ),
        Parameter(
            "unknown_visits",
            "visitas_sem_conta",
            "choice",
            "keep",
            "Visits logged for account codes missing from the accounts table (prospects "
            "nobody added): keep them as accounts without a territory, or drop them. "
            "Either way validation names them in a warning; applied when the data is "
            "loaded.",
            "keep or drop (manter or ignorar)",
            choices=("keep", "drop"),
            choices_pt=("manter", "ignorar"),
        ),
        Parameter(
            "whitespace_min_adoption",
            "adocao_minima_mix",
            "share",
            0.5,
            "Share of an account's peers that bought a product family in the window at or "
            "above which a family the account did not buy is whitespace.",
            "a number between 0 and 1 (e.g. 0.5 or 50%)",
            0.0,
            1.0,
        ),
        Parameter(
            "drop_threshold",
            "queda_alerta",
            "share",
            0.4,
            "Fall of net revenue over the last 3 months against the same months a year "
            "earlier at or above which a buying account gets a revenue_drop alert.",
            "a number between 0 and 1 (e.g. 0.4 or 40%)",
            0.0,
            1.0,
        ),
        Parameter(
            "overdue_factor",
            "fator_atraso",
            "int",
            2,
            "An account is overdue when the months since its last purchase month exceed this "
            "many times its median gap between purchase months (and are at least 2).",
            "a whole number from 1 to 12",
            1,
            12,
        ),
    )
}

# Header spellings of the two columns of the parameters table.
PARAMETER_NAME_SPELLINGS = ("name", "parametro", "parameter", "nome")
PARAMETER_VALUE_SPELLINGS = ("value", "valor")
PARAMETERS_TABLE_SPELLINGS = ("parameters", "parametros", "parametro", "settings", "configuracoes")


def data_model_markdown() -> str:
    """The data-model tables of the README, generated from the definitions above."""
    lines = []
    for table in TABLES.values():
        need = "required" if table.required else "optional"
        lines.append(
            f"**{table.name}** (sheet `{table.sheet}` / `{table.sheet_pt}`, {need}): "
            f"{table.meaning}"
        )
        lines.append("")
        lines.append("| column | pt-BR header | required | meaning |")
        lines.append("|---|---|---|---|")
        for c in table.columns:
            lines.append(
                f"| `{c.name}` | {c.label_pt} | {'yes' if c.required else 'no'} | {c.meaning} |"
            )
        if table.name == "sales":
            lines.append("")
            lines.append(
                "The sales table may also carry the account attributes an ERP export repeats on "
                f"every invoice line ({', '.join(f'`{a}`' for a in ACCOUNT_ATTRIBUTES)}, with the "
                "same headers as in the accounts table). They go to the accounts: per account, "
                "the latest non-blank value by date (a warning names the accounts with more than "
                "one). With an accounts table, the accounts table wins and the sales only fill "
                "its blank cells."
            )
        lines.append("")
    lines.append(
        "**parameters** (sheet `Parameters` / `Parâmetros`, optional): two columns, "
        "`name` and `value` (`parâmetro`, `valor`)."
    )
    lines.append("")
    lines.append("| name | pt-BR name | default | meaning | allowed |")
    lines.append("|---|---|---|---|---|")
    for p in PARAMETERS.values():
        default = "latest date in the data" if p.default is None else f"`{p.default}`"
        lines.append(f"| `{p.name}` | {p.label_pt} | {default} | {p.meaning} | {p.allowed} |")
    return "\n".join(lines) + "\n"
