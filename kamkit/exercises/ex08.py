"""Exercises for lesson 8, territory review: the evolution of each territory."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


def _stage_count(market, as_of, territory, stage: str) -> int:
    seg = kk.segment(market, as_of=as_of, territory=territory)
    return int((seg["stage"] == stage).sum())


class LapsedChange(core.Question):
    _title = "Lapsed customers since the previous review"
    _title_pt = "Clientes inativos desde a revisão anterior"
    _var = "lapsed_change"
    _prompt = """\
`kk.scorecard(market, territory=territory)` is your territory's review: stage counts now and
their change since the previous review (by default the end of the month three months before).
By how much did the number of **lapsed** customers of your territory change since the previous
review? Store the change (a negative number if it fell) in `lapsed_change`."""
    _prompt_pt = """\
`kk.scorecard(market, territory=territory)` é a revisão do seu território: as contas por
estágio hoje e a variação desde a revisão anterior (por padrão, o fim do mês de três meses
atrás). Quanto variou o número de **clientes inativos** do seu território desde a revisão
anterior? Guarde a variação (um número negativo se caiu) em `lapsed_change`."""
    _hints = (
        "The scorecard has a column `lapsed_change`.",
        "The scorecard of one territory has one row: take the value with `.iloc[0]`.",
    )
    _hints_pt = (
        "O placar tem a coluna `lapsed_change`.",
        "O placar de um território tem uma linha só: pegue o valor com `.iloc[0]`.",
    )
    _solution = """\
card = kk.scorecard(market, territory=territory)
lapsed_change = card["lapsed_change"].iloc[0]"""
    _explanation = "Which accounts are they, and could their lapse have been seen coming?"
    _explanation_pt = "Quais são essas contas, e dava para ver a inativação chegando?"
    _mistakes = (
        core.Mistake(
            "card = kk.scorecard(market, territory=territory)\n"
            'lapsed_change = card["lapsed"].iloc[0]',
            "That is the number of lapsed customers now; the question asks for the change "
            "since the previous review.",
            "Esse é o número de clientes inativos hoje; a questão pede a variação desde a "
            "revisão anterior.",
        ),
        core.Mistake(
            "card = kk.scorecard(market)\n"
            'lapsed_change = card.loc[card["territory"] == "all", "lapsed_change"].iloc[0]',
            'That is the row "all", the whole market; take your territory\'s row.',
            'Essa é a linha "all", o mercado inteiro; pegue a linha do seu território.',
        ),
    )

    def _expected(self):
        m = self.market
        before = kk.previous_review(m.as_of)
        return _stage_count(m, m.as_of, self.territory, "lapsed") - _stage_count(
            m, before, self.territory, "lapsed"
        )


class ReviewConversions(core.Question):
    _title = "Conversions since the previous review"
    _title_pt = "Conversões desde a revisão anterior"
    _var = "conversions"
    _prompt = """\
A *conversion* is an account that was not buying at the previous review (untouched, approached
or lapsed) and buys now (occasional or regular). How many conversions did your territory make
since the previous review? Store the number in `conversions`."""
    _prompt_pt = """\
Uma *conversão* é uma conta que não comprava na revisão anterior (não prospectada, abordada sem
compra ou inativa) e agora compra (compradora eventual ou regular). Quantas conversões o seu
território fez desde a revisão anterior? Guarde o número em `conversions`."""
    _hint = "The scorecard has a column `conversions`."
    _hint_pt = "O placar tem a coluna `conversions`."
    _solution = """\
