"""Exercises for lesson 10, whitespace and early warning: the families an account does not buy
though its peers do, the cross-sell ranking, and the customers slipping before they lapse."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core

_BUYING = ("occasional", "regular")


# --------------------------------------------------------------------------------------------
# second routes to the answers: the definitions of README "The definitions", in plain pandas


def _family_revenue(market):
    """Net window revenue per (account_id, family), lines with a blank family left out."""
    lines = kk.window_sales(market)
    family = lines["family"].astype(object)
    keep = family.notna() & (family.astype(str).str.strip() != "")
    lines = lines.loc[keep]
    return lines.groupby([lines["account_id"].astype(str), family[keep].astype(str)])[
        "amount"
    ].sum()


def _adoption(market):
    """Every (buying account, family): adoption among its peers, whether it bought the family,
    the peers' median, and whether the family is whitespace for it (a DataFrame)."""
    import numpy as np
    import pandas as pd

    from kamkit.analysis.segmentation import MIN_SEGMENT_BUYERS, NET_TOLERANCE

    seg = kk.segment(market)
    buying = seg.loc[seg["stage"].isin(_BUYING), ["account_id", "segment"]].copy()
    buying["account_id"] = buying["account_id"].astype(str)
    name = buying["segment"].astype(object).where(buying["segment"].notna(), "")
    name = name.astype(str).str.strip()
    size = name.map(name[name != ""].value_counts()).fillna(0)
    buying["peers"] = np.where((name != "") & (size >= MIN_SEGMENT_BUYERS), name, "\0all")
    revenue = _family_revenue(market)
    families = sorted(set(revenue.index.get_level_values(1)))
    rows = []
    minimum = market.parameters.whitespace_min_adoption
    for _, group in buying.groupby("peers"):
        members = buying["account_id"] if group["peers"].iloc[0] == "\0all" else group["account_id"]
        for family in families:
            spent = pd.Series([revenue.get((a, family), 0.0) for a in members], index=list(members))
            bought = spent > NET_TOLERANCE
            adoption = bought.mean() if len(spent) else 0.0
            value = spent[bought].median() if bought.any() else float("nan")
            for account in group["account_id"]:
                mine = spent.get(account, revenue.get((account, family), 0.0))
                rows.append((account, family, adoption, mine > NET_TOLERANCE, value))
    out = pd.DataFrame(rows, columns=["account_id", "family", "adoption", "bought", "value"])
    out["whitespace"] = (out["adoption"] >= minimum) & ~out["bought"] & out["value"].notna()
    return out


def _territory_ids(market, territory) -> set:
    seg = kk.segment(market, territory=territory)
    return set(seg["account_id"].astype(str))


def _window_revenue(market, after, until):
    """Net revenue per account of the sales dated after ``after`` up to ``until`` (days)."""
    import pandas as pd

    sales = market.sales
    day = sales["date"].dt.normalize()
    keep = (day > pd.Timestamp(after).normalize()) & (day <= pd.Timestamp(until).normalize())
    picked = sales.loc[keep]
    return picked.groupby(picked["account_id"].astype(str))["amount"].sum()


def _drops(market, territory, as_of=None):
    """The buying accounts whose last 3 months fell by ``drop_threshold`` against the same
    months a year earlier: a DataFrame of account_id, recent, earlier (second route)."""
    import pandas as pd

    from kamkit.analysis.segmentation import NET_TOLERANCE

    when = pd.Timestamp(as_of if as_of is not None else market.as_of)
    seg = kk.segment(market, as_of=when, territory=territory)
    buyers = seg.loc[seg["stage"].isin(_BUYING), "account_id"].astype(str)
    recent = _window_revenue(market, when - pd.DateOffset(months=3), when)
    year = when - pd.DateOffset(months=12)
    earlier = _window_revenue(market, year - pd.DateOffset(months=3), year)
    out = pd.DataFrame({"account_id": list(buyers)})
    out["recent"] = [float(recent.get(a, 0.0)) for a in out["account_id"]]
    out["earlier"] = [float(earlier.get(a, 0.0)) for a in out["account_id"]]
    threshold = market.parameters.drop_threshold
    fell = (out["earlier"] > NET_TOLERANCE) & (out["recent"] <= (1 - threshold) * out["earlier"])
    return out.loc[fell].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# the analyst's track


