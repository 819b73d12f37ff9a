"""Exercises for lesson 5, prospect pursuit: the high-potential accounts to conquer."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


class PursuitList(core.Question):
    _title = "The pursuit list of your territory"
    _title_pt = "A lista de conquista do seu território"
    _var = "pursuit"
    _prompt = """\
The pursuit list holds the high-potential accounts with a low share (the conquer quadrant) that
never, or not regularly, bought from us, ranked by the revenue they could bring. Build the
pursuit list of **your territory** and store it in `pursuit` (one row per account)."""
    _prompt_pt = """\
A lista de conquista traz as contas de potencial alto e participação baixa (o quadrante
conquistar) que nunca compraram da gente, ou não compram com regularidade, em ordem do
faturamento que podem trazer. Monte a lista de conquista do **seu território** e guarde em
`pursuit` (uma linha por conta)."""
    _hint = "`kk.pursuit_list(market, territory=territory)`"
    _hint_pt = "`kk.pursuit_list(market, territory=territory)`"
    _solution = "pursuit = kk.pursuit_list(market, territory=territory)"
    _explanation = "Read the `reason` column: it says in words why each account is there."
    _explanation_pt = (
        "Leia a coluna `reason` (motivo): ela diz em palavras por que cada conta está ali."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'pursuit = seg[seg["quadrant"] == "conquer"]',
            "Regular buyers in the conquer quadrant are not pursued: they belong to "
            "account plans. The pursuit list keeps the accounts that never, or not "
            "regularly, bought.",
            "Os compradores regulares do quadrante conquistar não entram na lista: eles "
            "ficam nos planos de conta. A lista de conquista fica com as contas que nunca "
            "compraram, ou não compram com regularidade.",
        ),
        core.Mistake(
            "top = kk.pursuit_list(market, territory=territory)\n"
            "pursuit = pd.concat([top, top.head(3)])",
            "An account must appear once: did you add rows twice?",
            "Cada conta aparece uma vez só: você juntou linhas duas vezes?",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.loc[seg["priority"].notna(), ["account_id"]]


class TopFive(core.Question):
    _title = "The first five to pursue"
    _title_pt = "As cinco primeiras a conquistar"
    _var = "top_five"
    _prompt = """\
Which five accounts should your territory pursue first? Store their account codes in
`top_five`, a list in pursuit order (rank 1 first)."""
    _prompt_pt = """\
Quais cinco contas o seu território deve procurar primeiro? Guarde os códigos delas em
`top_five`, uma lista na ordem da lista de conquista (a 1ª primeiro)."""
    _hints = (
        "`kk.pursuit_list(..., top=5)` keeps the first five ranks.",
        '`table["account_id"].tolist()` turns a column into a list.',
    )
    _hints_pt = (
        "`kk.pursuit_list(..., top=5)` fica com as cinco primeiras posições.",
        '`tabela["account_id"].tolist()` transforma uma coluna em lista.',
    )
    _solution = """\
top = kk.pursuit_list(market, territory=territory, top=5)
top_five = top["account_id"].tolist()"""
    _explanation = "These five get a visit every two weeks: name who goes, and when."
    _explanation_pt = "Essas cinco recebem visita a cada duas semanas: defina quem vai, e quando."
    _ordered = True
    _noun = "account"
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'conquer = seg[seg["quadrant"] == "conquer"]\n'
            'top_five = conquer.nlargest(5, "potential")["account_id"].tolist()',
            "The largest potentials are not the first to pursue: the rank weighs the gap "
            "still to win by the steps already made with the account, and leaves out "
            "regular buyers.",
            "Os maiores potenciais não são os primeiros da lista: a posição pesa o que "
            "ainda falta ganhar pelos avanços já feitos com a conta, e deixa de fora os "
            "compradores regulares.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        ranked = seg[seg["priority"].notna() & (seg["priority"] <= 5)]
        return ranked.sort_values("priority")["account_id"].tolist()


class NeverContacted(core.Question):
    _title = "Pursuit accounts nobody ever contacted"
    _title_pt = "Contas da lista que ninguém nunca procurou"
    _var = "never_contacted"
    _prompt = """\
How many accounts on your territory's pursuit list has nobody **ever** contacted (no visit, call
or e-mail in the visit log)? Store the number in `never_contacted`."""
    _prompt_pt = """\
