"""Precompute the unfiltered network when the store is written (table `netwerk_maten`).

Every writer calls `vul(con)` on its private copy just before the swap, so the Netwerk page's
first visit reads measures and positions instead of computing them for seconds. The numbers
come from the very function the page would otherwise run (`vliegwiel.netwerk.bouw`, same seed),
so reading them changes nothing but the time.
"""
from __future__ import annotations

import duckdb

from vliegwiel import netwerk


def vul(con: duckdb.DuckDBPyConnection) -> int:
    """Replace the stored measures with those of the network as it now is; returns the number of
    nodes stored (0 when the network is empty or larger than netwerk.VOORAF_MAX nodes, or when
    the store predates the table: an import into it must not fail, and the page then computes)."""
    bestaat = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'netwerk_maten' "
                          "AND database_name = current_database()").fetchone()[0]
    if not bestaat:
        return 0
    con.execute("DELETE FROM netwerk_maten")
    knopen, verbindingen = netwerk.knopen_en_verbindingen(con)
    if knopen.empty or len(knopen) > netwerk.VOORAF_MAX:
        return 0
    net = netwerk.bouw(knopen, verbindingen)
    rijen = netwerk.vooraf_rijen(net, netwerk.vingerafdruk(knopen, verbindingen))
    con.register("_netwerk_maten", rijen)
    try:
        con.execute("INSERT INTO netwerk_maten BY NAME SELECT * FROM _netwerk_maten")
    finally:
        con.unregister("_netwerk_maten")
    return len(rijen)