class KeyWhitespace(core.Question):
    _title = "The whitespace of your key accounts"
    _title_pt = "As famílias não compradas das suas contas-chave"
    _var = "key_families"
    _prompt = """\
`kk.whitespace(market, territory=territory)` lists, for every buying account of your
territory, the product families it did not buy in the window although most of its peers did
(one row per account and family). Keep the **key** accounts of your territory (quadrant
`"key"` in `kk.segment`) and count their whitespace families: store a Series in
`key_families`, one entry per key account that has whitespace (the `account_id` as its
index), the number of its whitespace families as the value."""
    _prompt_pt = """\
`kk.whitespace(market, territory=territory)` lista, para cada cliente do seu território que
compra, as famílias de produtos que ele não comprou na janela embora a maioria dos pares tenha
comprado (uma linha por conta e família). Fique com as **contas-chave** do seu território
(quadrante `"key"` no `kk.segment`) e conte as famílias não compradas delas: guarde em
`key_families` uma Series com um valor por conta-chave que tem família não comprada (o
`account_id` como índice) e o número dessas famílias como valor."""
    _hints = (
        "Take the key accounts' codes from `kk.segment(market, territory=territory)`, then keep "
        "the whitespace rows whose `account_id` `.isin(...)` them.",
        'Count the rows per account: `.groupby("account_id").size()`.',
    )
    _hints_pt = (
        "Pegue os códigos das contas-chave em `kk.segment(market, territory=territory)` e "
        "fique com as linhas de `kk.whitespace` cujo `account_id` está nelas (`.isin(...)`).",
        'Conte as linhas por conta: `.groupby("account_id").size()`.',
    )
    _solution = """\
table = kk.segment(market, territory=territory)
keys = table.loc[table["quadrant"] == "key", "account_id"]
whitespace = kk.whitespace(market, territory=territory)
key_families = whitespace[whitespace["account_id"].isin(keys)].groupby("account_id").size()"""
    _noun = "account"
    _explanation = (
        "Your key accounts already trust you: a family most of their peers buy is "
        "the easiest growth in the territory. Plan one offer per account."
    )
    _explanation_pt = (
        "As suas contas-chave já confiam em você: uma família que a maioria dos "
        "pares compra é o crescimento mais fácil do território. Planeje uma "
        "oferta por conta."
    )
    _mistakes = (
        core.Mistake(
            "whitespace = kk.whitespace(market, territory=territory)\n"
            'key_families = whitespace.groupby("account_id").size()',
            "That counts every buying account of the territory; keep the key accounts.",
            "Isso conta todos os clientes do território; fique só com as contas-chave.",
        ),
        core.Mistake(
            "table = kk.segment(market)\n"
            'keys = table.loc[table["quadrant"] == "key", "account_id"]\n'
            "whitespace = kk.whitespace(market)\n"
            'key_families = whitespace[whitespace["account_id"].isin(keys)]'
            '.groupby("account_id").size()',
            "That is the key accounts of the whole market; pass `territory=territory`.",
            "Essas são as contas-chave do mercado inteiro; passe `territory=territory`.",
        ),
    )

    def _expected(self):
        m = self.market
        seg = kk.segment(m, territory=self.territory)
        keys = set(seg.loc[seg["quadrant"] == "key", "account_id"].astype(str))
        grid = _adoption(m)
        mine = grid[grid["whitespace"] & grid["account_id"].isin(keys)]
        return mine.groupby("account_id").size()


