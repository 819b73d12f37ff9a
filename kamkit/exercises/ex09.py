"""Exercises for lesson 9, the account plan: the gap of the accounts on the pursuit list, a plan
written and checked (an objective no larger than the gap, every decision maker with an action,
due dates within the quarter), the overdue actions of a territory, a relationship map read."""

from __future__ import annotations

import kamkit as kk
from kamkit.core.errors import Text
from kamkit.exercises import core
from kamkit.exercises.compare import D, T, Wrong

#: The open statuses of an action (kk.open_actions): the others are done or cancelled.
_OPEN = ("open", "in_progress")

#: The problems of a participant's plan, in the order they are named, with what to fix.
_FIXES = {
    "target_above_gap": Text(
        "`{v}` asks {a} for more than it can buy from you: a target is above its gap "
        "(potential minus revenue in the window). Lower the target.",
        "`{v}` pede a {a} mais do que ela pode comprar de você: uma meta passa do espaço a "
        "conquistar (potencial menos o faturamento da janela). Baixe a meta.",
    ),
    "decision_maker_without_action": Text(
        "`{v}` leaves a decision maker of {a} without an open action: give every decision "
        "maker an action, with the name in `contact`.",
        "`{v}` deixa um decisor de {a} sem ação aberta: dê uma ação a cada decisor, com o nome "
        "dele em `contact` (contato).",
    ),
    "action_without_owner": Text(
        "`{v}` has an action of {a} without an owner: write who does it in `owner`.",
        "`{v}` tem uma ação de {a} sem responsável: escreva quem faz em `owner` (responsável).",
    ),
    "action_without_due_date": Text(
        "`{v}` has an action of {a} without a due date: write by when in `due_date`.",
        "`{v}` tem uma ação de {a} sem prazo: escreva até quando em `due_date` (prazo).",
    ),
    "overdue_action": Text(
        "`{v}` has an open action of {a} due before today: an action planned now is due "
        "from today on.",
        "`{v}` tem uma ação aberta de {a} com prazo antes de hoje: uma ação planejada agora "
        "vence de hoje em diante.",
    ),
    "due_beyond_quarter": Text(
        "`{v}` has an action of {a} due after the quarter (three months from the market's "
        "date): bring its due date into the quarter.",
        "`{v}` tem uma ação de {a} com prazo depois do trimestre (três meses a partir da data "
        "do mercado): traga o prazo para dentro do trimestre.",
    ),
    "review_overdue": Text(
        "`{v}` gives {a} a review date already past: set it within the quarter.",
        "`{v}` dá a {a} uma data de revisão que já passou: marque-a dentro do trimestre.",
    ),
}


def _pursuit(q, top=None):
    """The territory's pursuit list (computed once per setup)."""
    if "pursuit" not in q._cache:
        q._cache["pursuit"] = kk.pursuit_list(q.market, territory=q.territory)
    pursuit = q._cache["pursuit"]
    return pursuit if top is None else pursuit.head(top)


def _first(q):
    """The account at the top of the territory's pursuit list: its row."""
    return _pursuit(q).iloc[0]


def _gaps(market, territory, accounts):
    """The gap of each account (second route: the potential minus the net window revenue of
    kk.segment, never below zero), a Series by account code in the order given."""
    import pandas as pd

    seg = kk.segment(market, territory=territory).set_index("account_id")
    gap = (seg["potential"] - seg["revenue"]).clip(lower=0)
    return pd.Series([float(gap[a]) for a in accounts], index=list(accounts), dtype="float64")


# --------------------------------------------------------------------------------------------
# the analyst's track