Quantas contas da lista de conquista do seu território **nunca** receberam contato de ninguém
(nenhuma visita, ligação ou e-mail no registro de visitas)? Guarde o número em
`never_contacted`."""
    _hint = (
        "In the pursuit list, `days_since_contact` is missing (NA) for an account never "
        "contacted: `.isna().sum()` counts them."
    )
    _hint_pt = (
        "Na lista de conquista, `days_since_contact` fica vazio (NA) para a conta "
        "nunca contatada: `.isna().sum()` conta essas contas."
    )
    _solution = """\
pursuit = kk.pursuit_list(market, territory=territory)
never_contacted = pursuit["days_since_contact"].isna().sum()"""
    _explanation = "High potential and nobody ever called: the comfort zone in one number."
    _explanation_pt = "Potencial alto e ninguém nunca ligou: a zona de conforto em um número só."
    _mistakes = (
        core.Mistake(
            "pursuit = kk.pursuit_list(market, territory=territory)\n"
            'never_contacted = (pursuit["visits_without_order"] == 0).sum()',
            "`visits_without_order` counts contacts since the last purchase; an account "
            "with 0 there may well have been contacted before it bought.",
            "`visits_without_order` conta os contatos desde a última compra; uma conta com "
            "0 ali pode muito bem ter sido contatada antes de comprar.",
        ),
        core.Mistake(
            "pursuit = kk.pursuit_list(market, territory=territory)\n"
            'never_contacted = pursuit["days_since_contact"].isna().mean()',
            "That is a share of the list; the question asks for a number of accounts.",
            "Isso é uma fração da lista; a questão pede um número de contas.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return int((seg["priority"].notna() & seg["last_visit"].isna()).sum())


class VisitsPerMonth(core.Question):
    _title = "Plan the cadence"
    _title_pt = "Planeje a cadência de visitas"
    _var = "visits_per_month"
    _prompt = """\
The pursuit list suggests a visit rhythm for each account (`cadence`): every 2 weeks for ranks
1-10, monthly for ranks 11-30, quarterly for the rest. How many pursuit visits a month does that
make for each salesperson of your territory? Count *every 2 weeks* as 2 visits a month,
*monthly* as 1 and *quarterly* as 1/3. Store the result in `visits_per_month`, a Series with one
entry per salesperson."""
    _prompt_pt = """\
A lista de conquista sugere um ritmo de visitas para cada conta (`cadence`, a cadência de
visitas): a cada 2 semanas (`"every 2 weeks"`) da 1ª à 10ª posição, mensal (`"monthly"`) da
11ª à 30ª e trimestral (`"quarterly"`) para o resto. Quantas visitas de conquista por mês isso
dá para cada vendedor do seu território? Conte *a cada 2 semanas* como 2 visitas por mês,
*mensal* como 1 e *trimestral* como 1/3. Guarde o resultado em `visits_per_month`, uma Series
com uma entrada por vendedor."""
    _hints = (
        '`pursuit["cadence"].astype(str).map({"every 2 weeks": 2, "monthly": 1, '
        '"quarterly": 1 / 3})` gives each account its visits a month.',
        '`.groupby(pursuit["salesperson"]).sum()` adds them up per salesperson.',
    )
    _hints_pt = (
        '`pursuit["cadence"].astype(str).map({"every 2 weeks": 2, "monthly": 1, '
        '"quarterly": 1 / 3})` dá as visitas por mês de cada conta.',
        '`.groupby(pursuit["salesperson"]).sum()` soma por vendedor.',
    )
    _solution = """\