card = kk.scorecard(market, territory=territory)
conversions = card["conversions"].iloc[0]"""
    _mistakes = (
        core.Mistake(
            "card = kk.scorecard(market)\n"
            'conversions = card.loc[card["territory"] == "all", "conversions"].iloc[0]',
            'That is the row "all", the whole market; take your territory\'s row.',
            'Essa é a linha "all", o mercado inteiro; pegue a linha do seu território.',
        ),
        core.Mistake(
            "card = kk.scorecard(market, territory=territory)\n"
            'conversions = card["regular_change"].iloc[0]',
            "The change in regular buyers mixes conversions, occasional buyers becoming "
            "regular, and regular buyers slipping back; use the conversions column.",
            "A variação dos compradores regulares mistura conversões, eventuais que viraram "
            "regulares e regulares que recuaram; use a coluna das conversões.",
        ),
    )

    def _expected(self):
        m = self.market
        moves = kk.stage_transitions(
            m, kk.previous_review(m.as_of), m.as_of, territory=self.territory
        )
        return int(
            moves.loc[["untouched", "approached", "lapsed"], ["occasional", "regular"]]
            .to_numpy()
            .sum()
        )


class BestCoverage(core.Question):
    _title = "Which territory covers its high-potential accounts best?"
    _title_pt = "Qual território cobre melhor as suas contas de alto potencial?"
    _var = "best_coverage"
    _prompt = """\
`coverage` in the scorecard is the share of a territory's key and conquer accounts with at
least one contact in the last twelve months. Which territory has the **highest** coverage?
Store its name in `best_coverage` (a text). Leave the row `"all"` (the whole market) out."""
    _prompt_pt = """\
A `coverage` (cobertura) do placar é a parte das contas-chave e a conquistar de um território
com pelo menos um contato nos últimos doze meses. Qual território tem a **maior** cobertura?
Guarde o nome dele em `best_coverage` (um texto). Deixe de fora a linha `"all"` (o mercado
inteiro)."""
    _hint = (
        '`card = kk.scorecard(market)` has one row per territory plus "all"; keep '
        '`card[card["territory"] != "all"]` and find the row with the largest `coverage`.'
    )
    _hint_pt = (
        '`card = kk.scorecard(market)` tem uma linha por território mais a "all"; fique '
        'com `card[card["territory"] != "all"]` e ache a linha de maior `coverage`.'
    )
    _solution = """\
card = kk.scorecard(market)
card = card[card["territory"] != "all"]
best_coverage = card.loc[card["coverage"].idxmax(), "territory"]"""
    _explanation = "Ask that territory's team how they do it: the best practice is in the house."
    _explanation_pt = (
        "Pergunte à equipe desse território como ela faz: a melhor prática está dentro de casa."
    )
    _mistakes = (
        core.Mistake(
            "card = kk.scorecard(market)\n"
            'card = card[card["territory"] != "all"]\n'
            'best_coverage = card.loc[card["revenue"].idxmax(), "territory"]',
            "That is the territory with the most revenue; the question is about coverage.",
            "Esse é o território de maior faturamento; a questão é sobre cobertura.",
        ),
        core.Mistake(
            "card = kk.scorecard(market)\n"
            'card = card[card["territory"] != "all"]\n'
            'best_coverage = card.loc[card["coverage"].idxmin(), "territory"]',
            "That is the lowest coverage; look for the highest.",
            "Essa é a menor cobertura; procure a maior.",
        ),
    )

    def _expected(self):
        seg = kk.segment(self.market)
        seg = seg[seg["quadrant"].isin(["key", "conquer"]) & seg["territory"].notna()]
        covered = (seg["visits"] > 0).groupby(seg["territory"]).mean()
        return covered.idxmax()


class CoverageTrend(core.Question):
    _title = "Your territory's coverage, quarter by quarter"
    _title_pt = "A cobertura do seu território, trimestre a trimestre"
    _var = "coverage_trend"
    _prompt = """\
`kk.evolution(market, territory=territory)` repeats the scorecard at the end of each of the
last eight quarters. Make `coverage_trend`, a Series of your territory's `coverage` with one
entry per quarter (the `period` as its index). Is it going up?"""
    _prompt_pt = """\
`kk.evolution(market, territory=territory)` repete o placar no fim de cada um dos últimos oito
trimestres. Monte `coverage_trend`, uma Series com a `coverage` do seu território, um valor por
trimestre (o `period` como índice). Ela está subindo?"""
    _hint = 'Keep your territory\'s rows of the evolution, then `.set_index("period")["coverage"]`.'
    _hint_pt = (
        "Fique com as linhas do seu território na evolução e depois use "
        '`.set_index("period")["coverage"]`.'
    )
    _solution = """\