class FirstGaps(core.Question):
    _title = "The gap of the first five accounts of your pursuit list"
    _title_pt = "O espaço a conquistar das cinco primeiras da lista de conquista"
    _var = "first_gaps"
    _prompt = """\
An objective can never be larger than the account's **gap**: its potential minus what it bought
from you in the window. `kk.pursuit_list(market, territory=territory)` ranks your territory's
conquer accounts, rank 1 first. Store in `first_gaps` a Series with the gap of the **first five**
accounts of your list: the `account_id` as the index, the gap as the value."""
    _prompt_pt = """\
Um objetivo nunca pode ser maior que o **espaço a conquistar** da conta: o potencial dela menos o
que ela comprou de você na janela. `kk.pursuit_list(market, territory=territory)` ordena as
contas a conquistar do seu território, a posição 1 primeiro. Guarde em `first_gaps` uma Series
com o espaço a conquistar das **cinco primeiras** contas da sua lista: o `account_id` como
índice e o espaço a conquistar (`gap`) como valor."""
    _hints = (
        "`kk.pursuit_list(market, territory=territory, top=5)` gives the first five rows.",
        'Make the account codes the index: `.set_index("account_id")["gap"]`.',
    )
    _hints_pt = (
        "`kk.pursuit_list(market, territory=territory, top=5)` dá as cinco primeiras linhas.",
        'Ponha os códigos das contas no índice: `.set_index("account_id")["gap"]`.',
    )
    _solution = """\
pursuit = kk.pursuit_list(market, territory=territory, top=5)
first_gaps = pursuit.set_index("account_id")["gap"]"""
    _noun = "account"
    _explanation = (
        "That is the ceiling of each account's objective: a target above it asks the "
        "account to buy more than it can, and nobody believes the plan."
    )
    _explanation_pt = (
        "Esse é o teto do objetivo de cada conta: uma meta acima dele pede à conta "
        "mais do que ela pode comprar, e ninguém acredita no plano."
    )
    _mistakes = (
        core.Mistake(
            "pursuit = kk.pursuit_list(market, territory=territory, top=5)\n"
            'first_gaps = pursuit.set_index("account_id")["potential"]',
            "That is the potential; the gap takes away what the account already buys from you.",
            "Esse é o potencial; o espaço a conquistar desconta o que a conta já compra de você.",
        ),
        core.Mistake(
            "pursuit = kk.pursuit_list(market, top=5)\n"
            'first_gaps = pursuit.set_index("account_id")["gap"]',
            "Those are the first five of the whole market; pass `territory=territory`.",
            "Essas são as cinco primeiras do mercado inteiro; passe `territory=territory`.",
        ),
    )

    def _expected(self):
        accounts = list(_pursuit(self, 5)["account_id"])
        return _gaps(self.market, self.territory, accounts)