pursuit = kk.pursuit_list(market, territory=territory)
rhythm = {"every 2 weeks": 2, "monthly": 1, "quarterly": 1 / 3}
per_month = pursuit["cadence"].astype(str).map(rhythm)
visits_per_month = per_month.groupby(pursuit["salesperson"]).sum()"""
    _explanation = (
        "Put it next to the visits each salesperson makes today: the time has to "
        "come from somewhere, often from low-potential accounts."
    )
    _explanation_pt = (
        "Compare com as visitas que cada vendedor faz hoje: o tempo tem que sair "
        "de algum lugar, muitas vezes das contas de potencial baixo."
    )
    _noun = "salesperson"
    _mistakes = (
        core.Mistake(
            'visits_per_month = kk.pursuit_list(market, territory=territory)["salesperson"]'
            ".value_counts()",
            "That counts the accounts; weigh each one by its cadence (every 2 weeks is 2 "
            "visits a month, monthly 1, quarterly 1/3).",
            "Isso conta as contas; pese cada uma pela cadência (a cada 2 semanas são 2 "
            "visitas por mês, mensal 1, trimestral 1/3).",
        ),
        core.Mistake(
            "pursuit = kk.pursuit_list(market)\n"
            'rhythm = {"every 2 weeks": 2, "monthly": 1, "quarterly": 1 / 3}\n'
            'per_month = pursuit["cadence"].astype(str).map(rhythm)\n'
            'visits_per_month = per_month.groupby(pursuit["salesperson"]).sum()',
            "That plans the whole market; pass `territory=territory`.",
            "Isso planeja o mercado inteiro; passe `territory=territory`.",
        ),
    )

    def _expected(self):
        import numpy as np

        from kamkit.analysis.pursuit import CADENCE_RANKS

        seg = kk.segment(self.market, territory=self.territory)
        listed = seg[seg["priority"].notna()]
        rank = listed["priority"].to_numpy(dtype="int64")
        per_month = np.select(
            [rank <= CADENCE_RANKS[0], rank <= CADENCE_RANKS[1]], [2.0, 1.0], 1 / 3
        )
        return listed.assign(per_month=per_month).groupby("salesperson")["per_month"].sum()


class ComfortZone(core.ThinkingQuestion):
    _title = "Leaving the comfort zone"
    _title_pt = "Sair da zona de conforto"
    _prompt = """\
A reader of the blog post behind this course wrote that the real challenge is conquering the
high-potential account that never, or almost never, bought. Your best salesperson spends most
of her week with loyal regular customers. Why does that happen, and what would make the
accounts on her pursuit list get her time?"""
    _prompt_pt = """\
Um leitor do artigo que deu origem a este curso escreveu que o desafio de verdade é conquistar
a conta de potencial alto que nunca, ou quase nunca, comprou. A sua melhor vendedora passa a
maior parte da semana com clientes regulares e fiéis. Por que isso acontece, e o que faria as
contas da lista de conquista dela ganharem o tempo dela?"""
    _hint = "Think about what is easy, what is measured, and what is rewarded."
    _hint_pt = "Pense no que é fácil, no que é medido e no que é premiado."
    _discussion = """\
Loyal customers are comfortable: they welcome the visit, they order, and the visit report looks
good. A prospect means rejection, a buyer to find, a competitor to displace and months before
an order -- and if the review only counts visits and sales, nothing rewards trying.

What helps: a short, ranked pursuit list with a reason per account (not "go prospect more"); a
visit cadence agreed for the first accounts; moving some loyal, low-potential accounts to
cheaper channels (calls, inside sales) to free time; and a territory review that asks about
conversions and the pursuit list, not only about revenue -- so the effort is seen before the
orders come."""
    _discussion_pt = """\
O cliente fiel é confortável: recebe bem a visita, faz pedido, e o relatório de visitas fica
bonito. Uma conta nova quer dizer ouvir "não", achar o comprador, tirar um concorrente e esperar
meses pelo primeiro pedido -- e, se a reunião de resultados só conta visitas e faturamento, nada
premia a tentativa.

