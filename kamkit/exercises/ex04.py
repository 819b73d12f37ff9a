"""Exercises for lesson 4, potential and share of wallet: the portfolio matrix."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


class QuadrantCounts(core.Question):
    _title = "The quadrants of your territory"
    _title_pt = "Os quadrantes do seu território"
    _var = "quadrant_counts"
    _prompt = """\
Each account sits in one box of the portfolio matrix: `key` (high potential, high share),
`conquer` (high potential, low share), `maintain` (low potential, high share) or `monitor`
(low, low). How many accounts of **your territory** are in each quadrant? Store the counts in
`quadrant_counts`, a Series with one entry per quadrant."""
    _prompt_pt = """\
Cada conta fica em um quadrante da matriz de carteira: `key` (conta-chave: potencial alto,
participação alta), `conquer` (conquistar: potencial alto, participação baixa), `maintain`
(manter: potencial baixo, participação alta) ou `monitor` (monitorar: os dois baixos). Quantas
contas do **seu território** estão em cada quadrante? Guarde as contagens em
`quadrant_counts`, uma Series com uma entrada por quadrante."""
    _hint = (
        "Count the values of the `quadrant` column of `kk.segment(market, territory=territory)`."
    )
    _hint_pt = "Conte os valores da coluna `quadrant` de `kk.segment(market, territory=territory)`."
    _solution = (
        'quadrant_counts = kk.segment(market, territory=territory)["quadrant"].value_counts()'
    )
    _explanation = (
        "Key and conquer together are the accounts a KAM programme covers: protect "
        "and develop the first, win the second."
    )
    _explanation_pt = (
        "Contas-chave e contas a conquistar, juntas, são as que um programa de "
        "KAM cobre: proteger e desenvolver as primeiras, conquistar as segundas."
    )
    _fill_value = 0
    _noun = "quadrant"
    _mistakes = (
        core.Mistake(
            'quadrant_counts = kk.segment(market)["quadrant"].value_counts()',
            "That counts the whole market; pass `territory=territory`.",
            "Isso conta o mercado inteiro; passe `territory=territory`.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.groupby("quadrant", observed=False).size()


class AccountShareOfWallet(core.Question):
    _title = "The share of wallet of one account"
    _title_pt = "A participação no potencial de uma conta"
    _var = "top_account_share"
    _prompt = """\
Take the **regular buyer** of your territory with the largest potential. Its *share of wallet*
is what
it bought from us in the window (`revenue`, the last `lookback_months` months) divided by
what it could buy in the same period: its yearly `potential` times `lookback_months / 12`.
Compute it yourself from `revenue` and `potential` and store it in `top_account_share`."""
    _prompt_pt = """\
Pegue o **comprador regular** do seu território com o maior potencial. A *participação no
potencial* dele é o que comprou da gente no período (`revenue`, os últimos `lookback_months`
meses) dividido pelo que poderia comprar no mesmo período: o `potential` anual vezes
`lookback_months / 12`. Calcule você mesmo a partir de `revenue` e `potential` e guarde em
`top_account_share`."""
    _hints = (
        'Keep the regular buyers, `regular = seg[seg["stage"] == "regular"]`; then '
        '`regular.loc[regular["potential"].idxmax()]` is the row with the largest potential.',
        "`market.parameters.lookback_months` is the length of the window in months.",
    )
    _hints_pt = (
        'Fique com os compradores regulares, `regular = seg[seg["stage"] == "regular"]`; '
        'depois `regular.loc[regular["potential"].idxmax()]` é a linha com o maior potencial.',
        "`market.parameters.lookback_months` é o tamanho do período, em meses.",
    )
    _solution = """\