class CrossSellFirst(core.Question):
    _title = "First on the cross-sell list"
    _title_pt = "A primeira da lista de venda cruzada"
    _var = "cross_sell_first"
    _prompt = """\
`kk.whitespace_totals(market, territory=territory)` adds up each account's whitespace: its
`whitespace_value` is what it would buy more if it bought each family its peers buy, as a
typical peer does. The **key** and **maintain** accounts are ranked by it
(`cross_sell_rank`). Which account is first on your territory's cross-sell list? Store its
code in `cross_sell_first` (a text; `""` if the list is empty)."""
    _prompt_pt = """\
`kk.whitespace_totals(market, territory=territory)` soma as famílias não compradas de cada
conta: o `whitespace_value` dela é quanto ela compraria a mais se comprasse cada família que os
pares compram, como um par típico compra. As contas **chave** e **de manter** são ordenadas por
esse valor (`cross_sell_rank`). Qual conta é a primeira da lista de venda cruzada do seu
território? Guarde o código dela em `cross_sell_first` (um texto; `""` se a lista estiver
vazia)."""
    _hint = "Keep the row whose `cross_sell_rank` is 1 and take its `account_id`."
    _hint_pt = "Fique com a linha cujo `cross_sell_rank` é 1 e pegue o `account_id` dela."
    _solution = (
        "totals = kk.whitespace_totals(market, territory=territory)\n"
        'first = totals.loc[totals["cross_sell_rank"] == 1, "account_id"]\n'
        'cross_sell_first = first.iloc[0] if len(first) else ""'
    )
    _explanation = (
        "Visit it with one offer: the family most of its peers buy, at what a "
        "typical peer spends on it."
    )
    _explanation_pt = (
        "Visite com uma oferta: a família que a maioria dos pares compra, no "
        "valor que um par típico compra dela."
    )
    _mistakes = (
        core.Mistake(
            "totals = kk.whitespace_totals(market, territory=territory)\n"
            'cross_sell_first = totals["account_id"].iloc[0]',
            "That is the largest whitespace of any quadrant; the cross-sell list ranks only "
            "the key and maintain accounts.",
            "Essa é a maior oportunidade de mix entre todos os quadrantes; a lista de venda "
            "cruzada ordena só as contas-chave e de manter.",
        ),
        core.Mistake(
            "totals = kk.whitespace_totals(market, territory=territory)\n"
            'cross_sell_first = totals.loc[totals["quadrant"] == "key", "account_id"].iloc[0]',
            "That is the first key account; the cross-sell list ranks the key and maintain "
            "accounts together.",
            "Essa é a primeira conta-chave; a lista de venda cruzada ordena as contas-chave e "
            "de manter juntas.",
        ),
    )

    def _expected(self):
        m = self.market
        grid = _adoption(m)
        grid = grid[grid["whitespace"]]
        seg = kk.segment(m, territory=self.territory)
        cross = seg.loc[seg["quadrant"].isin(["key", "maintain"]), "account_id"].astype(str)
        value = grid[grid["account_id"].isin(set(cross))].groupby("account_id")["value"].sum()
        value = value.round(6)  # a tie stays a tie, whatever the order of the sum
        return sorted(value.index, key=lambda a: (-value[a], a))[0] if len(value) else ""