evolution = kk.evolution(market, territory=territory)
coverage_trend = evolution.set_index("period")["coverage"]"""
    _noun = "quarter"
    _mistakes = (
        core.Mistake(
            "evolution = kk.evolution(market)\n"
            'mine = evolution[evolution["territory"] == "all"]\n'
            'coverage_trend = mine.set_index("period")["coverage"]',
            'That is the row "all", the whole market; keep your territory\'s rows.',
            'Essa é a linha "all", o mercado inteiro; fique com as linhas do seu território.',
        ),
        core.Mistake(
            "evolution = kk.evolution(market, territory=territory)\n"
            'coverage_trend = evolution.set_index("period")["potential_captured"]',
            "That is the share of potential captured; the question asks for coverage.",
            "Essa é a parte do potencial capturada; a questão pede a cobertura.",
        ),
    )

    def _expected(self):
        m = self.market
        ends = {}
        for k in range(8):
            period = m.as_of.to_period("Q") - k
            ends[str(period)] = min(period.end_time.normalize(), m.as_of)
        values = {}
        for label, day in ends.items():
            card = kk.scorecard(m, as_of=day, territory=self.territory)
            values[label] = card["coverage"].iloc[-1]
        import pandas as pd

        return pd.Series(values).sort_index()


class RevenueUpProspectsFlat(core.ThinkingQuestion):
    _title = "Revenue up, prospects untouched"
    _title_pt = "Faturamento subindo, prospecção parada"
    _prompt = """\
A territory's revenue grew 12% in a year, but its number of untouched accounts did not move.
The salesperson expects praise at the review. What do you say, and what do you ask?"""
    _prompt_pt = """\
O faturamento de um território cresceu 12% em um ano, mas o número de contas não prospectadas
não mexeu. O vendedor espera elogios na revisão. O que você diz, e o que você pergunta?"""
    _hint = "Where did the growth come from: new accounts or the same ones?"
    _hint_pt = "De onde veio o crescimento: de contas novas ou das mesmas de sempre?"
    _discussion = """\
Recognise the growth, then look at where it came from: if the untouched count did not move,
the growth came from the accounts already buying -- the comfort zone. That is fine for this
year and fragile for the next: a lapse or two among the top customers erases it, and the
competitors keep the prospects. Ask about the pursuit list (which high-potential prospects
were approached, with what result), agree on a cadence for the first accounts, and put the
untouched and approached counts and the conversions on the agenda of the next review -- so
the territory is judged on how it develops its whole market, not only on revenue."""
    _discussion_pt = """\
Reconheça o crescimento e depois veja de onde ele veio: se as não prospectadas não mexeram, o
crescimento veio das contas que já compravam -- a zona de conforto. Isso serve para este ano e
é frágil para o próximo: uma ou duas inativações entre os maiores clientes apagam o ganho, e a
concorrência fica com as contas que ninguém procurou. Pergunte pela lista de prospecção (quais
contas de alto potencial foram abordadas, e com que resultado), combine uma cadência de visitas
para as primeiras contas e ponha na pauta da próxima reunião de resultados as não prospectadas,
as abordadas sem compra e as conversões -- para que o território seja avaliado por como
desenvolve o mercado inteiro, e não só pelo faturamento."""


def _card_row(q):
    """The territory's scorecard row (the whole market's when there is no territory)."""
    card = kk.scorecard(q.market, territory=q.territory)
    return card.iloc[0] if q.territory else card[card["territory"] == "all"].iloc[0]


def _signed(value: int, language: str) -> str:
    from kamkit.presentation.i18n import format_count

    text = format_count(abs(int(value)), language)
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


class WhichStageMoved(core.ChoiceQuestion):
    _title = "Read the scorecard: which stage moved most?"
    _title_pt = "Leia o placar: qual estágio mais mexeu?"
    _var = "moved_most"
    _show = True
    _prompt = """\
Run `q6.show()`: your territory's scorecard, the accounts in each lifecycle stage today and the
change since the previous review. Which stage moved the most, up **or down**? Type the letter
in `moved_most`."""
    _prompt_pt = """\