seg = kk.segment(market, territory=territory)
regular = seg[seg["stage"] == "regular"]
top = regular.loc[regular["potential"].idxmax()]
months = market.parameters.lookback_months
top_account_share = top["revenue"] / (top["potential"] * months / 12)"""
    _explanation = (
        "kamkit's `share_of_wallet` column holds the same number for every "
        "account; a low share on a large wallet is where the growth is."
    )
    _explanation_pt = (
        "A coluna `share_of_wallet` do kamkit traz esse mesmo número para cada "
        "conta; participação baixa num potencial grande é onde está o "
        "crescimento."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'top = seg.loc[seg["potential"].idxmax()]\n'
            "months = market.parameters.lookback_months\n"
            'top_account_share = top["revenue"] / (top["potential"] * months / 12)',
            "That is the largest potential of all the accounts; keep the regular buyers first.",
            "Esse é o maior potencial entre todas as contas; fique primeiro só com os "
            "compradores regulares.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'regular = seg[seg["stage"] == "regular"]\n'
            'top = regular.loc[regular["potential"].idxmax()]\n'
            'top_account_share = top["potential"] / top["revenue"]',
            "The share of wallet is revenue divided by potential, not the other way round.",
            "A participação no potencial é o faturamento dividido pelo potencial, e não o "
            "contrário.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        regular = seg[seg["stage"] == "regular"]
        return regular.loc[regular["potential"].idxmax(), "share_of_wallet"]


class HighPotentialCut(core.Question):
    _title = "Where does high potential start?"
    _title_pt = "Onde começa o potencial alto?"
    _var = "potential_cut"
    _prompt = """\
An account has *high potential* when its potential is at or above a quantile of the potential
of **all the accounts of the market** (estimated potentials included); the quantile is the
parameter `market.parameters.potential_quantile` (0.75 by default: the top quarter). Compute
that cut and store it in `potential_cut`."""
    _prompt_pt = """\
Uma conta tem *potencial alto* quando o potencial dela está no quantil do potencial de **todas
as contas do mercado** (inclusive os potenciais estimados), ou acima dele; o quantil é o
parâmetro `market.parameters.potential_quantile` (0,75 por padrão: o quarto de cima). Calcule
esse corte e guarde em `potential_cut`."""
    _hints = (
        "The `potential` column of `kk.segment(market)` holds every account's potential, given "
        "or estimated.",
        "`series.quantile(q)` gives the quantile `q` of a column.",
    )
    _hints_pt = (
        "A coluna `potential` de `kk.segment(market)` traz o potencial de cada conta, informado "
        "ou estimado.",
        "`serie.quantile(q)` dá o quantil `q` de uma coluna.",
    )
    _solution = """\
q = market.parameters.potential_quantile
potential_cut = kk.segment(market)["potential"].quantile(q)"""
    _explanation = (
        "The same cut applies to every territory, so a high-potential account "
        "means the same thing everywhere."
    )
    _explanation_pt = (
        "O mesmo corte vale para todos os territórios: conta de potencial alto "
        "quer dizer a mesma coisa em qualquer lugar."
    )
    _mistakes = (
        core.Mistake(
            "q = market.parameters.potential_quantile\n"
            'potential_cut = kk.segment(market, territory=territory)["potential"].quantile(q)',
            "That is the cut within your territory; the cut is computed over all the "
            "accounts of the market.",
            "Esse é o corte dentro do seu território; o corte é calculado sobre todas as "
            "contas do mercado.",
        ),
        core.Mistake(
            'potential_cut = kk.segment(market)["potential"].median()',
            "The median is the 0.5 quantile; use the potential_quantile parameter.",
            "A mediana é o quantil 0,5; use o parâmetro potential_quantile.",
        ),
    )

    def _expected(self):
        return _cut(self)


class ConquerGap(core.Question):
    _title = "The revenue waiting in the conquer accounts"
    _title_pt = "O faturamento à espera nas contas a conquistar"
    _var = "conquer_gap"
    _prompt = """\
The `gap` of an account is the part of its potential we do not win yet (potential over the
last twelve months minus what it bought from us). How much is the total gap of the **conquer**
accounts of your territory? Store it in `conquer_gap`."""
    _prompt_pt = """\