O que ajuda: uma lista de conquista curta, em ordem, com o motivo de cada conta (e não "vai
prospectar mais"); uma cadência de visitas combinada para as primeiras contas; passar algumas
contas fiéis de potencial baixo para canais mais baratos (telefone, televendas) para liberar
tempo; e uma revisão de território que pergunta pelas contas conquistadas e pela lista de
conquista, não só pelo faturamento -- para o esforço aparecer antes dos pedidos."""


# --------------------------------------------------------------------------------------------
# the salesperson's track


class OrderPursuit(core.OrderQuestion):
    _title = "Put five accounts in pursuit order"
    _title_pt = "Ponha cinco contas na ordem da lista de conquista"
    _var = "order"
    _starter = "order = [____, ____, ____, ____, ____]"
    _prompt = """\
The pursuit list ranks the accounts to conquer by the revenue still to win in a year (the
potential not yet won), weighed by the **progress** made with each account. A *step* is an
interaction of the last twelve months (visit, call, e-mail) whose outcome is not a step back
such as "no interest" or "did not answer"; a blank outcome counts. Each step adds a sixth to
the weight, up to three: the amount counts **once** with no step, 1 1/6 times with one step,
1 1/3 times with two, and **1.5 times** with three steps or more. Run `q6.show()`: five
accounts of your territory's list, in no particular order. Write their letters in `order`, the
first to pursue first, e.g. `["C", "A", "E", "B", "D"]`."""
    _prompt_pt = """\
A lista de conquista ordena as contas a conquistar pelo faturamento ainda a ganhar em um ano (o
potencial ainda não ganho), pesado pelo **avanço** feito com cada conta. Um *avanço* é uma
interação dos últimos doze meses (visita, ligação, e-mail) cujo resultado não é um passo atrás,
como "sem interesse" ou "não atendeu"; resultado em branco também conta. Cada avanço soma um
sexto ao peso, até três: o valor conta **uma vez** sem nenhum avanço, 1 1/6 vez com um avanço,
1 1/3 vez com dois e **1,5 vez** com três avanços ou mais. Rode `q6.show()`: cinco contas da
lista do seu território, fora de ordem. Escreva as letras delas em `order`, a primeira a
procurar primeiro, por exemplo `["C", "A", "E", "B", "D"]`."""
    _hints = (
        "Multiply each potential not yet won by its weight (no step 1, one step 7/6, two 4/3, "
        "three or more 1.5), then sort from the largest.",
        "The potential itself does not decide: what the account already buys from us is "
        "left out of what is still to win.",
    )
    _hints_pt = (
        "Multiplique cada potencial ainda não ganho pelo peso dele (sem avanço 1, um avanço "
        "7/6, dois 4/3, três ou mais 1,5) e ordene do maior para o menor.",
        "Não é o potencial que decide: o que a conta já compra da gente fica fora do que "
        "ainda falta ganhar.",
    )
    _explanation = (
        "The list rewards working an account: a visit that is not a step back "
        "lifts it, so the first visit never costs it its place, and a large gap "
        "still comes first."
    )
    _explanation_pt = (
        "A lista premia quem trabalha a conta: uma visita que não é passo atrás "
        "faz a conta subir, então a primeira visita nunca tira a conta do lugar, "
        "e o espaço grande continua vindo na frente."
    )
    _mistakes = (
        core.Mistake(
            'p = q6.picked()\norder = p.sort_values("gap", ascending=False)["letter"].tolist()',
            "You sorted by the amount still to win alone: weigh it by the steps made with "
            "each account (up to three, a sixth more each).",
            "Você ordenou só pelo valor ainda a ganhar: pese-o pelos avanços feitos com "
            "cada conta (até três, um sexto a mais cada).",
        ),
        core.Mistake(
            "p = q6.picked()\n"
            'order = p.sort_values("potential", ascending=False)["letter"].tolist()',
            "You sorted by potential: the list ranks what is still to win, weighed by the "
            "steps made with each account.",
            "Você ordenou pelo potencial: a lista ordena o que ainda falta ganhar, pesado "
            "pelos avanços feitos com cada conta.",
        ),
    )

    def steps(self):
        """Per account code: its steps, the interactions in the analysis window (up to as_of)
        whose outcome is not negative (``kk.pursuit.negative_outcome``); a Series of counts."""
        if "steps" not in self._cache:
            import pandas as pd

            start, end = kk.window(self.market)
            visits = self.market.visits
            dates = visits["date"]
            within = (dates >= start) & (dates < end + pd.Timedelta(days=1))
            within &= visits["account_id"].notna()
            kept = visits[within]
            kept = kept[~kk.pursuit.negative_outcome(kept["outcome"].to_numpy(dtype=object))]
            counts = kept["account_id"].astype(str).value_counts()
            self._cache["steps"] = counts
        return self._cache["steps"]

    def _pick(self):
        """Five accounts of the territory's pursuit list (among the first twenty), with clear
        scores, whose order differs from the order of their gaps, and the order of their gaps
        from that of their potentials, where the list allows; lettered A-E in account order."""
        from itertools import combinations

        table = kk.pursuit_list(self.market, territory=self.territory).head(20)
        table = table.reset_index(drop=True)
        score = table["score"].to_numpy()

        def inversions(rows, column):
            values = table[column].to_numpy()
            return sum(values[a] < values[b] for a, b in combinations(rows, 2))

        best, best_key = list(range(min(5, len(table)))), None
        for rows in combinations(range(len(table)), min(5, len(table))):
            clear = all(score[b] < 0.95 * score[a] for a, b in zip(rows, rows[1:]))
            if not clear:
                continue
            by_gap = sorted(rows, key=lambda r: -table["gap"].iloc[r])
            by_potential = sorted(rows, key=lambda r: -table["potential"].iloc[r])
            key = (
                inversions(rows, "gap") > 0,
                by_gap != by_potential,
                inversions(rows, "gap"),
                inversions(rows, "potential"),
                -sum(rows),
            )
            if best_key is None or key > best_key:
                best, best_key = list(rows), key
        picked = table.iloc[best].sort_values("account_id").reset_index(drop=True)
        return picked.assign(letter=list("ABCDE"[: len(picked)]))

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_money

        lang = self.language
        pt = lang == "pt-BR"
        p = self.picked()
        currency = self.market.parameters.currency
        steps = self.steps().reindex(p["account_id"].astype(str), fill_value=0)
        months = self.market.parameters.lookback_months
        return pd.DataFrame(
            {
                "letra" if pt else "letter": p["letter"].to_numpy(),
                "conta" if pt else "account": p["account_id"].to_numpy(),
                "estágio" if pt else "stage": [kk.label(str(s), lang) for s in p["stage"]],
                "potencial anual" if pt else "yearly potential": [
                    format_money(v, currency, lang, decimals=0) for v in p["potential"]
                ],
                "potencial ainda não ganho" if pt else "potential not yet won": [
                    format_money(v, currency, lang, decimals=0) for v in p["gap"]
                ],
                f"avanços, {months} meses" if pt else f"steps, {months} months": steps.to_numpy(
                    dtype="int64"
                ),
            }
        )

    def _expected(self):
        return self.picked().sort_values("rank")["letter"].tolist()


class VisitsToThePursuit(core.NumberQuestion):
    _title = "Where do the visits go?"
    _title_pt = "Para onde vão as visitas?"
    _var = "pursuit_visits"
    _percent = True
    _prompt = """\
Run `q7.show()`: for each salesperson of your territory, and for the whole territory on the
last row, the accounts, those on the pursuit list, the visits (and calls) of the last twelve
months, and how many of them went to accounts on the pursuit list. What share of the
**territory's** visits went to the accounts on its pursuit list? Type the percentage in
`pursuit_visits` (`4.5` for 4.5%)."""
    _prompt_pt = """\
Rode `q7.show()`: para cada vendedor do seu território, e para o território inteiro na última
linha, as contas, as que estão na lista de conquista, as visitas (e ligações) dos últimos doze
meses e quantas delas foram para contas da lista de conquista. Que parte das visitas do
**território** foi para as contas da lista de conquista? Digite a porcentagem em
`pursuit_visits` (`4.5` para 4,5%)."""
    _hint = "Read the last row, the territory's, in the column of the share of visits."
    _hint_pt = "Leia a última linha, a do território, na coluna da parte das visitas."
    _explanation = (
        "Compare it with the share of the accounts the list holds: when the visits "
        "go elsewhere, the comfort zone is in the numbers."
    )
    _explanation_pt = (
        "Compare com a parte das contas que está na lista: quando as visitas vão "
        "para outro lugar, a zona de conforto aparece nos números."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'pursuit_visits = 100 * seg["priority"].notna().mean()',
            "That is the share of the accounts on the pursuit list; the question is about "
            "where the visits go.",
            "Essa é a parte das contas que está na lista de conquista; a questão é para "
            "onde vão as visitas.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'listed = seg["priority"].notna()\n'
            'pursuit_visits = 100 * (1 - seg.loc[listed, "visits"].sum()\n'
            '                        / seg["visits"].sum())',
            "That is the share of the visits that went to the *other* accounts.",
            "Essa é a parte das visitas que foi para as *outras* contas.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_count, format_share

        lang = self.language
        pt = lang == "pt-BR"
        months = self.market.parameters.lookback_months
        seg = kk.segment(self.market, territory=self.territory)
        seg = seg.assign(
            listed=seg["priority"].notna(),
            listed_visits=seg["visits"].where(seg["priority"].notna(), 0),
        )
        by = seg.groupby("salesperson").agg(
            accounts=("account_id", "size"),
            listed=("listed", "sum"),
            visits=("visits", "sum"),
            listed_visits=("listed_visits", "sum"),
        )
        total = pd.DataFrame(
            {
                "accounts": [len(seg)],
                "listed": [seg["listed"].sum()],
                "visits": [seg["visits"].sum()],
                "listed_visits": [seg["listed_visits"].sum()],
            },
            index=["total do território" if pt else "territory total"],
        )
        by = pd.concat([by, total])
        share = by["listed_visits"] / by["visits"].where(by["visits"] > 0)
        return pd.DataFrame(
            {
                "vendedor" if pt else "salesperson": list(by.index),
                "contas" if pt else "accounts": [format_count(v, lang) for v in by["accounts"]],
                "na lista de conquista" if pt else "on the pursuit list": [
                    format_count(v, lang) for v in by["listed"]
                ],
                f"visitas, {months} meses" if pt else f"visits, {months} months": [
                    format_count(v, lang) for v in by["visits"]
                ],
                "visitas a contas da lista" if pt else "visits to listed accounts": [
                    format_count(v, lang) for v in by["listed_visits"]
                ],
                "parte das visitas" if pt else "share of the visits": [
                    format_share(v, lang) for v in share
                ],
            }
        )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        visits = seg["visits"].to_numpy(dtype="float64")
        listed = seg["priority"].notna().to_numpy()
        return visits[listed].sum() / visits.sum()


class WhyNotRegulars(core.ChoiceQuestion):
    _title = "Why is a regular buyer with a low share not on the list?"
    _title_pt = "Por que um comprador regular de participação baixa não está na lista?"
    _var = "why_not_listed"
    _prompt = """\
Some regular buyers of your territory have a high potential and a low share of it: they sit in
the conquer box. Yet the pursuit list leaves them out. Why? Type the letter in
`why_not_listed`."""
    _prompt_pt = """\
Alguns compradores regulares do seu território têm potencial alto e participação baixa nele:
estão no quadrante conquistar. Mesmo assim, a lista de conquista os deixa de fora. Por quê?
Digite a letra em `why_not_listed`."""
    _choices = (
        "They are too small to be worth a visit.",
        "They already buy regularly: we grow them with an account plan (more of their needs, "
        "more of our mix), not by prospecting.",
        "The pursuit list only keeps the accounts nobody ever contacted.",
        "Their potential is estimated, so it cannot be trusted.",
    )
    _choices_pt = (
        "São pequenas demais para valer uma visita.",
        "Elas já compram com regularidade: crescemos nelas com um plano de conta (mais das "
        "necessidades delas, mais do nosso mix), não com prospecção.",
        "A lista de conquista só fica com as contas que ninguém nunca procurou.",
        "O potencial delas é estimado, então não dá para confiar.",
    )
    _reasons = (
        "They are in the conquer box: their potential is high, not small.",
        "",
        "The list holds accounts contacted before too, approached or lapsed: look at its "
        "last-contact column.",
        "Estimated or not, the list ranks the accounts with an estimated potential too.",
    )
    _reasons_pt = (
        "Elas estão no quadrante conquistar: o potencial delas é alto, não pequeno.",
        "",
        "A lista também tem contas já procuradas, abordadas ou inativas: veja a coluna do "
        "último contato.",
        "Estimado ou não, a lista também ordena as contas com potencial estimado.",
    )
    _hint = "What do these accounts already do that the accounts on the list do not?"
    _hint_pt = "O que essas contas já fazem que as contas da lista não fazem?"
    _explanation = (
        "Prospecting is for accounts that do not buy yet; a regular customer with "
        "room to grow needs a plan to win a larger share of its purchases."
    )
    _explanation_pt = (
        "Prospecção é para quem ainda não compra; um cliente regular com espaço "
        "para crescer precisa de um plano para ganhar uma parte maior das compras "
        "dele."
    )
    _mistakes = (
        core.Mistake(
            'why_not_listed = "c"',
            "The list holds accounts contacted before too, approached or lapsed: look at "
            "its last-contact column.",
            "A lista também tem contas já procuradas, abordadas ou inativas: veja a coluna "
            "do último contato.",
        ),
    )

    def _expected(self):
        return "b"


QUESTIONS = [
    PursuitList,
    TopFive,
    NeverContacted,
    VisitsPerMonth,
    ComfortZone,
    OrderPursuit,
    VisitsToThePursuit,
    WhyNotRegulars,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=5,
    title="Prospect pursuit",
    lesson="05_prospect_pursuit",
    module=__name__,
    intro="Build your territory's pursuit list, pick the first accounts, find those nobody "
    "ever contacted, and plan the visits the cadence asks for; then, without code, put "
    "accounts in pursuit order, see where the visits go, and say why regular buyers are "
    "not pursued.",
    title_pt="Lista de conquista",
    intro_pt="Monte a lista de conquista do seu território, escolha as primeiras contas, ache "
    "as que ninguém nunca procurou e planeje as visitas que a cadência pede; depois, "
    "sem código, ponha contas na ordem da lista, veja para onde vão as visitas e diga "
    "por que os compradores regulares não entram na lista.",
)
__all__ = EXERCISES.bind(globals())