Rode `q6.show()`: o placar do seu território, as contas em cada estágio do ciclo de vida hoje e
a variação desde a revisão anterior. Qual estágio mais mexeu, para cima **ou para baixo**?
Digite a letra em `moved_most`."""
    _choices = tuple(kk.label(s, "en") for s in kk.STAGES)
    _choices_pt = tuple(kk.label(s, "pt-BR") for s in kk.STAGES)
    _reasons = tuple(
        "Compare the sizes of the changes again, falls as well as rises." for _ in kk.STAGES
    )
    _reasons_pt = tuple(
        "Compare de novo o tamanho das variações, quedas e altas." for _ in kk.STAGES
    )
    _hint = "Look at the change column and ignore the sign: which number is the largest?"
    _hint_pt = "Olhe a coluna da variação e ignore o sinal: qual número é o maior?"
    _explanation = (
        "That is the first question of the review: which work moved it -- planned "
        "conversions and prospecting, or lapses nobody saw coming?"
    )
    _explanation_pt = (
        "Essa é a primeira pergunta da revisão: que trabalho mexeu esse número -- "
        "conversões e prospecção planejadas, ou inativações que ninguém viu "
        "chegar?"
    )
    _mistakes = (
        core.Mistake(
            "card = kk.scorecard(market, territory=territory)\n"
            'rises = [card[f"{s}_change"].iloc[0] for s in kk.STAGES]\n'
            'moved_most = "abcde"[int(np.argmax(rises))]',
            "That is the largest rise; a fall is a move too: compare the sizes, ignoring the sign.",
            "Essa é a maior alta; uma queda também é movimento: compare o tamanho, "
            "ignorando o sinal.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_count

        lang = self.language
        pt = lang == "pt-BR"
        row = _card_row(self)
        return pd.DataFrame(
            {
                "estágio" if pt else "stage": [kk.label(s, lang) for s in kk.STAGES],
                "contas hoje" if pt else "accounts now": [
                    format_count(int(row[s]), lang) for s in kk.STAGES
                ],
                "variação desde a revisão anterior" if pt else "change since the previous review": [
                    _signed(row[f"{s}_change"], lang) for s in kk.STAGES
                ],
            }
        )

    def _expected(self):
        m = self.market
        before = kk.previous_review(m.as_of)
        moves = [
            abs(
                _stage_count(m, m.as_of, self.territory, s)
                - _stage_count(m, before, self.territory, s)
            )
            for s in kk.STAGES
        ]
        return self._letter_of_largest(moves)


class NetNewBuyers(core.NumberQuestion):
    _title = "Read the scorecard: buyers won against buyers lost"
    _title_pt = "Leia o placar: clientes ganhos contra clientes perdidos"
    _var = "net_buyers"
    _prompt = """\
Run `q7.show()`: since the previous review, your territory's **conversions** (accounts that
were not buying and buy now), its **lapses** (buyers that stopped buying) and the change in
regular buyers. How many more accounts started buying than stopped? Type the number in
`net_buyers` (negative if more stopped than started)."""
    _prompt_pt = """\