O `gap` de uma conta é a parte do potencial que ainda não ganhamos (o potencial dos últimos
doze meses menos o que ela comprou da gente). Quanto soma o gap das contas **a conquistar** do
seu território? Guarde em `conquer_gap`."""
    _hint = 'Add up the `gap` column of the rows where `seg["quadrant"] == "conquer"`.'
    _hint_pt = 'Some a coluna `gap` das linhas em que `seg["quadrant"] == "conquer"`.'
    _solution = """\
seg = kk.segment(market, territory=territory)
conquer_gap = seg.loc[seg["quadrant"] == "conquer", "gap"].sum()"""
    _explanation = "This is the money on the table: the size of the prize for pursuing them."
    _explanation_pt = "Esse é o dinheiro na mesa: o tamanho do prêmio por ir atrás delas."
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'conquer_gap = seg.loc[seg["quadrant"] == "conquer", "potential"].sum()',
            "That adds up the whole potential; the gap leaves out what these accounts "
            "already buy from us.",
            "Isso soma o potencial inteiro; o gap desconta o que essas contas já compram da gente.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        conquer = seg[seg["quadrant"] == "conquer"]
        wallet = conquer["potential"] * self.market.parameters.lookback_months / 12
        return (wallet - conquer["revenue"]).clip(lower=0).sum()


class LoyaltyQuadrant(core.ThinkingQuestion):
    _title = "Which quadrant calls for a loyalty programme?"
    _title_pt = "Qual quadrante pede um programa de fidelidade?"
    _var = "loyalty_quadrant"
    _choices = ("key", "conquer", "maintain", "monitor")
    _choices_pt = ("conta-chave", "conquistar", "manter", "monitorar")
    _prompt = """\
A loyalty programme (points, discounts for volume, a gift at the end of the year) rewards what
customers already buy. In which quadrant does that treatment fit best? Write the quadrant's
code in `loyalty_quadrant` (`"key"`, `"conquer"`, `"maintain"` or `"monitor"`), check it, then
read the discussion with `solution()`: why is a loyalty programme not KAM?"""
    _prompt_pt = """\
Um programa de fidelidade (pontos, desconto por volume, brinde no fim do ano) premia o que os
clientes já compram. Em qual quadrante esse tratamento se encaixa melhor? Escreva o quadrante
em `loyalty_quadrant` (`"conta-chave"`, `"conquistar"`, `"manter"` ou `"monitorar"`; os
códigos `"key"`, `"conquer"`, `"maintain"`, `"monitor"` também valem), confira e depois leia a
discussão com `solution()`: por que um programa de fidelidade não é KAM?"""
    _hint = (
        "Which accounts already give you a large part of what they buy, but cannot buy "
        "much more? `kk.strategy(quadrant)` describes each treatment."
    )
    _hint_pt = (
        "Quais contas já compram da gente boa parte do que compram, mas não têm como "
        'comprar muito mais? `kk.strategy(quadrante, "pt-BR")` descreve cada '
        "tratamento."
    )
    _solution = 'loyalty_quadrant = "maintain"'
    _discussion = """\
**maintain** (low potential, high share): these accounts already give us most of their wallet
and cannot grow much; the job is to keep them at a low cost to serve, and rewarding loyalty
through cheap channels fits that.

It is not KAM because it only looks backwards, at what accounts already buy. **Key** accounts
need an account plan, a named owner and senior contact, not points; **conquer** accounts have
most of their wallet with competitors, so a programme rewarding purchases they do not make
never reaches them; **monitor** accounts are served through low-cost channels. KAM decides
the treatment account by account from potential and share -- a loyalty programme is one tool
for one box of the matrix."""
    _discussion_pt = """\
**manter** (potencial baixo, participação alta): essas contas já compram da gente quase tudo o
que compram e não têm como crescer muito; o trabalho é mantê-las com custo de atendimento
baixo, e premiar a fidelidade por canais baratos combina com isso.