class WriteThePlan(core.Question):
    _title = "Write and check the plan of the first account"
    _title_pt = "Escreva e confira o plano da primeira conta"
    _var = "my_plan"
    _prompt = """\
Write the plan of the account at the **top** of your pursuit list as two small tables, then put
them into the market: `my_plan = market.with_tables(plans=objective, actions=actions)`.

- `objective`: one row with `account_id`, `objective` (a sentence), `target` (a revenue target
  **no larger than the gap**) and `review_date` (within the quarter);
- `actions`: one row per action with `account_id`, `action`, `owner` (who does it), `due_date`
  (between the market's date, `market.as_of`, and the end of the quarter,
  `market.as_of + pd.DateOffset(months=3)`), and `contact`: **every decision maker** of the
  account (`kk.relationship_map(market, account)`, influence `"decision_maker"`) needs an
  action with their name in `contact`.

The check runs `kk.plan_problems(my_plan)` on your account: a good plan has no problem."""
    _prompt_pt = """\
Escreva o plano da conta do **topo** da sua lista de conquista em duas tabelas pequenas e
ponha-as no mercado: `my_plan = market.with_tables(plans=objective, actions=actions)`.

- `objective` (objetivo): uma linha com `account_id`, `objective` (uma frase), `target` (a meta
  de faturamento, **no máximo o espaço a conquistar**) e `review_date` (a data de revisão,
  dentro do trimestre);
- `actions` (ações): uma linha por ação com `account_id`, `action`, `owner` (o responsável),
  `due_date` (o prazo, entre a data do mercado, `market.as_of`, e o fim do trimestre,
  `market.as_of + pd.DateOffset(months=3)`) e `contact`: **cada decisor** da conta
  (`kk.relationship_map(market, account)`, influência `"decision_maker"`) precisa de uma ação
  com o nome dele em `contact`.

As colunas também podem ter os nomes em português (`conta`, `objetivo`, `meta`, `data de
revisão`; `ação`, `responsável`, `prazo`, `contato`). A conferência roda
`kk.plan_problems(my_plan)` na sua conta: um bom plano não tem nenhum problema."""
    _hints = (
        "The first account and its gap: `top = kk.pursuit_list(market, territory=territory).iloc[0]`, "
        'then `top["account_id"]` and `top["gap"]`.',
        'The decision makers: `contacts = kk.relationship_map(market, top["account_id"])`, then '
        'the `name` of the rows whose `influence` is `"decision_maker"`.',
        "Build each table with `pd.DataFrame({...})`; a due date a few weeks ahead is "
        "`market.as_of + pd.DateOffset(weeks=4)`.",
    )
    _hints_pt = (
        "A primeira conta e o espaço a conquistar dela: "
        "`top = kk.pursuit_list(market, territory=territory).iloc[0]`, depois "
        '`top["account_id"]` e `top["gap"]`.',
        'Os decisores: `contacts = kk.relationship_map(market, top["account_id"])`, depois o '
        '`name` das linhas cuja `influence` é `"decision_maker"`.',
        "Monte cada tabela com `pd.DataFrame({...})`; um prazo daqui a algumas semanas é "
        "`market.as_of + pd.DateOffset(weeks=4)`.",
    )
    _solution = """\
top = kk.pursuit_list(market, territory=territory).iloc[0]
account, gap = top["account_id"], float(top["gap"])
owner = top["salesperson"] if isinstance(top["salesperson"], str) else "me"
contacts = kk.relationship_map(market, account)
deciders = list(contacts.loc[contacts["influence"] == "decision_maker", "name"])
objective = pd.DataFrame({"account_id": [account], "objective": ["A first order"],
                          "target": [round(gap / 10)],
                          "review_date": [market.as_of + pd.DateOffset(months=1)]})
actions = pd.DataFrame({"account_id": account,
                        "action": [f"Meeting with {name}" for name in deciders] + ["Send a quote"],
                        "owner": owner,
                        "due_date": market.as_of + pd.DateOffset(weeks=4),
                        "contact": deciders + [""]})
my_plan = market.with_tables(plans=objective, actions=actions)"""
    _solution_pt = """\
top = kk.pursuit_list(market, territory=territory).iloc[0]
account, gap = top["account_id"], float(top["gap"])
owner = top["salesperson"] if isinstance(top["salesperson"], str) else "eu"
contacts = kk.relationship_map(market, account)
deciders = list(contacts.loc[contacts["influence"] == "decision_maker", "name"])
objective = pd.DataFrame({"conta": [account], "objetivo": ["Um primeiro pedido"],
                          "meta": [round(gap / 10)],
                          "data de revisão": [market.as_of + pd.DateOffset(months=1)]})
actions = pd.DataFrame({"conta": account,
                        "ação": [f"Reunião com {name}" for name in deciders] + ["Enviar orçamento"],
                        "responsável": owner,
                        "prazo": market.as_of + pd.DateOffset(weeks=4),
                        "contato": deciders + [""]})
my_plan = market.with_tables(plans=objective, actions=actions)"""
    _explanation = (
        "A plan that passes these checks can be believed and followed: a target the "
        "account can reach, the person who decides in it, and dates someone owns."
    )
    _explanation_pt = (
        "Um plano que passa nessas conferências dá para acreditar e seguir: uma meta "
        "que a conta alcança, quem decide dentro dela, e prazos com dono."
    )
    _mistakes = (
        core.Mistake(
            "top = kk.pursuit_list(market, territory=territory).iloc[0]\n"
            'account = top["account_id"]\n'
            "contacts = kk.relationship_map(market, account)\n"
            'deciders = list(contacts.loc[contacts["influence"] == "decision_maker", "name"])\n'
            'objective = pd.DataFrame({"account_id": [account], "objective": ["Win it all"],\n'
            '                          "target": [float(top["potential"]) * 1.2],\n'
            '                          "review_date": [market.as_of + pd.DateOffset(months=1)]})\n'
            'actions = pd.DataFrame({"account_id": account, "action": ["Meeting"] * len(deciders) '
            '+ ["Send a quote"],\n'
            '                        "owner": "me", "due_date": market.as_of + '
            "pd.DateOffset(weeks=4),\n"
            '                        "contact": deciders + [""]})\n'
            "my_plan = market.with_tables(plans=objective, actions=actions)",
            "The target must stay within the gap, not go past the potential.",
            "A meta tem de ficar dentro do espaço a conquistar, não passar do potencial.",
        ),
        core.Mistake(
            "top = kk.pursuit_list(market, territory=territory).iloc[0]\n"
            'account = top["account_id"]\n'
            "contacts = kk.relationship_map(market, account)\n"
            'deciders = list(contacts.loc[contacts["influence"] == "decision_maker", "name"])\n'
            'objective = pd.DataFrame({"account_id": [account], "objective": ["A first order"],\n'
            '                          "target": [round(float(top["gap"]) / 10)],\n'
            '                          "review_date": [market.as_of + pd.DateOffset(months=1)]})\n'
            'actions = pd.DataFrame({"account_id": account, "action": ["Meeting"] * len(deciders) '
            '+ ["Send a quote"],\n'
            '                        "owner": "me", "due_date": market.as_of + '
            "pd.DateOffset(months=6),\n"
            '                        "contact": deciders + [""]})\n'
            "my_plan = market.with_tables(plans=objective, actions=actions)",
            "A plan for the quarter has its actions due within the quarter, not in six months.",
            "Um plano do trimestre tem as ações com prazo dentro do trimestre, não em seis meses.",
        ),
        core.Mistake(
            "top = kk.pursuit_list(market, territory=territory).iloc[0]\n"
            'account = top["account_id"]\n'
            "contacts = kk.relationship_map(market, account)\n"
            'deciders = list(contacts.loc[contacts["influence"] == "decision_maker", "name"])\n'
            'objective = pd.DataFrame({"account_id": [account], "objective": ["A first order"],\n'
            '                          "target": [round(float(top["gap"]) / 10)],\n'
            '                          "review_date": [market.as_of + pd.DateOffset(months=1)]})\n'
            'actions = pd.DataFrame({"account_id": account, "action": ["Meeting"] * len(deciders) '
            '+ ["Send a quote"],\n'
            '                        "owner": "", "due_date": market.as_of + '
            "pd.DateOffset(weeks=4),\n"
            '                        "contact": deciders + [""]})\n'
            "my_plan = market.with_tables(plans=objective, actions=actions)",
            "An action nobody owns is an action nobody does.",
            "Ação sem responsável é ação que ninguém faz.",
        ),
    )

    def _account(self) -> str:
        return str(_first(self)["account_id"])

    def _problems(self, plan):
        """The problem codes of ``plan`` for the first account (the checks kk.plan_problems
        makes), or the first sentence that says the value is not a plan of it."""
        from kamkit.model.market import Market

        var, account = self.variables[0], self._account()
        if not isinstance(plan, Market):
            return T(
                "`{v}` should be the market with your plan (what `market.with_tables(...)` "
                "gives), but it is {d}.",
                "`{v}` deveria ser o mercado com o seu plano (o que `market.with_tables(...)` "
                "devolve), mas é {d}.",
                v=var,
                d=D(plan),
            )
        if not (plan.plans["account_id"].astype(str) == account).any():
            return T(
                "`{v}` has no objective for {a}, the first account of your pursuit list: put a "
                "row for it in `plans`.",
                "`{v}` não tem objetivo para {a}, a primeira conta da sua lista de conquista: "
                "ponha uma linha para ela em `plans`.",
                v=var,
                a=account,
            )
        if not (plan.actions["account_id"].astype(str) == account).any():
            return T(
                "`{v}` has no action for {a}: a plan without actions is a wish; put them in "
                "`actions`.",
                "`{v}` não tem ações para {a}: plano sem ação é desejo; ponha as ações em "
                "`actions`.",
                v=var,
                a=account,
            )
        problems = kk.plan_problems(plan)
        found = set(problems.loc[problems["account_id"].astype(str) == account, "problem"])
        for code, fix in _FIXES.items():
            if code in found:
                return fix.format(v=var, a=account)
        return None

    def _expected(self):
        """The problems of the reference plan on this market (none)."""
        (plan,) = self.run(self._solution)
        problems = kk.plan_problems(plan)
        return problems[problems["account_id"].astype(str) == self._account()].reset_index(
            drop=True
        )

    def _check(self, plan) -> None:
        wrong = self._problems(plan)
        if wrong is not None:
            raise Wrong(wrong)

    def _same(self, value, other) -> bool:
        a, b = self._problems(value), self._problems(other)
        return a is not None and b is not None and a.en == b.en