Rode `q7.show()`: desde a revisão anterior, as **conversões** do seu território (contas que não
compravam e agora compram), as **inativações** (clientes que pararam de comprar) e a variação
dos compradores regulares. Quantas contas a mais começaram a comprar do que pararam? Digite o
número em `net_buyers` (negativo se pararam mais do que começaram)."""
    _hint = "Conversions minus lapses."
    _hint_pt = "Conversões menos inativações."
    _explanation = (
        "A territory that converts as many as it loses stands still, however busy "
        "it looks: at the review, ask about both lists, account by account."
    )
    _explanation_pt = (
        "Um território que converte tantas contas quantas perde fica parado, por "
        "mais ocupado que pareça: na revisão, pergunte pelas duas listas, conta a "
        "conta."
    )
    _mistakes = (
        core.Mistake(
            "card = kk.scorecard(market, territory=territory)\n"
            'net_buyers = int(card["conversions"].iloc[0])',
            "That is the conversions alone; take away the buyers lost (the lapses).",
            "Essas são só as conversões; desconte os clientes perdidos (as inativações).",
        ),
        core.Mistake(
            "card = kk.scorecard(market, territory=territory)\n"
            'net_buyers = int(card["lapses"].iloc[0] - card["conversions"].iloc[0])',
            "The sign is reversed: buyers won minus buyers lost.",
            "O sinal está trocado: clientes ganhos menos clientes perdidos.",
        ),
        core.Mistake(
            "card = kk.scorecard(market, territory=territory)\n"
            'net_buyers = int(card["regular_change"].iloc[0])',
            "The change in regular buyers mixes conversions with occasional buyers becoming "
            "regular; use the conversions and the lapses.",
            "A variação dos regulares mistura conversões com eventuais que viraram "
            "regulares; use as conversões e as inativações.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_count

        lang = self.language
        pt = lang == "pt-BR"
        row = _card_row(self)
        names = (
            ("conversões", "inativações", "compradores regulares, variação")
            if pt
            else ("conversions", "lapses", "regular buyers, change")
        )
        return pd.DataFrame(
            {
                "desde a revisão anterior" if pt else "since the previous review": names,
                "contas" if pt else "accounts": [
                    format_count(int(row["conversions"]), lang),
                    format_count(int(row["lapses"]), lang),
                    _signed(row["regular_change"], lang),
                ],
            }
        )

    def _expected(self):
        m = self.market
        moves = kk.stage_transitions(
            m, kk.previous_review(m.as_of), m.as_of, territory=self.territory
        )
        won = moves.loc[["untouched", "approached", "lapsed"], ["occasional", "regular"]]
        lost = moves.loc[["occasional", "regular"], ["lapsed"]]
        return int(won.to_numpy().sum() - lost.to_numpy().sum())


#: The classes of WhichFigure and the words a learner may type for each.
_MOVES = {
    "conversion": ("conversion", "conversão", "conversao"),
    "lapse": ("lapse", "inativação", "inativacao"),
    "neither": ("neither", "none", "nenhum", "nenhuma", "nenhuma das duas"),
}

#: The moves WhichFigure shows, in its order: (stage before, stages now).
_SHOWN = (
    ("untouched", ("approached",)),
    ("approached", ("occasional", "regular")),
    ("occasional", ("regular",)),
    ("occasional", ("lapsed",)),
    ("lapsed", ("occasional", "regular")),
    ("untouched", ("occasional", "regular")),
    ("regular", ("lapsed",)),
)


class WhichFigure(core.ClassifyQuestion):
    _title = "Accounts to raise at the review: a conversion, a lapse, or neither?"
    _title_pt = "Contas para levar à revisão: conversão, inativação ou nenhuma das duas?"
    _var = "account_moves"
    _classes = tuple(_MOVES)
    _starter = "account_moves = [____, ____, ____, ____, ____]"
    _prompt = """\
Run `q8.show()`: five accounts of your territory whose stage changed since the previous review,
with their stage then and now. For the review, each one either counts as a **conversion** (it
was not buying and buys now), as a **lapse** (it was buying and stopped), or as neither. Write
`"conversion"`, `"lapse"` or `"neither"` for each, in the order of the rows, in
`account_moves`."""
    _prompt_pt = """\