Não é KAM porque só olha para trás, para o que as contas já compram. As **contas-chave**
precisam de plano de conta, de um responsável com nome e de contato com a diretoria, não de
pontos; as contas **a conquistar** compram quase tudo da concorrência, então um programa que
premia compras que elas não fazem nunca chega nelas; as contas a **monitorar** são atendidas
por canais de baixo custo. O KAM decide o tratamento conta a conta, pelo potencial e pela
participação -- programa de fidelidade é uma ferramenta para um quadrante da matriz."""
    _mistakes = (
        core.Mistake(
            'loyalty_quadrant = "key"',
            "Key accounts have a high potential: they need an account plan and senior "
            "contact, more than rewards for what they already buy.",
            "As contas-chave têm potencial alto: precisam de plano de conta e de contato "
            "com a diretoria, mais do que de prêmios pelo que já compram.",
        ),
        core.Mistake(
            'loyalty_quadrant = "conquer"',
            "Conquer accounts buy most of their needs elsewhere: rewards on purchases "
            "they do not make will not reach them.",
            "As contas a conquistar compram quase tudo em outro lugar: prêmio sobre compras "
            "que elas não fazem não chega nelas.",
        ),
    )


class EstimatedPotential(core.ThinkingQuestion):
    _title = "Trusting an estimated potential"
    _title_pt = "Dá para confiar num potencial estimado?"
    _prompt = """\
Some accounts have no potential on file, so kamkit estimates it from what comparable accounts
of the same segment spend (a high quantile of their yearly purchases). Look at the conquer
accounts of your territory whose `potential_estimated` is True. Before a salesperson spends a
month of visits on one of them, what would you check, and with whom?"""
    _prompt_pt = """\
Algumas contas não têm potencial cadastrado, e o kamkit o estima pelo que contas parecidas do
mesmo segmento compram (um quantil alto das compras anuais delas). Olhe as contas a conquistar
do seu território com `potential_estimated` igual a True. Antes de um vendedor gastar um mês de
visitas numa delas, o que você conferiria, e com quem?"""
    _hint = (
        "An estimate assumes the account is like the big buyers of its segment. What could "
        "make it smaller -- or larger?"
    )
    _hint_pt = (
        "A estimativa supõe que a conta é como os grandes compradores do segmento dela. "
        "O que poderia fazê-la menor -- ou maior?"
    )
    _discussion = """\
The estimate says "accounts like this one buy about this much": it is a starting point, not a
fact. Before investing visits, check it with the salesperson and, ideally, with the account:
its size (employees, sites, production), whether it buys the product families we sell, who
supplies it today and how much, and whether it is really in the segment it is filed under.
Then write the checked potential into the accounts sheet: the next review uses a number
somebody stands behind, and the estimate stops being needed."""
    _discussion_pt = """\
A estimativa diz "contas como esta compram mais ou menos isto": é um ponto de partida, não um
fato. Antes de investir visitas, confira com o vendedor e, se der, com a própria conta: o porte
(funcionários, unidades, produção), se ela compra as famílias de produto que vendemos, quem a
abastece hoje e quanto, e se ela é mesmo do segmento em que está cadastrada. Depois lance o
potencial conferido na aba de contas da planilha: a próxima revisão de território usa um número
que alguém assina embaixo, e a estimativa deixa de ser necessária."""


# --------------------------------------------------------------------------------------------
# the salesperson's track


def _cut(q) -> float:
    """The potential cut of the market: the `potential_quantile` quantile of every account's
    potential (the whole market, not the territory)."""
    import numpy as np

    seg = kk.segment(q.market)
    potential = seg["potential"].dropna().to_numpy(dtype="float64")
    return float(np.quantile(potential, q.market.parameters.potential_quantile))


class ClassifyQuadrants(core.ClassifyQuestion):
    _title = "Key, conquer, maintain or monitor?"
    _title_pt = "Conta-chave, conquistar, manter ou monitorar?"
    _var = "quadrants"
    _classes = tuple(kk.QUADRANTS)
    _starter = "quadrants = [____, ____, ____, ____, ____]"
    _prompt = """\
