"""The global filters (sidebar, URL), the SQL they translate to and their Dutch description, in one place.

Every page applies the same semantics, so a Staten member sees consistent numbers. No other
module writes an `IN (?, ...)` list for a filter. Values are always bound as parameters; only
fixed SQL fragments and the caller's table alias are concatenated.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipelines import freshness
from pipelines.config import STATUS_UIT_REGISTER

STATUS_ONBEKEND = "onbekend"

# The sidebar's filter names (also their URL keys), as the "filters also apply here" caption names them.
FILTER_NAMEN = ("gemeente", "thema", "grootte", "status", "pilots", "versheid")


def in_list(column: str, values: tuple[str, ...]) -> tuple[str, list]:
    """`column IN (?, ...)` with its parameters; TRUE when nothing is selected."""
    if not values:
        return "TRUE", []
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def _and(*parts: tuple[str, list]) -> tuple[str, list]:
    clauses = [sql for sql, _ in parts if sql != "TRUE"]
    return " AND ".join(["TRUE", *clauses]), [p for _, params in parts for p in params]


@dataclass(frozen=True)
class Filters:
    gemeenten: tuple[str, ...] = ()       # CBS codes, e.g. ('GM0331',)
    themas: tuple[str, ...] = ()          # thema_id values
    grootteklassen: tuple[str, ...] = ()  # ids from pipelines.config.GROOTTEKLASSEN
    statussen: tuple[str, ...] = ()       # initiatieven.status values, or 'onbekend' for NULL
    alleen_pilots: bool = False
    versheid: tuple[str, ...] = ()        # derived freshness statuses (pipelines.config.VERSHEID), or 'onbekend'

    @property
    def is_leeg(self) -> bool:
        return self == Filters()

    def initiatief_clause(self, alias: str = "i") -> tuple[str, list]:
        """WHERE clause (without 'WHERE') selecting initiatives of alias `alias` that pass the filters.

        - gemeente: the initiative's gemeente;
        - thema: at least one of the selected themes;
        - grootteklasse: it works in at least one kern of a selected size class;
        - status: its status, NULL counting as 'onbekend'; without a status filter, initiatives
          "niet meer in register" (retired by a complete register) are left out;
        - alleen_pilots: pilots only;
        - versheid: the status derived from its "laatst bevestigd" date (pipelines.freshness).
        """
        parts = [self.gemeente_clause(alias)]
        if self.themas:
            sql, p = self.thema_clause("it")
            parts.append((f"EXISTS (SELECT 1 FROM initiatief_themas it WHERE it.initiatief_id = {alias}.initiatief_id "
                          f"AND {sql})", p))
        if self.grootteklassen:
            sql, p = in_list("k.grootteklasse", self.grootteklassen)
            parts.append(("EXISTS (SELECT 1 FROM initiatief_kernen ik JOIN kernen k ON k.kern_id = ik.kern_id "
                          f"WHERE ik.initiatief_id = {alias}.initiatief_id AND {sql})", p))
        status = f"coalesce({alias}.status, '{STATUS_ONBEKEND}')"
        parts.append(in_list(status, self.statussen) if self.statussen else (f"{status} <> ?", [STATUS_UIT_REGISTER]))
        if self.alleen_pilots:
            parts.append((f"{alias}.is_pilot", []))
        if self.versheid:
            parts.append(in_list(freshness.status_sql(f"{alias}.laatst_bevestigd"), self.versheid))
        return _and(*parts)

    def kern_clause(self, alias: str = "k") -> tuple[str, list]:
        """WHERE clause for kernen: gemeente and size class (themes and status filter initiatives, not places)."""
        return _and(self.gemeente_clause(alias), in_list(f"{alias}.grootteklasse", self.grootteklassen))

    def gemeente_clause(self, alias: str = "g") -> tuple[str, list]:
        """The selected gemeenten on any table with a `gemeente_code` column; TRUE when none is selected."""
        return in_list(f"{alias}.gemeente_code", self.gemeenten)

    def thema_clause(self, alias: str = "t") -> tuple[str, list]:
        """The selected themes on any table with a `thema_id` column; TRUE when none is selected."""
        return in_list(f"{alias}.thema_id", self.themas)

    def actief(self) -> list[str]:
        """The names of the filters that are set, in the sidebar's order."""
        gezet = {"gemeente": self.gemeenten, "thema": self.themas, "grootte": self.grootteklassen,
                 "status": self.statussen, "pilots": self.alleen_pilots, "versheid": self.versheid}
        return [naam for naam, waarde in gezet.items() if waarde]

    def beschrijving(self, geldend: tuple[str, ...] = FILTER_NAMEN) -> str:
        """'De filters thema, status en pilots uit de zijbalk gelden ook hier.' naming the filters a
        view applies (`geldend`), when at least one of them is set; '' otherwise."""
        if not set(geldend) & set(self.actief()):
            return ""
        lijst = geldend[0] if len(geldend) == 1 else ", ".join(geldend[:-1]) + " en " + geldend[-1]
        return f"De filters {lijst} uit de zijbalk gelden ook hier."