class OverdueActions(core.Question):
    _title = "Promises not kept: the overdue actions"
    _title_pt = "Promessas não cumpridas: as ações atrasadas"
    _var = "overdue"
    _prompt = """\
`kk.open_actions(market)` lists the actions of the plans in the data that are still open (status
`open` or `in_progress`), with `overdue` True when the due date is before the market's date.
How many **overdue** actions do the accounts of **your territory** have? Store the number in
`overdue`."""
    _prompt_pt = """\
`kk.open_actions(market)` lista as ações dos planos nos dados que ainda estão abertas (situação
`open` ou `in_progress`: aberta ou em andamento), com `overdue` (atrasada) True quando o prazo
é antes da data do mercado. Quantas ações **atrasadas** têm as contas do **seu território**?
Guarde o número em `overdue`."""
    _hints = (
        "The codes of your territory's accounts: `kk.segment(market, territory=territory)"
        '["account_id"]`.',
        'Keep the open actions whose `account_id` `.isin(...)` them, and add up `["overdue"]`.',
    )
    _hints_pt = (
        "Os códigos das contas do seu território: `kk.segment(market, territory=territory)"
        '["account_id"]`.',
        "Fique com as ações abertas cujo `account_id` está neles (`.isin(...)`) e some "
        '`["overdue"]`.',
    )
    _solution = """\
mine = kk.segment(market, territory=territory)["account_id"]
actions = kk.open_actions(market)
overdue = int(actions.loc[actions["account_id"].isin(mine), "overdue"].sum())"""
    _explanation = (
        "Each one is a promise not kept. At the review the question is not why it is "
        "late, but what the new date is and who does it."
    )
    _explanation_pt = (
        "Cada uma é uma promessa não cumprida. Na revisão a pergunta não é por que "
        "atrasou, e sim qual é o novo prazo e quem faz."
    )
    _mistakes = (
        core.Mistake(
            'overdue = int(kk.open_actions(market)["overdue"].sum())',
            "That is the whole market; keep the accounts of your territory.",
            "Esse é o mercado inteiro; fique com as contas do seu território.",
        ),
        core.Mistake(
            'mine = kk.segment(market, territory=territory)["account_id"]\n'
            "actions = market.actions\n"
            'late = actions["account_id"].isin(mine) & (actions["due_date"] < market.as_of)\n'
            "overdue = int(late.sum())",
            "That counts the actions done or cancelled too: only an open action can be overdue.",
            "Isso conta também as ações concluídas ou canceladas: só uma ação aberta pode "
            "estar atrasada.",
        ),
    )

    def _expected(self):
        m = self.market
        mine = set(kk.segment(m, territory=self.territory)["account_id"].astype(str))
        actions = m.actions
        status = actions["status"].astype(object).where(actions["status"].notna(), "open")
        late = (
            actions["account_id"].astype(str).isin(mine)
            & status.isin(_OPEN)
            & (actions["due_date"] < m.as_of)
        )
        return int(late.sum())