Two questions place an account in the portfolio matrix: is its potential high (at or above the
cut shown in the table's header), and is its share of potential high (what it bought from us
over what it could buy, at or above the threshold in the header)? High potential and high
share: **key**; high potential, low share: **conquer**; low potential, high share:
**maintain**; both low: **monitor**. Run `q7.show()`: five accounts of your territory. Write
their quadrants in `quadrants`, in the order of the table's rows (the codes `key`, `conquer`,
`maintain`, `monitor` or the labels)."""
    _prompt_pt = """\
Duas perguntas põem uma conta na matriz de carteira: o potencial dela é alto (igual ou acima do
corte no cabeçalho da tabela)? A participação no potencial é alta (o que ela comprou da gente
sobre o que poderia comprar, igual ou acima do limite no cabeçalho)? Potencial alto e
participação alta: **conta-chave**; potencial alto e participação baixa: **conquistar**;
potencial baixo e participação alta: **manter**; os dois baixos: **monitorar**. Rode
`q7.show()`: cinco contas do seu território. Escreva os quadrantes delas em `quadrants`, na
ordem das linhas da tabela (`"conta-chave"`, `"conquistar"`, `"manter"`, `"monitorar"` ou os
códigos `key`, `conquer`, `maintain`, `monitor`)."""
    _hint = (
        "Answer the two questions row by row: first the potential against the cut, then "
        "the share against the threshold."
    )
    _hint_pt = (
        "Responda às duas perguntas linha a linha: primeiro o potencial contra o "
        "corte, depois a participação contra o limite."
    )
    _explanation = (
        "Potential says how much an account could buy; share says how much of it "
        "we already win. Both high-potential boxes belong to the KAM programme."
    )
    _explanation_pt = (
        "O potencial diz quanto a conta poderia comprar; a participação, quanto "
        "disso já é nosso. Os dois quadrantes de potencial alto entram no "
        "programa de KAM."
    )
    _mistakes = (
        core.Mistake(
            "p = q7.picked()\n"
            'quadrants = ["key" if high else "monitor" for high in p["high_potential"]]',
            "You judged by potential alone: the share of potential decides between the two "
            "boxes of each row of the matrix.",
            "Você julgou só pelo potencial: é a participação no potencial que decide entre "
            "os dois quadrantes de cada linha da matriz.",
        ),
        core.Mistake(
            'swap = {"key": "conquer", "conquer": "key", "maintain": "monitor",\n'
            '        "monitor": "maintain"}\n'
            "quadrants = [swap[x] for x in q7.answer()]",
            "You read the share the wrong way round: a high share means we already win most "
            "of what the account buys.",
            "Você leu a participação ao contrário: participação alta quer dizer que já "
            "ganhamos a maior parte do que a conta compra.",
        ),
    )

    def _pick(self):
        """The accounts shown: one of each quadrant (clear of the cuts), then one more."""
        seg = kk.segment(self.market, territory=self.territory)
        seg = seg[seg["potential"].notna() & (seg["potential"] > 0)]
        cut = _cut(self)
        threshold = self.market.parameters.share_threshold
        share = seg["share_of_wallet"].fillna(0)
        clear = ((seg["potential"] - cut).abs() > 0.02 * cut) & ((share - threshold).abs() > 0.01)
        seg = seg[clear].sort_values("account_id")
        quadrant = seg["quadrant"].astype(str)
        buys = share > 0
        rows = []
        for q in ("conquer", "maintain", "key", "monitor", "conquer"):
            found = [i for i in seg.index[quadrant == q] if i not in rows]
            if q == "conquer" and rows:  # the second one buys a little, if one does
                found = sorted(found, key=lambda i: not buys[i])
            if found:
                rows.append(found[0])
        rows = self._filled(rows, seg.index)
        picked = seg.loc[rows].reset_index(drop=True)
        return picked.assign(high_potential=picked["potential"] >= cut)

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_money, format_share

        lang = self.language
        pt = lang == "pt-BR"
        p = self.picked()
        currency = self.market.parameters.currency
        cut = format_money(_cut(self), currency, lang, decimals=0)
        threshold = format_share(self.market.parameters.share_threshold, lang)
        return pd.DataFrame(
            {
                **self._numbered(p["account_id"].to_numpy()),
                (
                    f"potencial anual (alto a partir de {cut})"
                    if pt
                    else f"yearly potential (high from {cut})"
                ): [format_money(v, currency, lang, decimals=0) for v in p["potential"]],
                (
                    f"participação no potencial (alta a partir de {threshold})"
                    if pt
                    else f"share of potential (high from {threshold})"
                ): [format_share(v, lang) for v in p["share_of_wallet"].fillna(0)],
            }
        )

    def _expected(self):
        return [str(q) for q in self.picked()["quadrant"]]


class WhereTheGapIs(core.NumberQuestion):
    _title = "How much of the prize is in the conquer box?"
    _title_pt = "Quanto do prêmio está nas contas a conquistar?"
    _var = "conquer_share"
    _percent = True
    _prompt = """\