class RevenueDrops(core.Question):
    _title = "How many customers are slipping?"
    _title_pt = "Quantos clientes estão escorregando?"
    _var = "drops"
    _prompt = """\
`kk.alerts(market, territory=territory)` gives one row per early warning for the buying
accounts of your territory; its `kind` is `"revenue_drop"` (the last 3 months fell by at least
`drop_threshold` against the same months a year earlier) or `"overdue"`. How many accounts of
your territory have a **revenue drop** warning? Store the number in `drops`."""
    _prompt_pt = """\
`kk.alerts(market, territory=territory)` traz uma linha por alerta para os clientes do seu
território que compram; o `kind` (tipo) é `"revenue_drop"` (os últimos 3 meses caíram pelo
menos `drop_threshold` em relação aos mesmos meses um ano antes) ou `"overdue"` (compra
atrasada). Quantas contas do seu território têm alerta de **queda de faturamento**? Guarde o
número em `drops`."""
    _hint = 'Keep the rows whose `kind` is `"revenue_drop"` and count them.'
    _hint_pt = 'Fique com as linhas cujo `kind` é `"revenue_drop"` e conte.'
    _solution = """\
warnings = kk.alerts(market, territory=territory)
drops = int((warnings["kind"] == "revenue_drop").sum())"""
    _explanation = (
        "One call each this week, the largest fall first: they still buy, so a "
        "visit can still change the outcome."
    )
    _explanation_pt = (
        "Uma ligação para cada uma nesta semana, da maior queda para a menor: "
        "elas ainda compram, então uma visita ainda pode mudar o resultado."
    )
    _mistakes = (
        core.Mistake(
            'warnings = kk.alerts(market)\ndrops = int((warnings["kind"] == "revenue_drop").sum())',
            "That is the whole market; pass `territory=territory`.",
            "Esse é o mercado inteiro; passe `territory=territory`.",
        ),
        core.Mistake(
            "warnings = kk.alerts(market, territory=territory)\n"
            'drops = int((warnings["change"] <= -0.6).sum())',
            "A revenue drop is a fall of `drop_threshold` or more (a change of -40% by "
            "default), not of 60%; count the rows of that kind.",
            "Queda de faturamento é uma queda de `drop_threshold` ou mais (variação de -40% "
            "por padrão), não de 60%; conte as linhas desse tipo.",
        ),
    )

    def _expected(self):
        return len(_drops(self.market, self.territory))


# --------------------------------------------------------------------------------------------
# the salesperson's track


def _picked_account(q):
    """The account whose families q4 shows: the key account of the territory with the most
    whitespace families (then the largest whitespace value, then its code); a maintain account
    when no key account has whitespace, else any buying account."""
    if "account" not in q._cache:
        totals = kk.whitespace_totals(q.market, territory=q.territory)
        if totals.empty:
            seg = kk.segment(q.market, territory=q.territory)
            buying = seg[seg["stage"].isin(_BUYING)].sort_values("revenue", ascending=False)
            q._cache["account"] = str(buying["account_id"].iloc[0])
        else:
            order = {"key": 0, "maintain": 1}
            totals = totals.assign(
                _q=[order.get(str(v), 2) for v in totals["quadrant"]],
                _f=-totals["families"],
                _v=-totals["whitespace_value"],
            )
            best = totals.sort_values(["_q", "_f", "_v", "account_id"]).iloc[0]
            q._cache["account"] = str(best["account_id"])
    return q._cache["account"]


_CLASSES = {
    "whitespace": ("whitespace", "oportunidade de mix"),
    "not": ("not whitespace", "não é oportunidade"),
}