Rode `q8.show()`: cinco contas do seu território que mudaram de estágio desde a revisão
anterior, com o estágio de antes e o de agora. Na revisão, cada uma conta como **conversão**
(não comprava e agora compra), como **inativação** (comprava e parou) ou como nenhuma das duas.
Escreva `"conversão"`, `"inativação"` ou `"nenhuma"` para cada uma, na ordem das linhas, em
`account_moves`."""
    _hint = (
        "A conversion ends in a buying stage (occasional or regular) and starts in one "
        "that was not buying; a lapse ends in lapsed."
    )
    _hint_pt = (
        "Uma conversão termina num estágio que compra (eventual ou regular) e começa "
        "num que não comprava; uma inativação termina em inativo."
    )
    _explanation = (
        "Conversions are the work on the whole market paying off; lapses are "
        "revenue walking away. Take both lists to the review, account by account."
    )
    _explanation_pt = (
        "As conversões são o trabalho no mercado inteiro dando resultado; as "
        "inativações são faturamento indo embora. Leve as duas listas à revisão, "
        "conta a conta."
    )
    _mistakes = (
        core.Mistake(
            "moved = q8.picked()\n"
            'account_moves = ["conversion" if now in ("occasional", "regular") '
            'else "lapse" if now == "lapsed" else "neither"\n'
            '                 for now in moved["now"]]',
            "An occasional buyer becoming regular was already buying at the previous "
            "review: that is an account growing, not a conversion.",
            "Um comprador eventual que virou regular já comprava na revisão anterior: é uma "
            "conta crescendo, não uma conversão.",
        ),
        core.Mistake(
            "moved = q8.picked()\n"
            'account_moves = ["lapse" if now == "lapsed" else "neither" if before == now '
            'else "conversion"\n'
            '                 for before, now in zip(moved["before"], moved["now"])]',
            "An account approached without a purchase has not converted: a conversion "
            "needs a purchase.",
            "Uma conta abordada sem compra não converteu: conversão exige uma compra.",
        ),
    )

    def _code(self, value):
        if not isinstance(value, str):
            return None
        k = value.strip().casefold()
        for code, words in _MOVES.items():
            if k in words:
                return code
        return None

    def _pick(self):
        """The five accounts shown: account_id, before, now (stage codes)."""
        import pandas as pd

        m = self.market
        before = kk.segment(m, as_of=kk.previous_review(m.as_of), territory=self.territory)
        now = kk.segment(m, territory=self.territory)
        both = before[["account_id", "stage"]].merge(
            now[["account_id", "stage", "potential"]],
            on="account_id",
            suffixes=("_before", "_now"),
        )
        both = both.sort_values(["potential", "account_id"], ascending=[False, True])
        rows = []
        for was, are in _SHOWN:
            hit = both[
                (both["stage_before"].astype(str) == was) & both["stage_now"].astype(str).isin(are)
            ]
            if len(hit):
                rows.append(hit.iloc[0])
            if len(rows) == 5:
                break
        return pd.DataFrame(
            {
                "account_id": [r["account_id"] for r in rows],
                "before": [str(r["stage_before"]) for r in rows],
                "now": [str(r["stage_now"]) for r in rows],
            }
        )

    def _table(self):
        import pandas as pd

        lang = self.language
        pt = lang == "pt-BR"
        picked = self.picked()
        return pd.DataFrame(
            {
                **self._numbered(picked["account_id"].to_numpy()),
                "na revisão anterior" if pt else "at the previous review": [
                    kk.label(s, lang) for s in picked["before"]
                ],
                "hoje" if pt else "now": [kk.label(s, lang) for s in picked["now"]],
            }
        )

    def _expected(self):
        buying = ("occasional", "regular")
        out = []
        for was, now in zip(self.picked()["before"], self.picked()["now"]):
            if now in buying and was not in buying:
                out.append("conversion")
            elif now == "lapsed" and was in buying:
                out.append("lapse")
            else:
                out.append("neither")
        return out


QUESTIONS = [
    LapsedChange,
    ReviewConversions,
    BestCoverage,
    CoverageTrend,
    RevenueUpProspectsFlat,
    WhichStageMoved,
    NetNewBuyers,
    WhichFigure,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=8,
    title="Territory review",
    lesson="08_territory_review",
    module=__name__,
    intro="Read your territory's scorecard like a manager: what changed since the previous "
    "review, how it compares with the other territories, and where it is heading; then, "
    "without code, which figure moved, buyers won against buyers lost, and which "
    "accounts to raise at the review.",
    title_pt="Revisão de território",
    intro_pt="Leia o placar do seu território como um gerente: o que mudou desde a revisão "
    "anterior, como ele se compara com os outros territórios e para onde está indo; "
    "depois, sem código, qual número mexeu, clientes ganhos contra clientes perdidos e "
    "quais contas levar à revisão.",
)
__all__ = EXERCISES.bind(globals())