Run `q8.show()`: your territory by quadrant, with the share of its accounts and the share of its
potential not yet won (what the accounts could buy from us in a year, minus what they bought).
What share of the territory's potential not yet won sits with the accounts to **conquer**? Type
the percentage in `conquer_share` (`4.5` for 4.5%)."""
    _prompt_pt = """\
Rode `q8.show()`: o seu território por quadrante, com a parte das contas e a parte do potencial
ainda não ganho (o que as contas poderiam comprar da gente em um ano, menos o que compraram).
Que parte do potencial ainda não ganho do território está nas contas **a conquistar**? Digite a
porcentagem em `conquer_share` (`4.5` para 4,5%)."""
    _hint = "Read the row of the conquer accounts, in the column of the potential not yet won."
    _hint_pt = "Leia a linha das contas a conquistar, na coluna do potencial ainda não ganho."
    _explanation = (
        "Compare it with their share of the accounts: a few accounts hold much of "
        "the revenue still to win. That is where the pursuit list starts."
    )
    _explanation_pt = (
        "Compare com a parte delas nas contas: poucas contas guardam muito do "
        "faturamento ainda a ganhar. É daí que sai a lista de conquista."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'conquer_share = 100 * (seg["quadrant"] == "conquer").mean()',
            "That is their share of the accounts; read the column of the potential not yet won.",
            "Essa é a parte delas nas contas; leia a coluna do potencial ainda não ganho.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'gap = seg.groupby("quadrant", observed=False)["gap"].sum()\n'
            'conquer_share = 100 * gap["key"] / gap.sum()',
            "That is the row of the key accounts; read the row of the accounts to conquer.",
            "Essa é a linha das contas-chave; leia a linha das contas a conquistar.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_count, format_money_short, format_share

        seg = kk.segment(self.market, territory=self.territory)
        by = seg.groupby("quadrant", observed=False).agg(
            n=("account_id", "size"), gap=("gap", "sum")
        )
        lang = self.language
        pt = lang == "pt-BR"
        currency = self.market.parameters.currency
        return pd.DataFrame(
            {
                "quadrante" if pt else "quadrant": [kk.label(str(q), lang) for q in by.index],
                "contas" if pt else "accounts": [format_count(v, lang) for v in by["n"]],
                "parte das contas" if pt else "share of accounts": [
                    format_share(v, lang) for v in by["n"] / by["n"].sum()
                ],
                "potencial ainda não ganho" if pt else "potential not yet won": [
                    format_money_short(v, currency, lang) for v in by["gap"]
                ],
                "parte do potencial não ganho" if pt else "share of the potential not yet won": [
                    format_share(v, lang) for v in by["gap"] / by["gap"].sum()
                ],
            }
        )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        months = self.market.parameters.lookback_months
        gap = (seg["potential"] * months / 12 - seg["revenue"]).clip(lower=0).fillna(0)
        return gap[seg["quadrant"] == "conquer"].sum() / gap.sum()


class KamProgramme(core.ChoiceQuestion):
    _title = "Which accounts does the KAM programme cover?"
    _title_pt = "Quais contas o programa de KAM cobre?"
    _var = "kam_covers"
    _prompt = """\