class WhichFamilies(core.ClassifyQuestion):
    _title = "Whitespace or not? One account's product families"
    _title_pt = "Oportunidade de mix ou não? As famílias de uma conta"
    _var = "families_class"
    _classes = tuple(_CLASSES)
    _class_words = _CLASSES
    _noun = "row"
    _prompt = """\
Run `q4.show()`: one account of your territory (a key account, when one has whitespace) and
every product family, with the share of its peers that bought the family in the window
(**adoption**) and whether the account itself bought it. A family is **whitespace** when its
adoption is at least `whitespace_min_adoption` (half of the peers, unless your data sets
another value) and the account did not buy it. Write `"whitespace"` or `"not"` for each row,
in the order of the rows, in `families_class`."""
    _prompt_pt = """\
Rode `q4.show()`: uma conta do seu território (uma conta-chave, quando alguma tem famílias não
compradas) e todas as famílias de produtos, com a parte dos pares que compraram a família na
janela (**adoção**) e se a própria conta comprou. Uma família é **oportunidade de mix** quando a
adoção chega a `whitespace_min_adoption` (metade dos pares, a não ser que os seus dados digam
outro valor) e a conta não comprou. Escreva `"oportunidade de mix"` ou `"não é oportunidade"`
para cada linha, na ordem das linhas, em `families_class`."""
    _hint = "Two conditions, both needed: most peers buy it, and the account does not."
    _hint_pt = "São duas condições, as duas juntas: a maioria dos pares compra, e a conta não."
    _explanation = (
        "Whitespace is where the peers prove the need exists: the account needs "
        "the family, and buys it from someone else."
    )
    _explanation_pt = (
        "A oportunidade de mix é onde os pares provam que a necessidade existe: "
        "a conta precisa da família, e compra de outro fornecedor."
    )
    _mistakes = (
        core.Mistake(
            "rows = q4.rows()\n"
            'families_class = ["whitespace" if a >= 0.5 else "not" for a in rows["adoption"]]',
            "A family the account already buys is not whitespace, however many peers buy it.",
            "Uma família que a conta já compra não é oportunidade de mix, por mais pares que "
            "a comprem.",
        ),
        core.Mistake(
            "rows = q4.rows()\n"
            'families_class = ["whitespace" if b else "not" for b in rows["bought"]]',
            "That is the other way round: whitespace is a family the account does not buy.",
            "Está invertido: oportunidade de mix é uma família que a conta não compra.",
        ),
    )

    def rows(self):
        """The families shown, from the highest adoption: family, adoption, bought."""
        if "rows" not in self._cache:
            grid = _adoption(self.market)
            mine = grid[grid["account_id"] == _picked_account(self)]
            mine = mine.sort_values(["adoption", "family"], ascending=[False, True])
            self._cache["rows"] = mine.head(8).reset_index(drop=True)
        return self._cache["rows"]

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_share

        lang = self.language
        pt = lang == "pt-BR"
        rows = self.rows()
        yes, no = ("sim", "não") if pt else ("yes", "no")
        return pd.DataFrame(
            {
                **self._numbered([_picked_account(self)] * len(rows)),
                "família" if pt else "family": rows["family"].to_numpy(),
                "adoção entre os pares" if pt else "adoption among the peers": [
                    format_share(v, lang, decimals=0) for v in rows["adoption"]
                ],
                "a conta comprou?" if pt else "did the account buy it?": [
                    yes if b else no for b in rows["bought"]
                ],
            }
        )

    def _expected(self):
        whitespace = kk.whitespace(self.market, territory=self.territory)
        mine = set(whitespace.loc[whitespace["account_id"] == _picked_account(self), "family"])
        return ["whitespace" if f in mine else "not" for f in self.rows()["family"]]


class BiggestFall(core.NumberQuestion):
    _title = "How much did the largest fall cost?"
    _title_pt = "Quanto custou a maior queda?"
    _var = "biggest_fall"
    _atol = 1.0
    _prompt = """\
Run `q5.show()`: the accounts of your territory with a **revenue drop** warning, the largest
fall in money first, with their net revenue of the last 3 months and of the same 3 months a
year earlier. How much less did the account in the first row buy in the last 3 months than a
year earlier? Type the amount in `biggest_fall` (a number, without the currency)."""
    _prompt_pt = """\
Rode `q5.show()`: as contas do seu território com alerta de **queda de faturamento**, a maior
queda em dinheiro primeiro, com o faturamento líquido dos últimos 3 meses e dos mesmos 3 meses
um ano antes. Quanto a conta da primeira linha comprou a menos nos últimos 3 meses do que um ano
antes? Digite o valor em `biggest_fall` (um número, sem a moeda)."""
    _hint = "A year earlier minus the last 3 months, on the first row."
    _hint_pt = "Um ano antes menos os últimos 3 meses, na primeira linha."
    _explanation = (
        "That is what one customer's slip already cost in a single quarter: the "
        "call this week is worth it."
    )
    _explanation_pt = (
        "É o que o escorregão de um cliente já custou num trimestre só: a "
        "ligação desta semana vale a pena."
    )
    _mistakes = (
        core.Mistake(
            "warnings = kk.alerts(market, territory=territory)\n"
            'biggest_fall = warnings["recent_revenue"].max()',
            "That is revenue of the last 3 months; the question asks how much less than a "
            "year earlier.",
            "Esse é o faturamento dos últimos 3 meses; a questão pede quanto a menos do que "
            "um ano antes.",
        ),
        core.Mistake(
            "warnings = kk.alerts(market, territory=territory)\n"
            'biggest_fall = warnings["earlier_revenue"].max()',
            "That is what the account bought a year earlier; take away what it bought in the "
            "last 3 months.",
            "Isso é o que a conta comprou um ano antes; desconte o que ela comprou nos "
            "últimos 3 meses.",
        ),
    )

    def _falls(self):
        drops = _drops(self.market, self.territory)
        drops = drops.assign(fall=drops["earlier"] - drops["recent"])
        return drops.sort_values(["fall", "account_id"], ascending=[False, True]).head(5)

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_money

        lang = self.language
        pt = lang == "pt-BR"
        cur = self.market.parameters.currency
        falls = self._falls()
        return pd.DataFrame(
            {
                "conta" if pt else "account": falls["account_id"].to_numpy(),
                "últimos 3 meses" if pt else "last 3 months": [
                    format_money(v, cur, lang, decimals=0) for v in falls["recent"]
                ],
                "mesmos 3 meses, um ano antes" if pt else "same 3 months a year earlier": [
                    format_money(v, cur, lang, decimals=0) for v in falls["earlier"]
                ],
            }
        )

    def _expected(self):
        falls = self._falls()
        return float(falls["fall"].iloc[0]) if len(falls) else 0.0


