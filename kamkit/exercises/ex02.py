"""Exercises for lesson 2, concentration: Pareto, ABC classes, Lorenz and Gini."""

from __future__ import annotations

import kamkit as kk
from kamkit.exercises import core


class TopTenShare(core.Question):
    # what the notebook shows
    _title = "The share of revenue of the top 10%"
    _prompt = """\
What share of your territory's revenue of the last twelve months do the top 10% of its buying
accounts make? Store it in `top10_share` as a fraction (0.25 means 25%)."""
    # the same in Brazilian Portuguese, beside each English text (a test asks for every one)
    _title_pt = "A participação dos 10% maiores no faturamento"
    _prompt_pt = """\
Que parte do faturamento dos últimos doze meses do seu território vem dos 10% maiores clientes
dele? Guarde em `top10_share` como fração (0.25 quer dizer 25%)."""
    # the learner's variable: the notebook's answer cell starts as `top10_share = ____`
    _var = "top10_share"
    # q1.hint() and q1.solution(); the solution may use kk, pd, np, market and territory
    _hint = (
        "`kk.top_share(market, 0.1, territory=territory)` ranks the buying accounts of "
        "your territory and adds up the top 10%."
    )
    _hint_pt = (
        "`kk.top_share(market, 0.1, territory=territory)` ordena os clientes do seu "
        "território e soma os 10% maiores."
    )
    _solution = "top10_share = kk.top_share(market, 0.1, territory=territory)"
    # shown with "Correct"
    _explanation = "Compare it with the 50-60% of the blog post's claim."
    _explanation_pt = "Compare com os 50% a 60% que o artigo afirma."
    # plausible wrong answers: the code, what to tell the learner, the same in Portuguese
    _mistakes = (
        core.Mistake(
            "top10_share = 100 * kk.top_share(market, 0.1, territory=territory)",
            "Write shares as fractions between 0 and 1 (0.6 is 60%).",
            "Escreva participações como frações entre 0 e 1 (0.6 é 60%).",
        ),
        core.Mistake(
            "top10_share = kk.top_share(market, 0.1)",
            "That is the whole market; pass `territory=territory`.",
            "Esse é o mercado inteiro; passe `territory=territory`.",
        ),
        core.Mistake(
            "table = kk.pareto_table(market, territory=territory)\n"
            'top10_share = table.head(10)["share"].sum()',
            "That is the share of the top 10 accounts, not of the top 10% of accounts.",
            "Essa é a participação das 10 maiores contas, não dos 10% maiores.",
        ),
    )

    # the right answer, computed on the learner's market at the first check
    def _expected(self):
        table = kk.pareto_table(self.market, territory=self.territory)
        top = -(-len(table) // 10)  # ceil(10% of the buying accounts)
        return table["share"].head(top).sum()


class AAccounts(core.Question):
    _title = "The A accounts"
    _title_pt = "As contas A"
    _var = "a_accounts"
    _prompt = """\
The ABC classes rank the buying accounts of the whole market by revenue: the A accounts are the
smallest top group that makes half of the revenue (with the default parameters). Make a table
`a_accounts` with one row per A account of the whole market (it needs at least the column
`account_id`)."""
    _prompt_pt = """\
A curva ABC ordena os clientes do mercado inteiro pelo faturamento: as contas A são o menor
grupo do topo que faz metade do faturamento (com os parâmetros padrão). Monte uma tabela
`a_accounts` com uma linha por conta A do mercado inteiro (ela precisa ter pelo menos a coluna
`account_id`)."""
    _hint = (
        '`kk.segment(market)` has a column `abc_class`; keep the rows where it is "A": '
        '`seg[seg["abc_class"] == "A"]`.'
    )
    _hint_pt = (
        "`kk.segment(market)` tem a coluna `abc_class`; fique com as linhas em que ela "
        'é "A": `seg[seg["abc_class"] == "A"]`.'
    )
    _solution = """\
seg = kk.segment(market)
a_accounts = seg[seg["abc_class"] == "A"]"""
    _explanation = "Count them: a small group of accounts carries half of the revenue."
    _explanation_pt = "Conte: um grupo pequeno de contas carrega metade do faturamento."
    _mistakes = (
        core.Mistake(
            "a_accounts = kk.pareto_table(market).head(10)",
            "That is the top 10 accounts; the A class is as many accounts as it takes to "
            "reach half of the revenue.",
            "Essas são as 10 maiores contas; a classe A tem tantas contas quantas forem "
            "precisas para chegar a metade do faturamento.",
        ),
        core.Mistake(
            "seg = kk.segment(market, territory=territory)\n"
            'a_accounts = seg[seg["abc_class"] == "A"]',
            "That keeps only your territory; the question asks for the whole market.",
            "Assim fica só o seu território; a questão pede o mercado inteiro.",
        ),
    )

    def _expected(self):
        table = kk.pareto_table(self.market)
        return table.loc[table["abc_class"] == "A", ["account_id"]]


class RealDataHalf(core.Question):
    _title = "Real data: how few customers make half the revenue?"
    _title_pt = "Dados reais: quão poucos clientes fazem metade do faturamento?"
    _var = "uk_half"
    _prompt = """\
Does the 5-10% claim hold on real data? `kk.load_online_retail()` loads the invoices of a UK
gift-ware wholesaler (the UCI Online Retail data set). What share of its buying customers makes
half of its revenue? Store it in `uk_half` as a fraction."""
    _prompt_pt = """\
A afirmação dos 5% a 10% vale em dados reais? `kk.load_online_retail()` carrega as notas de um
atacadista britânico de presentes (a base UCI Online Retail). Que parte dos clientes que
compram faz metade do faturamento dele? Guarde em `uk_half` como fração."""
    _hint = '`kk.accounts_share_for(data, 0.5)` answers "what share of accounts makes 50%?".'
    _hint_pt = '`kk.accounts_share_for(dados, 0.5)` responde "que parte das contas faz 50%?".'
    _solution = """\
retail = kk.load_online_retail()
uk_half = kk.accounts_share_for(retail, 0.5)"""
    _explanation = "Between 5% and 10%: the post's rule of thumb holds for this wholesaler."
    _explanation_pt = "Entre 5% e 10%: a regra do artigo vale para esse atacadista."
    _mistakes = (
        core.Mistake(
            "uk_half = kk.accounts_share_for(market, 0.5)",
            "That is your market; the question is about the UK wholesaler "
            "(`kk.load_online_retail()`).",
            "Esse é o seu mercado; a questão é sobre o atacadista britânico "
            "(`kk.load_online_retail()`).",
        ),
        core.Mistake(
            "uk_half = kk.top_share(kk.load_online_retail(), 0.5)",
            "That is the share of revenue of the top half of the customers; the question "
            "asks for the share of customers that makes half of the revenue.",
            "Essa é a participação no faturamento da metade maior dos clientes; a questão "
            "pede a parte dos clientes que faz metade do faturamento.",
        ),
    )

    def _expected(self):
        table = kk.pareto_table(kk.load_online_retail())
        reach = table["cumulative_share"].searchsorted(0.5 - 1e-9) + 1
        return reach / len(table)


class TerritoryGini(core.Question):
    _title = "How unequal is your territory?"
    _title_pt = "Quão desigual é o seu território?"
    _var = "gini_territory"
    _prompt = """\
The Gini coefficient sums up the Lorenz curve in one number: 0 when every buying account buys
the same, close to 1 when one account makes everything. Compute it for the buying accounts of
**your territory** and store it in `gini_territory`."""
    _prompt_pt = """\
O coeficiente de Gini resume a curva de Lorenz num número só: 0 quando todo cliente compra o
mesmo, perto de 1 quando uma conta faz tudo. Calcule-o para os clientes do **seu território** e
guarde em `gini_territory`."""
    _hint = "`kk.gini` takes the market and `territory=territory`."
    _hint_pt = "`kk.gini` recebe o mercado e `territory=territory`."
    _solution = "gini_territory = kk.gini(market, territory=territory)"
    _mistakes = (
        core.Mistake(
            "gini_territory = kk.gini(market)",
            "That is the whole market; pass `territory=territory`.",
            "Esse é o mercado inteiro; passe `territory=territory`.",
        ),
    )

    def _expected(self):
        return kk.gini(kk.segment(self.market, territory=self.territory))


class WhatConcentrationJustifies(core.ThinkingQuestion):
    _title = "What does concentration justify?"
    _title_pt = "O que a concentração justifica?"
    _prompt = """\
Your numbers show revenue is concentrated. Name one decision this evidence justifies, and one
it does **not** justify. Think of the accounts that do not appear in the Pareto table at all."""
    _prompt_pt = """\
Os seus números mostram que o faturamento é concentrado. Cite uma decisão que essa evidência
justifica, e uma que ela **não** justifica. Pense nas contas que nem aparecem na tabela de
Pareto."""
    _hint = "The Pareto table only lists accounts that bought in the last twelve months."
    _hint_pt = "A tabela de Pareto só lista as contas que compraram nos últimos doze meses."
    _discussion = """\
It justifies treating accounts differently: the A accounts deserve named owners and account
plans, and losing one of them hurts far more than losing a C account.

It does not justify concluding that *only* the A accounts matter. The Pareto table ranks past
revenue of accounts that already buy; it is blind to potential. An account that buys little
today may have a large wallet spent with competitors, and the prospects never visited are not
in the table at all. Concentration tells you who carries the revenue today; potential and share
of wallet (lesson 4) tell you where tomorrow's revenue is."""
    _discussion_pt = """\
Justifica tratar as contas de forma diferente: as contas A merecem um responsável com nome e
um plano de conta, e perder uma delas dói muito mais do que perder uma conta C.

Não justifica concluir que *só* as contas A importam. A tabela de Pareto ordena o faturamento
passado de quem já compra; ela não enxerga o potencial. Uma conta que hoje compra pouco pode ter
uma carteira grande gasta com concorrentes, e as contas nunca visitadas nem estão na tabela. A
concentração diz quem carrega o faturamento hoje; o potencial e a participação no potencial
(lição 4) dizem onde está o faturamento de amanhã."""


class WhichMarketIsYours(core.ChoiceQuestion):
    _title = "Which real market does yours resemble?"
    _title_pt = "Com qual mercado real o seu se parece?"
    _var = "resembles"
    _show = True
    _prompt = """\
Lesson 2 compared two real wholesalers: the UK gift-ware wholesaler, where a tenth of the
customers make most of the revenue, and the Portuguese food distributor, whose many cafés,
restaurants and shops spread it. Run `q6.show()`: it puts the share of revenue of the top 10% of
buying accounts of **your whole market** beside theirs. Which one does yours resemble? Type the
letter in `resembles`, then read the discussion with `solution()`: why does your business look
like that?"""
    _prompt_pt = """\
A lição 2 comparou dois atacadistas reais: o atacadista britânico de presentes, em que um
décimo dos clientes faz a maior parte do faturamento, e o distribuidor português de alimentos,
cujos muitos cafés, restaurantes e mercearias o espalham. Rode `q6.show()`: a tabela põe a
participação no faturamento dos 10% maiores clientes do **seu mercado inteiro** ao lado da
deles. Com qual o seu se parece? Digite a letra em `resembles` e depois leia a discussão com
`solution()`: por que o seu negócio é assim?"""
    _choices = (
        "The UK gift-ware wholesaler (a few customers carry the revenue)",
        "The Portuguese food distributor (many similar customers share it)",
    )
    _choices_pt = (
        "O atacadista britânico de presentes (poucos clientes carregam o faturamento)",
        "O distribuidor português de alimentos (muitos clientes parecidos o dividem)",
    )
    _hint = "Which of the two shares is nearer to yours?"
    _hint_pt = "Qual das duas participações está mais perto da sua?"
    _discussion = """\
Concentration follows the shape of the customer base, not a law of sales. A business that sells
to a few large buyers -- industrial groups, chains, big distributors -- looks like the UK
wholesaler: a short A list carries the revenue, and losing one account hurts. A business that
sells to many similar, mid-sized buyers -- cafés, shops, workshops, clinics -- looks like the
Portuguese distributor: no short list carries it, and the revenue is in covering the whole
market well.

Either way the KAM conclusion is the same: look at the whole market, prospects included, and
decide the treatment account by account from potential and share of wallet. In a concentrated
market the risk is to pamper the A list and ignore the accounts to conquer; in a spread market
the risk is to treat everyone the same and never name the few accounts with the most potential."""
    _discussion_pt = """\
A concentração segue o formato da base de clientes; não é uma lei de vendas. Quem vende para
poucos compradores grandes -- grupos industriais, redes, grandes distribuidores -- se parece com
o atacadista britânico: uma lista A curta carrega o faturamento, e perder uma conta dói. Quem
vende para muitos compradores parecidos, de porte médio -- cafés, lojas, oficinas, clínicas --
se parece com o distribuidor português: nenhuma lista curta carrega o faturamento, e ele está em
cobrir bem o mercado inteiro.

Nos dois casos a conclusão de KAM é a mesma: olhe o mercado inteiro, inclusive quem ainda não
compra, e decida o tratamento conta a conta pelo potencial e pela participação no potencial.
Num mercado concentrado o risco é mimar a lista A e esquecer as contas a conquistar; num mercado
espalhado o risco é tratar todo mundo igual e nunca dar nome às poucas contas de maior
potencial."""
    _mistakes = (
        core.Mistake(
            'resembles = "b"',
            "Compare the three top-10% shares again: yours is nearer to the UK "
            "wholesaler's. A few accounts carry your revenue.",
            "Compare de novo as três participações dos 10% maiores: a sua está mais perto "
            "da do atacadista britânico. Poucas contas carregam o seu faturamento.",
        ),
    )

    def _shares(self):
        return {
            "mine": kk.concentration_summary(self.market)["top_10pct_share"],
            "a": kk.concentration_summary(kk.load_online_retail())["top_10pct_share"],
            "b": kk.concentration_summary(kk.load_uci_wholesale())["top_10pct_share"],
        }

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_share

        lang = self.language
        shares = self._shares()
        names = (
            ("seu mercado", "a: atacadista britânico", "b: distribuidor português")
            if lang == "pt-BR"
            else ("your market", "a: UK wholesaler", "b: Portuguese distributor")
        )
        head = (
            ("mercado", "faturamento dos 10% maiores")
            if lang == "pt-BR"
            else ("market", "revenue of the top 10%")
        )
        return pd.DataFrame(
            {head[0]: names, head[1]: [format_share(shares[k], lang) for k in ("mine", "a", "b")]}
        )

    def _expected(self):
        shares = self._shares()
        return (
            "a" if abs(shares["a"] - shares["mine"]) <= abs(shares["b"] - shares["mine"]) else "b"
        )


class LargestCustomerLeaves(core.NumberQuestion):
    _title = "If your largest customer left tomorrow"
    _title_pt = "Se o seu maior cliente saísse amanhã"
    _var = "largest_loss"
    _percent = True
    _prompt = """\
Run `q7.show()`: your territory's five largest customers of the last twelve months and the
share of the territory's revenue each makes. If the largest one moved to a competitor tomorrow,
what share of your territory's revenue would go with it? Type the percentage in
`largest_loss` (`4.5` for 4.5%)."""
    _prompt_pt = """\
Rode `q7.show()`: os cinco maiores clientes do seu território nos últimos doze meses e a parte
do faturamento do território que cada um faz. Se o maior deles fosse para um concorrente
amanhã, que parte do faturamento do seu território iria junto? Digite a porcentagem em
`largest_loss` (`4.5` para 4,5%)."""
    _hint = "Read the first row: the customer ranked 1."
    _hint_pt = "Leia a primeira linha: o cliente em 1º lugar."
    _explanation = (
        "That is the risk a concentrated territory carries: an A account needs a "
        "named owner and a plan, not only a discount."
    )
    _explanation_pt = (
        "Esse é o risco de um território concentrado: uma conta A precisa de um "
        "responsável com nome e de um plano, não só de desconto."
    )
    _mistakes = (
        core.Mistake(
            'largest_loss = 100 * kk.pareto_table(market, territory=territory)["share"]'
            ".head(5).sum()",
            "That is the five customers together; the question is about the largest one alone.",
            "Esses são os cinco clientes juntos; a questão é só sobre o maior.",
        ),
        core.Mistake(
            'largest_loss = 100 * kk.pareto_table(market)["share"].iloc[0]',
            "That is the largest customer of the whole market; the table shows your territory's.",
            "Esse é o maior cliente do mercado inteiro; a tabela mostra o do seu território.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_money, format_share

        lang = self.language
        top = kk.pareto_table(self.market, territory=self.territory).head(5)
        currency = self.market.parameters.currency
        pt = lang == "pt-BR"
        return pd.DataFrame(
            {
                "posição" if pt else "rank": top["rank"].to_numpy(),
                "conta" if pt else "account": top["account_id"].to_numpy(),
                "faturamento" if pt else "revenue": [
                    format_money(v, currency, lang, decimals=0) for v in top["revenue"]
                ],
                "parte do território" if pt else "share of the territory": [
                    format_share(v, lang) for v in top["share"]
                ],
            }
        )

    def _expected(self):
        table = kk.segment(self.market, territory=self.territory)
        revenue = table["revenue"][table["revenue"] > 0]
        return revenue.max() / revenue.sum()


class ClassifyABC(core.ClassifyQuestion):
    _title = "A, B or C?"
    _title_pt = "A, B ou C?"
    _var = "abc"
    _classes = ("A", "B", "C")
    _starter = "abc = [____, ____, ____, ____, ____]"
    _prompt = """\
The ABC classes rank the buying accounts of the whole market by revenue and add up their
shares: with kamkit's default cut-offs, the A accounts make the first half of the revenue, the
B accounts take it up to 80%, and the C accounts are the rest. (Many books use A = 80%; kamkit
keeps A short, the accounts a key account manager can really name.) Run `q8.show()`: five
accounts with the share of the market's revenue made by the accounts ranked up to them. Write
their classes in `abc`, in the order of the table's rows, e.g. `["A", "B", "C", "C", "B"]`."""
    _prompt_pt = """\
A curva ABC ordena os clientes do mercado inteiro pelo faturamento e vai somando as
participações: com os cortes padrão do kamkit, as contas A fazem a primeira metade do
faturamento, as B o levam até 80% e as C são o resto. (Muitos livros usam A = 80%; o kamkit
deixa a lista A curta, com as contas que um gerente de contas-chave consegue de fato nomear.)
Rode `q8.show()`: cinco contas com a parte do faturamento do mercado feita pelas contas
classificadas até elas. Escreva as classes delas em `abc`, na ordem das linhas da tabela, por
exemplo `["A", "B", "C", "C", "B"]`."""
    _hint = "Read the cumulative share of each row: up to 50% is A, up to 80% is B, beyond is C."
    _hint_pt = (
        "Leia a participação acumulada de cada linha: até 50% é A, até 80% é B, acima disso é C."
    )
    _explanation = (
        "The A list is short on purpose: those are the accounts whose loss would "
        "hurt most, each with a name and a plan."
    )
    _explanation_pt = (
        "A lista A é curta de propósito: são as contas cuja perda mais dói, "
        "cada uma com um responsável e um plano."
    )
    _mistakes = (
        core.Mistake(
            'abc = ["A" if c <= 0.8 else "B" if c <= 0.95 else "C"\n'
            '       for c in q8.picked()["cumulative_share"]]',
            "That is the common A = 80% rule; here A stops at half of the revenue and B at 80%.",
            "Essa é a regra comum de A = 80%; aqui a classe A para na metade do faturamento "
            "e a B em 80%.",
        ),
    )

    def _pick(self):
        """The five accounts shown (rows of the whole market's Pareto table)."""
        table = kk.pareto_table(self.market).reset_index(drop=True)
        cum = table["cumulative_share"].to_numpy()
        rows = []
        for target in (0.65, 0.0, 0.9, 0.3, 1.0):
            i = int(abs(cum - target).argmin())
            if i not in rows:
                rows.append(i)
        return table.iloc[rows].reset_index(drop=True)

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_share

        lang = self.language
        pt = lang == "pt-BR"
        picked = self.picked()
        return pd.DataFrame(
            {
                **self._numbered(picked["account_id"].to_numpy()),
                "posição" if pt else "rank": picked["rank"].to_numpy(),
                "participação acumulada" if pt else "cumulative share": [
                    format_share(v, lang) for v in picked["cumulative_share"]
                ],
            }
        )

    def _expected(self):
        return [str(c) for c in self.picked()["abc_class"]]


QUESTIONS = [
    TopTenShare,
    AAccounts,
    RealDataHalf,
    TerritoryGini,
    WhatConcentrationJustifies,
    WhichMarketIsYours,
    LargestCustomerLeaves,
    ClassifyABC,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=2,
    title="Concentration",
    lesson="02_concentration",
    module=__name__,
    intro='Check the "5-10% of customers make 50-60% of revenue" claim on your market and on '
    "real data, find the A accounts, measure how unequal your territory is, and see which "
    "real market yours resembles; then, without code, what your largest customer weighs "
    "and which accounts are A, B or C.",
    title_pt="Concentração",
    intro_pt='Confira a afirmação "5% a 10% dos clientes fazem 50% a 60% do faturamento" no '
    "seu mercado e em dados reais, ache as contas A, meça quão desigual é o seu "
    "território e veja com qual mercado real o seu se parece; depois, sem código, "
    "quanto pesa o seu maior cliente e quais contas são A, B ou C.",
)
__all__ = EXERCISES.bind(globals())