# --------------------------------------------------------------------------------------------
# the salesperson's track


def _buying_first(q):
    """The first account of the pursuit list that bought in the window (its row), else the
    first account: the one whose target q4 asks about."""
    pursuit = _pursuit(q)
    buying = pursuit[pursuit["revenue"] > 0]
    return (buying if len(buying) else pursuit).iloc[0]


class LargestTarget(core.NumberQuestion):
    _title = "How large can the objective be?"
    _title_pt = "Qual o tamanho máximo do objetivo?"
    _var = "largest_target"
    _atol = 1.0
    _prompt = """\
Run `q4.show()`: the first account of your pursuit list that already buys a little from you,
with its **potential** (what it spends in a year on what we sell) and its **revenue** with us in
the window. What is the largest revenue target its plan can have? Type the amount in
`largest_target` (a number, without the currency)."""
    _prompt_pt = """\
Rode `q4.show()`: a primeira conta da sua lista de conquista que já compra um pouco de você, com
o **potencial** dela (quanto ela gasta num ano com o que vendemos) e o **faturamento** dela
conosco na janela. Qual é a maior meta de faturamento que o plano dela pode ter? Digite o valor
em `largest_target` (um número, sem a moeda)."""
    _hint = "The account cannot buy more from you than what it does not buy from you yet."
    _hint_pt = "A conta não pode comprar de você mais do que ela ainda não compra de você."
    _explanation = (
        "That is the gap: the potential minus what the account already buys. A target "
        "above it is not an objective, it is a wish."
    )
    _explanation_pt = (
        "É o espaço a conquistar: o potencial menos o que a conta já compra. Uma meta "
        "acima dele não é objetivo, é desejo."
    )
    _mistakes = (
        core.Mistake(
            "top = kk.pursuit_list(market, territory=territory)\n"
            'largest_target = float(top.loc[top["revenue"] > 0, "potential"].iloc[0])',
            "That is its whole potential: take away what it already buys from you.",
            "Esse é o potencial inteiro: desconte o que ela já compra de você.",
        ),
        core.Mistake(
            "top = kk.pursuit_list(market, territory=territory)\n"
            'largest_target = float(top.loc[top["revenue"] > 0, "revenue"].iloc[0])',
            "That is what it buys today; the target is about what it does not buy yet.",
            "Isso é o que ela compra hoje; a meta é sobre o que ela ainda não compra.",
        ),
    )

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_money, label

        lang, cur = self.language, self.market.parameters.currency
        row = _buying_first(self)
        pt = lang == "pt-BR"
        return pd.DataFrame(
            {
                "posição" if pt else "rank": [int(row["rank"])],
                "conta" if pt else "account": [row["account_id"]],
                "nome" if pt else "name": [row["name"]],
                "estágio" if pt else "stage": [label(str(row["stage"]), lang)],
                "potencial" if pt else "potential": [
                    format_money(row["potential"], cur, lang, decimals=0)
                ],
                "faturamento na janela" if pt else "revenue in the window": [
                    format_money(row["revenue"], cur, lang, decimals=0)
                ],
            }
        )

    def _expected(self):
        row = _buying_first(self)
        return float(_gaps(self.market, self.territory, [row["account_id"]]).iloc[0])


_ACTION_CLASSES = {
    "ok": ("ok", "ok"),
    "no owner": ("no owner", "sem responsável"),
    "after the quarter": ("after the quarter", "depois do trimestre"),
    "overdue": ("overdue", "atrasada"),
}

