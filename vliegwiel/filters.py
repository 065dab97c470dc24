"""The global filters (sidebar, URL) and the SQL they translate to, in one place.

Every page applies the same semantics, so a Staten member sees consistent numbers.
Values are always bound as parameters; only fixed SQL fragments are concatenated.
"""
from __future__ import annotations

from dataclasses import dataclass

STATUS_ONBEKEND = "onbekend"


@dataclass(frozen=True)
class Filters:
    gemeenten: tuple[str, ...] = ()       # CBS codes, e.g. ('GM0331',)
    themas: tuple[str, ...] = ()          # thema_id values
    grootteklassen: tuple[str, ...] = ()  # ids from pipelines.config.GROOTTEKLASSEN
    statussen: tuple[str, ...] = ()       # initiatieven.status values, or 'onbekend' for NULL
    alleen_pilots: bool = False

    @property
    def is_leeg(self) -> bool:
        return self == Filters()


def _in_list(column: str, values: tuple[str, ...]) -> tuple[str, list]:
    return f"{column} IN ({', '.join('?' for _ in values)})", list(values)


def _add_in(clauses: list[str], params: list, column: str, values: tuple[str, ...]) -> None:
    """Append `column IN (?, ...)` when values are selected."""
    if values:
        sql, p = _in_list(column, values)
        clauses.append(sql)
        params += p


def initiatief_where(f: Filters, alias: str = "i") -> tuple[str, list]:
    """WHERE clause (without 'WHERE') selecting initiatives of alias `alias` that pass the filters.

    - gemeente: the initiative's gemeente;
    - thema: at least one of the selected themes;
    - grootteklasse: it works in at least one kern of a selected size class;
    - status: its status, NULL counting as 'onbekend';
    - alleen_pilots: pilots only.
    """
    clauses, params = ["TRUE"], []
    _add_in(clauses, params, f"{alias}.gemeente_code", f.gemeenten)
    if f.themas:
        sql, p = _in_list("it.thema_id", f.themas)
        clauses.append(f"EXISTS (SELECT 1 FROM initiatief_themas it WHERE it.initiatief_id = {alias}.initiatief_id AND {sql})")
        params += p
    if f.grootteklassen:
        sql, p = _in_list("k.grootteklasse", f.grootteklassen)
        clauses.append("EXISTS (SELECT 1 FROM initiatief_kernen ik JOIN kernen k ON k.kern_id = ik.kern_id "
                       f"WHERE ik.initiatief_id = {alias}.initiatief_id AND {sql})")
        params += p
    _add_in(clauses, params, f"coalesce({alias}.status, '{STATUS_ONBEKEND}')", f.statussen)
    if f.alleen_pilots:
        clauses.append(f"{alias}.is_pilot")
    return " AND ".join(clauses), params


def kern_where(f: Filters, alias: str = "k") -> tuple[str, list]:
    """WHERE clause for kernen: gemeente and size class (themes and status filter initiatives, not places)."""
    clauses, params = ["TRUE"], []
    _add_in(clauses, params, f"{alias}.gemeente_code", f.gemeenten)
    _add_in(clauses, params, f"{alias}.grootteklasse", f.grootteklassen)
    return " AND ".join(clauses), params


def gemeente_where(f: Filters, alias: str = "g") -> tuple[str, list]:
    if not f.gemeenten:
        return "TRUE", []
    return _in_list(f"{alias}.gemeente_code", f.gemeenten)


def thema_where(f: Filters, alias: str = "t") -> tuple[str, list]:
    if not f.themas:
        return "TRUE", []
    return _in_list(f"{alias}.thema_id", f.themas)