class WarnedLapseMore(core.ChoiceQuestion):
    _title = "A year later: did the warned customers lapse more often?"
    _title_pt = "Um ano depois: os clientes com alerta ficaram mais inativos?"
    _var = "who_lapsed_more"
    _show = True
    _prompt = """\
Run `q6.show()`: your territory's buying accounts of a year ago, split by whether `kk.alerts`
would have warned about them then, and the share of each group that is **lapsed** today. Which
group lapsed more often? Type the letter in `who_lapsed_more`."""
    _prompt_pt = """\
Rode `q6.show()`: os clientes que compravam no seu território um ano atrás, separados por terem
ou não recebido alerta do `kk.alerts` naquela data, e a parte de cada grupo que está **inativa**
hoje. Qual grupo ficou inativo mais vezes? Digite a letra em `who_lapsed_more`."""
    _choices = (
        "the accounts with a warning",
        "the accounts without a warning",
        "about the same (less than 1 point apart)",
    )
    _choices_pt = (
        "as contas com alerta",
        "as contas sem alerta",
        "quase igual (menos de 1 ponto de diferença)",
    )
    _reasons = ("Compare the two shares again: which one is larger?",) * 3
    _reasons_pt = ("Compare de novo as duas partes: qual é a maior?",) * 3
    _hint = "Compare the two percentages of the lapsed column."
    _hint_pt = "Compare as duas porcentagens da coluna dos inativos."
    _explanation = (
        "The lapsed stage confirms a loss a year late; the warning names the "
        "customer while a visit can still change the outcome."
    )
    _explanation_pt = (
        "O estágio inativo confirma a perda um ano depois; o alerta aponta o "
        "cliente enquanto uma visita ainda pode mudar o resultado."
    )
    _mistakes = (
        core.Mistake(
            'who_lapsed_more = "c"',
            "The two shares are more than a point apart: look again.",
            "As duas partes estão a mais de um ponto de distância: olhe de novo.",
        ),
    )

    def shares(self):
        """(share lapsed today of the warned, of the others, accounts warned, accounts not)."""
        if "shares" not in self._cache:
            import pandas as pd

            m = self.market
            year_ago = m.as_of - pd.DateOffset(months=12)
            then = kk.segment(m, as_of=year_ago, territory=self.territory)
            buyers = then.loc[then["stage"].isin(_BUYING), "account_id"].astype(str)
            warned = set(kk.alerts(m, as_of=year_ago, territory=self.territory)["account_id"])
            now = kk.segment(m, territory=self.territory)
            lapsed = set(now.loc[now["stage"] == "lapsed", "account_id"].astype(str))
            yes = [a for a in buyers if a in warned]
            no = [a for a in buyers if a not in warned]
            share = [sum(a in lapsed for a in g) / len(g) if g else 0.0 for g in (yes, no)]
            self._cache["shares"] = (*share, len(yes), len(no))
        return self._cache["shares"]

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_count, format_share

        lang = self.language
        pt = lang == "pt-BR"
        warned, quiet, n_warned, n_quiet = self.shares()
        return pd.DataFrame(
            {
                "um ano atrás" if pt else "a year ago": (
                    ["com alerta", "sem alerta"] if pt else ["with a warning", "without a warning"]
                ),
                "contas" if pt else "accounts": [
                    format_count(n_warned, lang),
                    format_count(n_quiet, lang),
                ],
                "inativas hoje" if pt else "lapsed today": [
                    format_share(warned, lang),
                    format_share(quiet, lang),
                ],
            }
        )

    def _expected(self):
        warned, quiet, _, _ = self.shares()
        if abs(warned - quiet) < 0.01:
            return "c"
        return "a" if warned > quiet else "b"