#: A draft plan's actions (q5): the text in both languages, the owner (None: blank), the due
#: date as days from the market's date, and the class it belongs to.
_DRAFT = (
    ("Meeting with the decision maker", "Reunião com o decisor", True, 14, "ok"),
    (
        "Send a quote for a first order",
        "Enviar orçamento para um primeiro pedido",
        False,
        30,
        "no owner",
    ),
    (
        "Visit the plant with our technical team",
        "Visitar a fábrica com o nosso time técnico",
        True,
        150,
        "after the quarter",
    ),
    (
        "Call the buyer about the samples",
        "Ligar para o comprador sobre as amostras",
        True,
        -10,
        "overdue",
    ),
    (
        "Present a case study to the engineers",
        "Apresentar um caso de sucesso aos engenheiros",
        True,
        60,
        "ok",
    ),
)


class SortTheDraft(core.ClassifyQuestion):
    _title = "A draft plan: which actions pass?"
    _title_pt = "Um rascunho de plano: quais ações passam?"
    _var = "draft_actions"
    _classes = tuple(_ACTION_CLASSES)
    _class_words = _ACTION_CLASSES
    _noun = "row"
    _prompt = """\
Run `q5.show()`: the actions of a draft plan for the first account of your pursuit list, with
their owner and due date; the heading of the due dates says when the quarter starts (the
market's date) and ends. An action passes (`"ok"`) when it has an owner and its due date falls
within the quarter. Otherwise it has **no owner** (`"no owner"`), is due **after the quarter**
(`"after the quarter"`), or is **overdue** (`"overdue"`: still open, due before the quarter
started). Write one class per row, in the order of the rows, in `draft_actions`."""
    _prompt_pt = """\
Rode `q5.show()`: as ações de um rascunho de plano para a primeira conta da sua lista de
conquista, com o responsável e o prazo de cada uma; o título da coluna dos prazos diz quando o
trimestre começa (a data do mercado) e termina. Uma ação passa (`"ok"`) quando tem responsável e
o prazo cai dentro do trimestre. Senão ela está **sem responsável** (`"sem responsável"`), vence
**depois do trimestre** (`"depois do trimestre"`) ou está **atrasada** (`"atrasada"`: ainda
aberta, com prazo antes do início do trimestre). Escreva uma classe por linha, na ordem das
linhas, em `draft_actions`."""
    _hint = "Look at two columns for each row: is there an owner, and where does the date fall?"
    _hint_pt = "Olhe duas colunas em cada linha: tem responsável, e onde cai o prazo?"
    _explanation = (
        "A plan is as good as its actions: each one needs a person and a date inside "
        "the quarter, and a late one needs a new date, not silence."
    )
    _explanation_pt = (
        "Um plano vale o que valem as ações: cada uma precisa de uma pessoa e de um "
        "prazo dentro do trimestre, e a atrasada precisa de um novo prazo, não de silêncio."
    )
    _mistakes = (
        core.Mistake(
            'draft_actions = ["ok"] * len(q5.table())',
            "Not every action passes: look at the owners and the dates again.",
            "Nem toda ação passa: olhe de novo os responsáveis e os prazos.",
        ),
        core.Mistake(
            'draft_actions = ["ok", "no owner", "ok", "overdue", "ok"]',
            "An action due after the end of the quarter does not belong to this quarter's plan.",
            "Uma ação com prazo depois do fim do trimestre não é do plano deste trimestre.",
        ),
    )

    def draft(self):
        """The draft's actions (a DataFrame as kk.open_actions writes them, English text),
        with their ``expected`` class."""
        if "draft" not in self._cache:
            import pandas as pd

            m = self.market
            first = _first(self)
            owner = first["salesperson"] if isinstance(first["salesperson"], str) else "Ana"
            pt = self.language == "pt-BR"
            rows = [
                {
                    "account_id": str(first["account_id"]),
                    "action": text_pt if pt else text,
                    "owner": owner if has_owner else None,
                    "due_date": m.as_of.normalize() + pd.Timedelta(days=days),
                    "status": "open",
                    "expected": expected,
                }
                for text, text_pt, has_owner, days, expected in _DRAFT
            ]
            self._cache["draft"] = pd.DataFrame(rows)
        return self._cache["draft"]

    def _table(self):
        import pandas as pd

        from kamkit.presentation.i18n import format_date

        lang = self.language
        pt = lang == "pt-BR"
        draft = self.draft()
        start = format_date(self.market.as_of, lang)
        end = format_date(self.market.as_of + pd.DateOffset(months=3), lang)
        due = (
            f"prazo (trimestre: {start} a {end})" if pt else f"due date (quarter: {start} to {end})"
        )
        return pd.DataFrame(
            {
                **self._numbered(draft["account_id"]),
                "ação" if pt else "action": draft["action"].to_numpy(),
                "responsável" if pt else "owner": [
                    o if isinstance(o, str) else "—" for o in draft["owner"]
                ],
                due: [format_date(d, lang) for d in draft["due_date"]],
            }
        )

    def _expected(self):
        """Each action's class, from kk.plan_problems on a market holding the draft."""
        draft = self.draft()
        planned = self.market.with_tables(actions=draft.drop(columns="expected"))
        problems = kk.plan_problems(planned)
        mine = problems[problems["account_id"].astype(str) == str(draft["account_id"].iloc[0])]
        classes = []
        for action in draft["action"]:
            named = set(
                mine.loc[mine["detail"].astype(str).str.contains(action, regex=False), "problem"]
            )
            if "action_without_owner" in named:
                classes.append("no owner")
            elif "overdue_action" in named:
                classes.append("overdue")
            elif "due_beyond_quarter" in named:
                classes.append("after the quarter")
            else:
                classes.append("ok")
        return classes


