"""Exercises for lesson 6, CRM vs KAM: is the effort where the potential is?"""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


class KeyCoverage(core.Question):
    _title = "How well are your key accounts covered?"
    _title_pt = "Como está a cobertura das suas contas-chave?"
    _var = "key_contacted"
    _prompt = """\
`kk.coverage(market, territory=territory, days=90)` puts the CRM next to KAM: for each quadrant
and stage, how many accounts there are, how much potential, how many interactions, and the share
of accounts contacted in the last 90 days (`contacted_share`) -- a shorter horizon than the
default, the analysis window the scorecard's coverage counts. What share of your territory's
**key** accounts had a contact in the last 90 days? Store it in `key_contacted`."""
    _prompt_pt = """\
`kk.coverage(market, territory=territory, days=90)` põe o CRM ao lado do KAM: para cada
quadrante e estágio, quantas contas há, quanto potencial, quantas interações e a parte das
contas com contato nos últimos 90 dias (`contacted_share`) -- um horizonte mais curto que o
padrão, a janela de análise que a cobertura do placar conta. Que parte das **contas-chave** do
seu território teve algum contato nos últimos 90 dias? Guarde em `key_contacted`."""
    _hint = (
        'Keep the row where `group == "quadrant"` and `value == "key"` and take its '
        "`contacted_share` (`.iloc[0]` gives the single value)."
    )
    _hint_pt = (
        'Fique com a linha em que `group == "quadrant"` e `value == "key"` e pegue o '
        "`contacted_share` dela (`.iloc[0]` dá o valor único)."
    )
    _solution = """\
cov = kk.coverage(market, territory=territory, days=90)
key = (cov["group"] == "quadrant") & (cov["value"] == "key")
key_contacted = cov.loc[key, "contacted_share"].iloc[0]"""
    _explanation = (
        "Every key account not contacted is a risk: the next question lists them. "
        "Without `days=90` the table counts the whole window, as the scorecard does."
    )
    _explanation_pt = (
        "Cada conta-chave sem contato é um risco: a próxima questão lista quais "
        "são. Sem `days=90` a tabela conta a janela inteira, como o placar."
    )
    _mistakes = (
        core.Mistake(
            "cov = kk.coverage(market, territory=territory, days=90)\n"
            'key = (cov["group"] == "quadrant") & (cov["value"] == "key")\n'
            'key_contacted = cov.loc[key, "accounts_share"].iloc[0]',
            "That is the share of the territory's accounts that are key; the question asks "
            "how many of the key accounts were contacted.",
            "Essa é a parte das contas do território que são contas-chave; a questão pede "
            "quantas das contas-chave tiveram contato.",
        ),
        core.Mistake(
            "cov = kk.coverage(market, territory=territory, days=90)\n"
            'key = (cov["group"] == "quadrant") & (cov["value"] == "conquer")\n'
            'key_contacted = cov.loc[key, "contacted_share"].iloc[0]',
            "That is the conquer row; take the key accounts.",
            "Essa é a linha das contas a conquistar; pegue a das contas-chave.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        key = seg[seg["quadrant"] == "key"]
        days = key["days_since_contact"].astype("float64")
        return (days <= 90).mean() if len(key) else float("nan")


class UnvisitedKey(core.Question):
    _title = "Key accounts left alone"
    _title_pt = "Contas-chave abandonadas"
    _var = "unvisited_key"
    _prompt = """\
Which **key** accounts of your territory had no contact (visit, call, e-mail) in the last 90
days? Store them in `unvisited_key`, a table with one row per account."""
    _prompt_pt = """\
Quais **contas-chave** do seu território não tiveram nenhum contato (visita, ligação, e-mail)
nos últimos 90 dias? Guarde em `unvisited_key`, uma tabela com uma linha por conta."""
    _hints = (
        "`kk.unvisited(market, territory=territory, days=90)` lists the key *and* conquer "
        "accounts without contact.",
        '`quadrants="key"` keeps only the key accounts.',
    )
    _hints_pt = (
        "`kk.unvisited(market, territory=territory, days=90)` lista as contas-chave *e* as "
        "contas a conquistar sem contato.",
        '`quadrants="key"` deixa só as contas-chave.',
    )
    _solution = """\
unvisited_key = kk.unvisited(market, territory=territory, days=90, quadrants="key")"""
    _explanation = "Each of these is a risk: a large customer nobody is looking after."
    _explanation_pt = "Cada uma delas é um risco: um cliente grande de quem ninguém está cuidando."
    _mistakes = (
        core.Mistake(
            "unvisited_key = kk.unvisited(market, territory=territory, days=90)",
            "That also lists the conquer accounts; the question asks for the key accounts.",
            "Assim vêm junto as contas a conquistar; a questão pede só as contas-chave.",
        ),
        core.Mistake(
            'unvisited_key = kk.unvisited(market, territory=territory, days=30, quadrants="key")',
            "Check the number of days: the question says 90.",
            "Confira o número de dias: a questão fala em 90.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        days = seg["days_since_contact"].astype("float64")
        alone = (seg["quadrant"] == "key") & ~(days <= 90)
        return seg.loc[alone, ["account_id"]]


class LowPotentialEffort(core.Question):
    _title = "Effort on low-potential accounts"
    _title_pt = "Esforço nas contas de baixo potencial"
    _var = "low_potential_share"
    _prompt = """\
What share of your territory's interactions of the last twelve months went to **low-potential**
accounts (the quadrants `maintain` and `monitor`)? Store it in `low_potential_share` as a
fraction."""
    _prompt_pt = """\
Que parte das interações dos últimos doze meses do seu território foi para contas de **baixo
potencial** (os quadrantes `maintain` e `monitor`: manter e monitorar)? Guarde em
`low_potential_share` como fração."""
    _hints = (
        "`kk.coverage(market, territory=territory)` has one row per quadrant with `visits_share`.",
        'Keep the rows where `group == "quadrant"` and `value` is maintain or monitor, and add '
        "up their `visits_share`.",
    )
    _hints_pt = (
        "`kk.coverage(market, territory=territory)` tem uma linha por quadrante, com "
        "`visits_share`.",
        'Fique com as linhas em que `group == "quadrant"` e `value` é maintain ou monitor e some '
        "o `visits_share` delas.",
    )
    _solution = """\
cov = kk.coverage(market, territory=territory)
low = (cov["group"] == "quadrant") & cov["value"].isin(["maintain", "monitor"])
low_potential_share = cov.loc[low, "visits_share"].sum()"""
    _explanation = (
        "Compare it with the share of the territory's potential those accounts "
        "hold (`potential_share`)."
    )
    _explanation_pt = (
        "Compare com a parte do potencial do território que essas contas têm (`potential_share`)."
    )
    _mistakes = (
        core.Mistake(
            "cov = kk.coverage(market, territory=territory)\n"
            'low = (cov["group"] == "quadrant") & cov["value"].isin(["maintain", "monitor"])\n'
            'low_potential_share = cov.loc[low, "accounts_share"].sum()',
            "That is the share of *accounts* in those quadrants; the question asks for "
            "the share of *interactions*.",
            "Essa é a parte das *contas* nesses quadrantes; a questão pede a parte das "
            "*interações*.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        low = seg["quadrant"].isin(["maintain", "monitor"])
        return seg.loc[low, "visits"].sum() / seg["visits"].sum()


class ComfortZoneSalesperson(core.Question):
    _title = "Who works in the comfort zone?"
    _title_pt = "Quem trabalha na zona de conforto?"
    _var = "most_low_potential"
    _prompt = """\
`kk.effort_by_salesperson(market, territory=territory)` shows, for each salesperson, the share
of their interactions that go to low-potential accounts (`low_potential_visits_share`). Which
salesperson of your territory has the **highest** share? Store the name in
`most_low_potential` (a text)."""
    _prompt_pt = """\
`kk.effort_by_salesperson(market, territory=territory)` mostra, para cada vendedor, a parte das
interações dele que vai para contas de baixo potencial (`low_potential_visits_share`). Qual
vendedor do seu território tem a **maior** parte? Guarde o nome em `most_low_potential` (um
texto)."""
    _hint = (
        "Sort the table by `low_potential_visits_share`, or use `table.loc[table["
        '"low_potential_visits_share"].idxmax(), "salesperson"]`.'
    )
    _hint_pt = (
        "Ordene a tabela por `low_potential_visits_share`, ou use `table.loc[table["
        '"low_potential_visits_share"].idxmax(), "salesperson"]`.'
    )
    _solution = """\
effort = kk.effort_by_salesperson(market, territory=territory)
top = effort["low_potential_visits_share"].idxmax()
most_low_potential = effort.loc[top, "salesperson"]"""
    _explanation = (
        "A conversation to have with numbers on the table, not a blame: what "
        "would free their time for the high-potential accounts?"
    )
    _explanation_pt = (
        "Uma conversa para ter com os números na mesa, não uma bronca: o que "
        "liberaria o tempo dele para as contas de alto potencial?"
    )
    _mistakes = (
        core.Mistake(
            "effort = kk.effort_by_salesperson(market, territory=territory)\n"
            'most_low_potential = effort["low_potential_visits_share"].max()',
            "That is the highest share itself; the question asks for the name of the "
            "salesperson who has it.",
            "Essa é a maior parte em si; a questão pede o nome do vendedor que a tem.",
        ),
        core.Mistake(
            "effort = kk.effort_by_salesperson(market, territory=territory)\n"
            'most_low_potential = effort.loc[effort["low_potential_visits_share"].idxmin(),'
            ' "salesperson"]',
            "That is the lowest share; look for the highest.",
            "Essa é a menor parte; procure a maior.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        seg = seg.assign(
            low=seg["quadrant"].isin(["maintain", "monitor"]) * seg["visits"],
            salesperson=seg["salesperson"].fillna(""),
        )
        by = seg.groupby("salesperson")[["low", "visits"]].sum()
        return (by["low"] / by["visits"]).idxmax()


def _by_quadrant(q):
    """Your territory's shares of accounts, potential and interactions per quadrant (the
    numbers behind lesson 6's coverage chart), from the segmentation."""
    seg = kk.segment(q.market, territory=q.territory)
    shares = {}
    for quadrant in kk.QUADRANTS:
        mine = seg["quadrant"] == quadrant
        shares[quadrant] = (
            mine.mean() if len(seg) else 0.0,
            seg.loc[mine, "potential"].sum() / seg["potential"].sum(),
            seg.loc[mine, "visits"].sum() / max(seg["visits"].sum(), 1),
        )
    return shares


def _quadrant_table(q):
    """The table questions on where the effort goes show: one row per quadrant, in the set's
    language."""
    import pandas as pd

    from kamkit.presentation.i18n import format_share

    lang = q.language
    pt = lang == "pt-BR"
    shares = _by_quadrant(q)
    head = (
        ("quadrante", "parte das contas", "parte do potencial", "parte das interações")
        if pt
        else ("quadrant", "share of accounts", "share of potential", "share of interactions")
    )
    return pd.DataFrame(
        {
            head[0]: [kk.label(k, lang) for k in kk.QUADRANTS],
            head[1]: [format_share(shares[k][0], lang) for k in kk.QUADRANTS],
            head[2]: [format_share(shares[k][1], lang) for k in kk.QUADRANTS],
            head[3]: [format_share(shares[k][2], lang) for k in kk.QUADRANTS],
        }
    )


class ConquerEffort(core.NumberQuestion):
    _title = "How much of the effort goes to the accounts to conquer?"
    _title_pt = "Quanto do esforço vai para as contas a conquistar?"
    _var = "conquer_effort"
    _percent = True
    _prompt = """\
Run `q7.show()`: for each box of the portfolio matrix, its share of your territory's accounts,
of its potential and of its interactions (visits, calls, e-mails) of the last twelve months.
What share of the interactions went to the accounts to **conquer** -- high potential, low share
of wallet? Type the percentage in `conquer_effort` (`12.5` for 12.5%)."""
    _prompt_pt = """\
Rode `q7.show()`: para cada quadrante da matriz de carteira, a parte dele nas contas do seu
território, no potencial e nas interações (visitas, ligações, e-mails) dos últimos doze meses.
Que parte das interações foi para as contas a **conquistar** -- potencial alto, participação
baixa? Digite a porcentagem em `conquer_effort` (`12.5` para 12,5%)."""
    _hint = "Read the row of the accounts to conquer, in the column of the interactions."
    _hint_pt = "Leia a linha das contas a conquistar, na coluna das interações."
    _explanation = (
        "Put it next to the same row's share of the potential: when the potential "
        "bar is far longer than the effort bar, the growth is waiting for visits."
    )
    _explanation_pt = (
        "Ponha ao lado da parte do potencial da mesma linha: quando o potencial "
        "é muito maior que o esforço, o crescimento está esperando visita."
    )
    _mistakes = (
        core.Mistake(
            "conquer_effort = 100 * kk.coverage(market, territory=territory)"
            '.set_index("value").loc["conquer", "potential_share"]',
            "That is the share of the potential the accounts to conquer hold; the question "
            "asks for the share of the interactions they get.",
            "Essa é a parte do potencial que as contas a conquistar têm; a questão pede a "
            "parte das interações que elas recebem.",
        ),
        core.Mistake(
            "conquer_effort = 100 * kk.coverage(market, territory=territory)"
            '.set_index("value").loc["key", "visits_share"]',
            "That is the row of the key accounts (high potential, high share); read the "
            "accounts to conquer.",
            "Essa é a linha das contas-chave (potencial alto, participação alta); leia a "
            "das contas a conquistar.",
        ),
    )

    _table = _quadrant_table

    def _expected(self):
        seg = kk.segment(self.market, territory=self.territory)
        return seg.loc[seg["quadrant"] == "conquer", "visits"].sum() / seg["visits"].sum()


class ComfortZoneBox(core.ChoiceQuestion):
    _title = "Which box is the comfort zone?"
    _title_pt = "Qual quadrante é a zona de conforto?"
    _var = "comfort_zone"
    _show = True
    _prompt = """\
Run `q8.show()` (the same table). If the effort followed the potential, each box would get
about the share of the interactions that it holds of the potential. The comfort zone is the box
whose share of the interactions is **furthest above** its share of the potential: time spent
where it is easy, not where the potential is. Which box is it in your territory? Type the
letter in `comfort_zone`."""
    _prompt_pt = """\
Rode `q8.show()` (a mesma tabela). Se o esforço seguisse o potencial, cada quadrante receberia
das interações mais ou menos a parte que ele tem do potencial. A zona de conforto é o quadrante
cuja parte nas interações fica **mais acima** da parte dele no potencial: tempo gasto onde é
fácil, não onde está o potencial. Qual é esse quadrante no seu território? Digite a letra em
`comfort_zone`."""
    _choices = tuple(kk.label(k, "en") for k in kk.QUADRANTS)
    _choices_pt = tuple(kk.label(k, "pt-BR") for k in kk.QUADRANTS)
    _reasons = (
        "Compare again: the key accounts deserve much contact, and another box gets far more "
        "interactions than its potential.",
        "Compare again: in this box the potential is larger than the effort it gets -- that is "
        "potential waiting, the opposite of a comfort zone.",
        "Compare again: another box gets far more interactions than its potential.",
        "Compare again: another box gets far more interactions than its potential.",
    )
    _reasons_pt = (
        "Compare de novo: as contas-chave merecem muito contato, e outro quadrante recebe "
        "muito mais interações do que o potencial dele.",
        "Compare de novo: neste quadrante o potencial é maior que o esforço que ele recebe -- "
        "é potencial esperando, o contrário da zona de conforto.",
        "Compare de novo: outro quadrante recebe muito mais interações do que o potencial dele.",
        "Compare de novo: outro quadrante recebe muito mais interações do que o potencial dele.",
    )
    _hint = (
        "For each row, subtract the share of the potential from the share of the "
        "interactions; the largest difference is the answer."
    )
    _hint_pt = (
        "Em cada linha, subtraia a parte do potencial da parte das interações; a maior "
        "diferença é a resposta."
    )
    _explanation = (
        "Those accounts already buy from you and are easy to visit. Serve them by "
        "phone and e-mail, and give the hours freed to the accounts to conquer."
    )
    _explanation_pt = (
        "Essas contas já compram de você e são fáceis de visitar. Atenda-as por "
        "telefone e e-mail e dê as horas que sobrarem às contas a conquistar."
    )
    _mistakes = (
        core.Mistake(
            'comfort_zone = "b"',
            "In that box the potential is larger than the effort it gets: potential "
            "waiting, the opposite of a comfort zone.",
            "Nesse quadrante o potencial é maior que o esforço que ele recebe: potencial "
            "esperando, o contrário da zona de conforto.",
        ),
    )

    _table = _quadrant_table

    def _expected(self):
        shares = _by_quadrant(self)
        gaps = [shares[k][2] - shares[k][1] for k in kk.QUADRANTS]
        return self._letter_of_largest(gaps)


class KeyLeftAloneCount(core.NumberQuestion):
    _title = "Read the visit log: key accounts without a contact for a quarter"
    _title_pt = "Leia o registro de visitas: contas-chave sem contato há um trimestre"
    _var = "key_alone"
    _prompt = """\
Run `q9.show()`: every **key** account of your territory, with its salesperson and the days
since its last contact (visit, call or e-mail; blank when nobody ever contacted it). How many
had no contact in the last 90 days? Type the number in `key_alone`."""
    _prompt_pt = """\
Rode `q9.show()`: todas as **contas-chave** do seu território, com o vendedor e os dias desde o
último contato (visita, ligação ou e-mail; em branco quando ninguém nunca fez contato). Quantas
ficaram sem contato nos últimos 90 dias? Digite o número em `key_alone`."""
    _hint = "Count the rows with more than 90 days, and the blank ones: never contacted."
    _hint_pt = "Conte as linhas com mais de 90 dias e as em branco: nunca tiveram contato."
    _explanation = (
        "Each of them is a large customer a competitor may be visiting: put them "
        "in next week's plan before any new visit to a loyal, small account."
    )
    _explanation_pt = (
        "Cada uma é um cliente grande que um concorrente pode estar visitando: "
        "ponha essas contas na agenda da semana que vem antes de qualquer nova "
        "visita a uma conta pequena e fiel."
    )
    _mistakes = (
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'days = seg.loc[seg["quadrant"] == "key", "days_since_contact"]\n'
            "key_alone = int((days.isna() | (days > 30)).sum())",
            "Check the number of days: the question says 90, a quarter, not a month.",
            "Confira o número de dias: a questão fala em 90, um trimestre, não um mês.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'days = seg.loc[seg["quadrant"] == "key", "days_since_contact"]\n'
            "key_alone = int((days <= 90).sum())",
            "Those are the key accounts that were contacted; count those left alone.",
            "Essas são as contas-chave que tiveram contato; conte as que ficaram sem.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_count, format_money

        lang = self.language
        pt = lang == "pt-BR"
        seg = kk.segment(self.market, territory=self.territory)
        key = seg[seg["quadrant"] == "key"].sort_values("potential", ascending=False)
        currency = self.market.parameters.currency
        return pd.DataFrame(
            {
                "conta" if pt else "account": key["account_id"].to_numpy(),
                "vendedor" if pt else "salesperson": key["salesperson"].fillna("").to_numpy(),
                "potencial" if pt else "potential": [
                    format_money(v, currency, lang, decimals=0) for v in key["potential"]
                ],
                "dias desde o último contato" if pt else "days since the last contact": [
                    "" if pd.isna(d) else format_count(int(d), lang)
                    for d in key["days_since_contact"]
                ],
            }
        )

    def _expected(self):
        table = kk.unvisited(self.market, territory=self.territory, days=90)
        return int((table["quadrant"] == "key").sum())


class CrmVsKam(core.ThinkingQuestion):
    _title = "CRM vs KAM"
    _title_pt = "CRM e KAM"
    _prompt = """\
Give one question only the CRM (the visit log) can answer, one only KAM (the account strategy)
can answer, and one that needs both joined together."""
    _prompt_pt = """\
Cite uma pergunta que só o CRM (o registro de visitas) responde, uma que só o KAM (a estratégia
das contas) responde e uma que precisa dos dois juntos."""
    _hint = "The CRM records what happened; KAM decides what should happen."
    _hint_pt = "O CRM registra o que aconteceu; o KAM decide o que deve acontecer."
    _discussion = """\
- **CRM alone**: who visited which account, when, and what came out of it ("when did we last
  see this buyer, and what did they say?").
- **KAM alone**: which accounts deserve effort and what treatment each gets ("which accounts
  are key, which ones do we conquer, and which are served by phone?").
- **Both joined**: is the effort where the potential is? ("which key accounts had no visit in
  90 days?", "what share of visits goes to low-potential accounts?", "are pursuit accounts
  being called?").

CRM records the relationship; KAM decides where to put effort. One without the other is either
a diary nobody steers by, or a plan nobody checks -- they complement each other and must be
integrated."""
    _discussion_pt = """\
- **Só o CRM**: quem visitou qual conta, quando e o que saiu dali ("quando vimos esse comprador
  pela última vez, e o que ele disse?").
- **Só o KAM**: quais contas merecem esforço e que tratamento cada uma recebe ("quais são as
  contas-chave, quais vamos conquistar e quais atendemos por telefone?").
- **Os dois juntos**: o esforço está onde está o potencial? ("quais contas-chave ficaram 90
  dias sem visita?", "que parte das visitas vai para contas de baixo potencial?", "as contas da
  lista de prospecção estão sendo procuradas?").

O CRM registra o relacionamento; o KAM decide onde pôr o esforço. Um sem o outro é um diário
que ninguém usa para decidir, ou um plano que ninguém confere -- os dois se completam e precisam
andar integrados."""


class MoreVisits(core.ThinkingQuestion):
    _title = "More visits: is KAM working?"
    _title_pt = "Mais visitas: o KAM está funcionando?"
    _prompt = """\
The CRM report says the team made 20% more visits this quarter than last. The director is
pleased. What would you look at before concluding that KAM is working?"""
    _prompt_pt = """\
O relatório do CRM diz que a equipe fez 20% mais visitas neste trimestre do que no anterior. O
diretor ficou contente. O que você olharia antes de concluir que o KAM está funcionando?"""
    _hint = "More effort is not the same as effort in the right places."
    _hint_pt = "Mais esforço não é o mesmo que esforço no lugar certo."
    _discussion = """\
Where the visits went, and what moved: the share of interactions on key and conquer accounts
against their share of the potential; how many key and conquer accounts are still without
contact; whether pursuit accounts were contacted; and, in the territory review, conversions
(prospects that started buying) and lapses. Twenty percent more visits to the same loyal,
low-potential customers is more cost, not more KAM."""
    _discussion_pt = """\
Para onde as visitas foram e o que mudou: a parte das interações nas contas-chave e nas contas
a conquistar, comparada com a parte delas no potencial; quantas contas-chave e a conquistar
continuam sem contato; se as contas da lista de prospecção foram procuradas; e, na revisão de
território, as conversões (contas que começaram a comprar) e as inativações. Vinte por cento
mais visitas aos mesmos clientes fiéis de baixo potencial é mais custo, não mais KAM."""


QUESTIONS = [
    KeyCoverage,
    UnvisitedKey,
    LowPotentialEffort,
    ComfortZoneSalesperson,
    CrmVsKam,
    MoreVisits,
    ConquerEffort,
    ComfortZoneBox,
    KeyLeftAloneCount,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=6,
    title="CRM vs KAM",
    lesson="06_crm_vs_kam",
    module=__name__,
    intro="Join the visit log with the account strategy: the coverage of your territory, key "
    "accounts left alone, effort on low-potential accounts, and what the CRM alone "
    "cannot tell; then, without code, where your territory's effort goes against its "
    "potential.",
    title_pt="CRM e KAM",
    intro_pt="Junte o registro de visitas com a estratégia das contas: a cobertura do seu "
    "território, as contas-chave abandonadas, o esforço nas contas de baixo potencial "
    "e o que o CRM sozinho não conta; depois, sem código, para onde vai o esforço do "
    "seu território comparado com o potencial dele.",
)
__all__ = EXERCISES.bind(globals())