class MondayCall(core.ThinkingQuestion):
    _title = "The call about a revenue drop"
    _title_pt = "A ligação sobre uma queda de faturamento"
    _prompt = """\
A regular customer of yours bought half as much in the last three months as in the same months
a year earlier. Nothing in the CRM explains it. You call on Monday. What do you ask, and what
do you want to have agreed when you hang up?"""
    _prompt_pt = """\
Um cliente regular seu comprou metade nos últimos três meses do que nos mesmos meses um ano
antes. Nada no CRM explica. Você liga na segunda-feira. O que você pergunta, e o que quer ter
combinado quando desligar?"""
    _hint = "Open questions first; a next step with a date at the end."
    _hint_pt = "Primeiro perguntas abertas; no fim, um próximo passo com data."
    _discussion = """\
Ask before you offer: did a project or a line of their business end, did the buyer change, is
a competitor quoting, was there a delivery or quality problem, are they holding stock? Listen
for which one it is -- a price cut is the answer to only one of them. Check the whitespace too:
a customer that buys few families is easier to lose. Hang up with one next step with a date (a
visit, a quote, a meeting with the new buyer), write it in the CRM, and look at the account
again at the next review: a warning that got a call and a plan is work done; a warning nobody
acted on becomes a lapsed customer a year later."""
    _discussion_pt = """\
Pergunte antes de oferecer: acabou uma obra ou uma linha do negócio deles, mudou o comprador,
tem concorrente cotando, houve problema de entrega ou de qualidade, estão com estoque alto?
Escute qual é o caso -- desconto resolve só um deles. Olhe também as famílias não compradas: um
cliente que compra poucas famílias é mais fácil de perder. Desligue com um próximo passo com
data (uma visita, um orçamento, uma reunião com o novo comprador), registre no CRM e volte à
conta na próxima revisão: alerta que virou ligação e plano é trabalho feito; alerta que ninguém
tratou vira cliente inativo um ano depois."""


QUESTIONS = [
    KeyWhitespace,
    CrossSellFirst,
    RevenueDrops,
    WhichFamilies,
    BiggestFall,
    WarnedLapseMore,
    MondayCall,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=10,
    title="Whitespace and early warning",
    lesson="10_whitespace_and_early_warning",
    module=__name__,
    intro="Find the product families your key accounts do not buy though their peers do, read "
    "the cross-sell list, count the customers slipping; then, without code, tell "
    "whitespace from the rest, read what a fall cost, and see whether the warnings of a "
    "year ago came true.",
    title_pt="Oportunidades de mix e alerta precoce",
    intro_pt="Encontre as famílias de produtos que as suas contas-chave não compram embora os "
    "pares comprem, leia a lista de venda cruzada, conte os clientes que estão "
    "escorregando; depois, sem código, separe o que é oportunidade de mix, leia quanto "
    "custou uma queda e veja se os alertas de um ano atrás se confirmaram.",
)
__all__ = EXERCISES.bind(globals())