_MAP_CHOICES = ("no_decision_maker", "decision_maker_critic", "no_supporter", "single_contact")


def _mapped_account(q):
    """The account whose relationship map q6 shows: among the territory's accounts with
    contacts, one whose map lacks a decision maker, else one whose decision maker is a critic,
    else one with nobody on our side, else the one with the most contacts; the first of the pursuit list when none has contacts."""
    if "mapped" not in q._cache:
        m = q.market
        mine = set(kk.segment(m, territory=q.territory)["account_id"].astype(str))
        contacts = m.contacts[m.contacts["account_id"].astype(str).isin(mine)]
        if contacts.empty:
            q._cache["mapped"] = str(_first(q)["account_id"])
        else:
            gaps = kk.relationship_gaps(m)
            gaps = gaps[gaps["account_id"].astype(str).isin(mine)]
            size = contacts.groupby(contacts["account_id"].astype(str)).size()
            chosen = None
            for code in _MAP_CHOICES[:3]:
                found = sorted(set(gaps.loc[gaps["gap"] == code, "account_id"].astype(str)))
                found = [a for a in found if size.get(a, 0) > 1]  # not single-threaded too
                if found:
                    chosen = found[0]
                    break
            if chosen is None:
                chosen = sorted(size.index, key=lambda a: (-size[a], a))[0]
            q._cache["mapped"] = chosen
    return q._cache["mapped"]


class ReadTheMap(core.ChoiceQuestion):
    _title = "What does the relationship map lack?"
    _title_pt = "O que falta no mapa de relacionamento?"
    _var = "map_lacks"
    _show = True
    _prompt = """\
Run `q6.show()`: the contacts kamkit knows at one account of your territory, with each one's
**influence** on the purchase and **relationship** with us. What does this map show? When more
than one is true, pick the first one in the list."""
    _prompt_pt = """\
Rode `q6.show()`: os contatos que o kamkit conhece numa conta do seu território, com a
**influência** de cada um na compra e o **relacionamento** dele conosco. O que este mapa mostra?
Quando mais de uma for verdade, escolha a primeira da lista."""
    _choices = (
        "no contact with a decision maker",
        "the decision maker is a critic",
        "nobody on our side: no advocate or supporter",
        "a single contact: the whole relationship hangs on one person",
        "none of these: a decision maker we know and who is not against us",
    )
    _choices_pt = (
        "nenhum contato com o decisor",
        "o decisor é crítico",
        "ninguém do nosso lado: nenhum defensor ou apoiador",
        "um contato só: o relacionamento inteiro depende de uma pessoa",
        "nenhuma dessas: conhecemos um decisor, e ele não é contra nós",
    )
    _reasons = (
        "Look at the influence column: is one of them the decision maker?",
        "Look at the relationship of the decision maker again.",
        "Look at the relationship column again: is one of them an advocate or a supporter?",
        "Count the contacts again.",
        "Look at the influence and the relationship of each contact again.",
    )
    _reasons_pt = (
        "Olhe a coluna da influência: algum deles é o decisor?",
        "Olhe de novo o relacionamento do decisor.",
        "Olhe de novo a coluna do relacionamento: algum deles é defensor ou apoiador?",
        "Conte de novo os contatos.",
        "Olhe de novo a influência e o relacionamento de cada contato.",
    )
    _hint = (
        "Find the decision maker first and read his relationship; then look for an advocate or "
        "a supporter; then count the contacts."
    )
    _hint_pt = (
        "Ache primeiro o decisor e leia o relacionamento dele; depois procure um defensor ou "
        "apoiador; depois conte os contatos."
    )
    _explanation = (
        "That is the gap the plan's first action must close: meet the person who "
        "decides, win over the critic, find an ally, or add a second contact."
    )
    _explanation_pt = (
        "É a lacuna que a primeira ação do plano tem de fechar: chegar a quem decide, "
        "conquistar o crítico, achar um aliado, ou ganhar um segundo contato."
    )
    _mistakes = (
        core.Mistake(
            'map_lacks = "e"',
            "The map has a gap: look at the influence and the relationship of each contact again.",
            "O mapa tem uma lacuna: olhe de novo a influência e o relacionamento de cada contato.",
        ),
    )

    def _table(self):
        contacts = kk.relationship_map(self.market, _mapped_account(self))
        shown = contacts[["account_id", "name", "role", "influence", "relationship"]]
        return kk.format_table(shown, language=self.language)

    def _expected(self):
        account = _mapped_account(self)
        contacts = self.market.contacts
        contacts = contacts[contacts["account_id"].astype(str) == account]
        gaps = kk.relationship_gaps(self.market)
        found = set(gaps.loc[gaps["account_id"].astype(str) == account, "gap"])
        if contacts.empty or "no_contacts" in found or "no_decision_maker" in found:
            return "a"
        if "decision_maker_critic" in found:
            return "b"
        if "no_supporter" in found:
            return "c"
        if "single_contact" in found:
            return "d"
        return "e"