In McDonald's portfolio matrix, which the course follows, a key account programme names its
accounts from their potential. Which boxes of your matrix does it cover? Type the letter in
`kam_covers`."""
    _prompt_pt = """\
Na matriz de carteira de McDonald, que o curso segue, um programa de contas-chave escolhe as
contas pelo potencial. Quais quadrantes da sua matriz ele cobre? Digite a letra em
`kam_covers`."""
    _choices = (
        "Only the key accounts (high potential, high share).",
        "The key accounts and the accounts to conquer: both high-potential boxes.",
        "The key accounts and the accounts to maintain: those with a high share.",
        "Every account of the territory.",
    )
    _choices_pt = (
        "Só as contas-chave (potencial alto, participação alta).",
        "As contas-chave e as contas a conquistar: os dois quadrantes de potencial alto.",
        "As contas-chave e as contas a manter: as de participação alta.",
        "Todas as contas do território.",
    )
    _reasons = (
        "",
        "",
        "A high share says what we already win, not what an account is worth: the programme "
        "picks accounts by potential.",
        "A programme for every account is no programme: the low-potential boxes are served "
        "through lighter channels.",
    )
    _reasons_pt = (
        "",
        "",
        "Participação alta diz o que já ganhamos, não quanto a conta vale: o programa escolhe "
        "as contas pelo potencial.",
        "Programa para todas as contas não é programa: os quadrantes de potencial baixo são "
        "atendidos por canais mais leves.",
    )
    _hint = (
        "Which of the two axes of the matrix says how much an account is worth to us in the future?"
    )
    _hint_pt = "Qual dos dois eixos da matriz diz quanto uma conta vale para a gente no futuro?"
    _explanation = (
        "Key means protect and develop, conquer means win: both are key accounts in "
        "the literature, and conquer is where the new revenue is."
    )
    _explanation_pt = (
        "Conta-chave quer dizer proteger e desenvolver; conquistar quer dizer "
        "ganhar a conta: as duas são contas-chave na literatura, e é em "
        "conquistar que está o faturamento novo."
    )
    _mistakes = (
        core.Mistake(
            'kam_covers = "a"',
            "The key accounts alone protect today's revenue; the programme also looks at "
            "the high-potential accounts we do not win yet.",
            "Só as contas-chave protegem o faturamento de hoje; o programa também olha as "
            "contas de potencial alto que ainda não ganhamos.",
        ),
    )

    def _expected(self):
        return "b"


QUESTIONS = [
    QuadrantCounts,
    AccountShareOfWallet,
    HighPotentialCut,
    ConquerGap,
    LoyaltyQuadrant,
    EstimatedPotential,
    ClassifyQuadrants,
    WhereTheGapIs,
    KamProgramme,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=4,
    title="Potential and share of wallet",
    lesson="04_potential_and_share_of_wallet",
    module=__name__,
    intro="Place your territory in the portfolio matrix, compute a share of wallet by hand, "
    "find where high potential starts, size the prize in the conquer box, and decide "
    "what a loyalty programme is for; then, without code, place accounts in the matrix, "
    "read how much of the prize the conquer box holds, and say what a KAM programme "
    "covers.",
    title_pt="Potencial e participação no potencial",
    intro_pt="Ponha o seu território na matriz de carteira, calcule na mão uma participação no "
    "potencial, ache onde começa o potencial alto, meça o prêmio nas contas a "
    "conquistar e decida para que serve um programa de fidelidade; depois, sem código, "
    "ponha contas na matriz, leia quanto do prêmio está nas contas a conquistar e diga "
    "o que um programa de KAM cobre.",
)
__all__ = EXERCISES.bind(globals())
