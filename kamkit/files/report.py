"""What ``kamkit.load`` and ``kamkit validate`` found: :class:`ValidationReport`.

Its own module so that the loading front (:mod:`kamkit.files.loading`) and the loader that
fills it (:mod:`kamkit.files.assemble`) do not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kamkit.core.errors import Problem, Text, render

if TYPE_CHECKING:
    from kamkit.model.market import Market

__all__ = ["ValidationReport"]


@dataclass
class ValidationReport:
    """Everything ``validate`` found. ``ok`` is True when the data can be used."""

    source: str
    problems: list[Problem] = field(default_factory=list)
    market: Market | None = None
    # the data's ``language`` parameter as read (None when the data does not say), kept even
    # when the data fails, so that ``kamkit validate`` can speak the data's language
    language: str | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def text(self, language: str | None = None) -> str:
        """Every problem, then the verdict, in ``language`` (en or pt-BR)."""
        pt = language == "pt-BR"
        lines = [f"{'ERRO ' if pt else 'ERROR'}   {p.text(language)}" for p in self.errors]
        lines += [f"{'AVISO' if pt else 'WARNING'} {p.text(language)}" for p in self.warnings]
        if self.ok and self.market is not None:
            m = self.market
            from kamkit.presentation.i18n import format_count, format_date

            counts = dict(
                accounts=format_count(len(m.accounts), language),
                territories=format_count(len(m.territories), language),
                sales=format_count(len(m.sales), language),
                visits=format_count(len(m.visits), language),
                as_of=format_date(m.as_of, language),
                source=self.source,
            )
            usable = render(_USABLE, language).format(**counts)
            sizes = [len(m.contacts), len(m.plans), len(m.actions)]
            if any(sizes):  # the account-plan tables, when the data has them
                from kamkit.presentation.catalogue import word

                usable += word("loading.summary.plan_tables", language).format(
                    **{
                        name: format_count(n, language)
                        for name, n in zip(("contacts", "plans", "actions"), sizes)
                    }
                )
            lines.append(usable)
        else:
            lines.append(
                render(_NOT_USABLE, language).format(n=len(self.errors), source=self.source)
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text("en")


_USABLE = Text(
    "OK: {source} can be used: {accounts} accounts in {territories} territories, {sales} sales "
    "lines, {visits} visits; analysis as of {as_of}.",
    "OK: {source} pode ser usado: {accounts} contas em {territories} territórios, {sales} "
    "linhas de venda, {visits} visitas; análise com data-base {as_of}.",
)
_NOT_USABLE = Text(
    "NOT USABLE: {n} error(s) in {source}. Fix them and run `kamkit validate` again.",
    "NÃO PODE SER USADO: {n} erro(s) em {source}. Corrija-os e rode `kamkit validate` de novo.",
)