class CriticDecisionMaker(core.ThinkingQuestion):
    _title = "The decision maker is a critic"
    _title_pt = "O decisor é crítico"
    _prompt = """\
The relationship map of your best conquer account shows that its industrial director, who signs
the purchase, is a critic: a delivery problem two years ago, and a competitor he trusts. The
buyer likes you. What goes into the plan for this quarter, and what do you leave out?"""
    _prompt_pt = """\
O mapa de relacionamento da sua melhor conta a conquistar mostra que o diretor industrial, que
assina a compra, é crítico: um problema de entrega dois anos atrás, e um concorrente em quem ele
confia. O comprador gosta de você. O que entra no plano deste trimestre, e o que fica de fora?"""
    _hint = "Whom do you need, and who can open that door? What is a small first step?"
    _hint_pt = (
        "De quem você precisa, e quem pode abrir essa porta? Qual é um primeiro passo pequeno?"
    )
    _discussion = """\
Do not go around him: a plan that wins the buyer and ignores the decision maker ends in a quote
that is never signed. Put an action with his name in it: a meeting -- with your manager or the
technical team, if that carries weight -- to hear the old problem out and say what changed.
Ask the buyer (or an influencer who supports you) to help you get that meeting and to tell you
what the director values. Keep the objective small and believable for the quarter: a trial
order, a test on one line, well within the gap. Leave out the big target and the price war: a
critic is won by being listened to and by a first delivery that goes right. Date everything,
name the owner, and look at his relationship again at the next review -- did he move from
critic to neutral?"""
    _discussion_pt = """\
Não passe por cima dele: um plano que conquista o comprador e ignora o decisor termina num
orçamento que nunca é assinado. Ponha uma ação com o nome dele: uma reunião -- com o seu gerente
ou com o time técnico, se isso pesa -- para ouvir o problema antigo e dizer o que mudou. Peça ao
comprador (ou a um influenciador que apoia você) ajuda para conseguir essa reunião e para contar
o que o diretor valoriza. Mantenha o objetivo pequeno e crível para o trimestre: um pedido
teste, um teste numa linha, bem dentro do espaço a conquistar. Deixe de fora a meta grande e a
guerra de preço: crítico se conquista sendo ouvido e com uma primeira entrega que dá certo.
Ponha prazo em tudo, diga quem é o responsável, e olhe de novo o relacionamento dele na próxima
revisão -- ele passou de crítico a neutro?"""


QUESTIONS = [
    FirstGaps,
    WriteThePlan,
    OverdueActions,
    LargestTarget,
    SortTheDraft,
    ReadTheMap,
    CriticDecisionMaker,
]

EXERCISES = core.ExerciseSet(
    QUESTIONS,
    number=9,
    title="The account plan",
    lesson="09_account_plan",
    module=__name__,
    intro="Find the gap of the first accounts of your pursuit list, write the plan of the first "
    "one and check it (an objective no larger than the gap, every decision maker with an "
    "action, due dates within the quarter), count the overdue actions of your territory; "
    "then, without code, size an objective, sort a draft plan's actions and read a "
    "relationship map.",
    title_pt="O plano de conta",
    intro_pt="Encontre o espaço a conquistar das primeiras contas da sua lista de conquista, "
    "escreva o plano da primeira e confira (um objetivo no máximo do tamanho do espaço a "
    "conquistar, cada decisor com uma ação, prazos dentro do trimestre), conte as ações "
    "atrasadas do seu território; depois, sem código, dimensione um objetivo, separe as "
    "ações de um rascunho de plano e leia um mapa de relacionamento.",
)
__all__ = EXERCISES.bind(globals())
