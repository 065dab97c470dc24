"""The network of initiatives, organisations, gemeenten and the province: who connects whom.

Pure functions (no streamlit): the page caches `netwerk(con, ...)` per database version and
filter set through `vliegwiel.ui.shell.query`.

Filter semantics (the global sidebar filters, applied in SQL):
- an initiative is in the network when it passes `Filters.initiatief_clause` (gemeente, thema,
  grootte, status, pilots: exactly as on every other page);
- an organisation (koepel, netwerk, fonds, gemeente, provincie, begeleider, ...) is in the
  network when no global filter is set, or when it has a link with an initiative that is
  in the network, or when a gemeente filter is set and the organisation belongs to one of
  the selected gemeenten (its gemeente_code; a gemeente's own node has its own code).
  So with "Lopik" selected you see Lopik's initiatives, everything they are linked to, and
  the organisations of Lopik itself even when they have no link yet;
- a link is in the network when both its ends are.
Then the page's own filters: kind of node and kind of link; organisations without any link
in what remains are left out unless asked for (initiatives without links never are: they
are the "wie staat er alleen?" list).

Measures on the resulting (undirected) network: number of links per node, betweenness
("verbinder-score", normalised 0..1; sampled with a fixed seed above BETWEENNESS_EXACT_MAX
nodes), communities (Louvain, fixed seed) numbered by size, and a force-directed layout
(Fruchterman-Reingold, numpy, fixed seed) with isolated nodes in tidy rows underneath.

Precomputed at write time: the unfiltered network (no global filter, no kind filter, no loose
organisations) is what most visits ask for and costs seconds at 3,000 initiatives. Every writer
of the store therefore computes it once with `bouw` (pipelines/netwerk_maten.py) and stores the
measures and positions in `netwerk_maten`, tagged with a fingerprint of the nodes, links and
algorithm they came from. `netwerk()` reads them when the fingerprint still matches the store
and computes otherwise, so a stale or missing table can slow a visit down but never change a number.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import hashlib

import duckdb
import networkx as nx
import numpy as np
import pandas as pd

from vliegwiel.filters import Filters

SEED = 42
BETWEENNESS_EXACT_MAX = 400   # exact betweenness up to this many nodes, sampled above
BETWEENNESS_SAMPLES = 128
# The writers precompute the unfiltered network up to this many nodes: 3,000 cost about 3 s once
# per write; 10,000 nodes with 50,000 links cost about 40 s and 1.5 GB, more than an import may take.
VOORAF_MAX = 5000
# Part of the fingerprint: change it whenever the measures or the layout change, so stores
# written by older code are recomputed instead of read.
ALGORITME = f"v1 seed={SEED} exact<={BETWEENNESS_EXACT_MAX} k={BETWEENNESS_SAMPLES} fr=60/40 louvain"

INITIATIEF_SOORTEN = ("initiatief", "pilot")


@dataclass(frozen=True)
class KnoopStijl:
    label: str
    kleur: str     # Paul Tol "muted" + Okabe-Ito orange: colour-blind safe
    vorm: str      # vis-network shape: the second carrier next to colour
    rand: str = "#333333"


# Display kinds of node, in legend order. 'pilot' is an initiative with is_pilot.
KNOOP_SOORTEN: dict[str, KnoopStijl] = {
    "initiatief": KnoopStijl("Initiatief", "#88CCEE", "dot"),
    "pilot": KnoopStijl("Pilot", "#E69F00", "star"),
    "koepel": KnoopStijl("Koepelorganisatie", "#332288", "hexagon"),
    "netwerk": KnoopStijl("Netwerk", "#117733", "triangle"),
    "begeleider": KnoopStijl("Begeleider (vrije actor)", "#AA4499", "triangleDown"),
    "fonds": KnoopStijl("Fonds", "#999933", "square"),
    "financier": KnoopStijl("Financier", "#44AA99", "square"),
    "kennisinstelling": KnoopStijl("Kennisinstelling", "#DDCC77", "hexagon"),
    "gemeente": KnoopStijl("Gemeente", "#CC6677", "diamond"),
    "provincie": KnoopStijl("Provincie", "#882255", "diamond"),
    "overig": KnoopStijl("Overige organisatie", "#DDDDDD", "dot", "#666666"),
}


@dataclass(frozen=True)
class VerbindingStijl:
    label: str
    kleur: str
    streep: tuple[int, ...]   # dash pattern (empty: solid) so colour is not the only carrier
    breedte: float
    pijl: bool                # directed kinds point from 'van' to 'naar'


VERBINDING_SOORTEN: dict[str, VerbindingStijl] = {
    "lid van": VerbindingStijl("lid van", "#0072B2", (), 2.0, True),
    "begeleidt": VerbindingStijl("begeleidt", "#D55E00", (10, 5), 2.5, True),
    "financiert": VerbindingStijl("financiert", "#009E73", (2, 4), 3.0, True),
    "werkt samen met": VerbindingStijl("werkt samen met", "#555555", (), 1.5, False),
    "ondersteunt": VerbindingStijl("ondersteunt", "#CC79A7", (12, 4, 2, 4), 2.0, True),
}

KNOOP_KOLOMMEN = ["knoop_id", "naam", "soort", "gemeente", "kern"]
VERBINDING_KOLOMMEN = ["verbinding_id", "van_id", "naar_id", "soort", "sinds"]


def soort_label(soort: str) -> str:
    stijl = KNOOP_SOORTEN.get(soort)
    return stijl.label if stijl else str(soort)


# ---------- data from the store ----------

def _knopen_sql(filters: Filters) -> tuple[str, list]:
    """SQL for the nodes passing the global filters (see the module docstring)."""
    where, params = filters.initiatief_clause()
    alles = filters.is_leeg
    # organisations of a selected gemeente stay in; without a gemeente filter `alles` keeps them all
    gem_clause, gem_params = filters.gemeente_clause("o") if filters.gemeenten else ("FALSE", [])
    sql = f"""
        WITH ini AS (
            SELECT i.initiatief_id AS knoop_id, i.naam,
                   CASE WHEN i.is_pilot THEN 'pilot' ELSE 'initiatief' END AS soort,
                   i.gemeente_code, i.kern_id
            FROM initiatieven i
            WHERE {where}
        ),
        gelinkt AS (
            SELECT v.van_id AS knoop_id FROM verbindingen v JOIN ini ON v.naar_id = ini.knoop_id
            UNION
            SELECT v.naar_id FROM verbindingen v JOIN ini ON v.van_id = ini.knoop_id
        ),
        org AS (
            SELECT o.organisatie_id AS knoop_id, o.naam, o.soort, o.gemeente_code, NULL AS kern_id
            FROM organisaties o
            WHERE ? OR {gem_clause} OR o.organisatie_id IN (SELECT knoop_id FROM gelinkt)
        ),
        alle AS (SELECT * FROM ini UNION ALL SELECT * FROM org)
        SELECT a.knoop_id, a.naam, a.soort, g.naam AS gemeente, k.naam AS kern
        FROM alle a
        LEFT JOIN gemeenten g ON g.gemeente_code = a.gemeente_code
        LEFT JOIN kernen k ON k.kern_id = a.kern_id
        ORDER BY a.knoop_id
    """
    return sql, params + [alles] + gem_params


def knopen_en_verbindingen(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and links passing the global filters, straight from the store (no contact persons)."""
    sql, params = _knopen_sql(filters)
    knopen = con.execute(sql, params).df()
    con.register("_netwerk_knopen", knopen[["knoop_id"]])
    try:
        verbindingen = con.execute("""
            SELECT v.verbinding_id, v.van_id, v.naar_id, v.soort, v.sinds
            FROM verbindingen v
            WHERE v.van_id IN (SELECT knoop_id FROM _netwerk_knopen)
              AND v.naar_id IN (SELECT knoop_id FROM _netwerk_knopen)
            ORDER BY v.verbinding_id
        """).df()
    finally:
        con.unregister("_netwerk_knopen")
    return knopen[KNOOP_KOLOMMEN], verbindingen[VERBINDING_KOLOMMEN]


# ---------- graph ----------

def filter_soorten(knopen: pd.DataFrame, verbindingen: pd.DataFrame, knoop_soorten: Iterable[str] = (),
                   verbinding_soorten: Iterable[str] = (), losse_organisaties: bool = False
                   ) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Apply the page's filters: node kinds and link kinds (empty: all), then drop
    organisations left without any link unless `losse_organisaties`. Returns the nodes,
    the links and how many organisations were dropped for having no link."""
    knoop_soorten, verbinding_soorten = tuple(knoop_soorten), tuple(verbinding_soorten)
    if knoop_soorten:
        knopen = knopen[knopen["soort"].isin(knoop_soorten)]
    if verbinding_soorten:
        verbindingen = verbindingen[verbindingen["soort"].isin(verbinding_soorten)]
    ids = set(knopen["knoop_id"])
    verbindingen = verbindingen[verbindingen["van_id"].isin(ids) & verbindingen["naar_id"].isin(ids)]
    verborgen = 0
    if not losse_organisaties:
        verbonden = set(verbindingen["van_id"]) | set(verbindingen["naar_id"])
        houden = knopen["soort"].isin(INITIATIEF_SOORTEN) | knopen["knoop_id"].isin(verbonden)
        verborgen = int((~houden).sum())
        knopen = knopen[houden]
    return knopen.reset_index(drop=True), verbindingen.reset_index(drop=True), verborgen


def graaf(knopen: pd.DataFrame, verbindingen: pd.DataFrame) -> nx.Graph:
    """Undirected simple graph; parallel links between the same two nodes become one edge
    whose attribute 'verbindingen' lists them all."""
    g = nx.Graph()
    g.add_nodes_from(knopen["knoop_id"])
    for vid, van, naar, soort in zip(verbindingen["verbinding_id"], verbindingen["van_id"],
                                     verbindingen["naar_id"], verbindingen["soort"]):
        if g.has_edge(van, naar):
            g[van][naar]["verbindingen"].append((vid, soort))
        else:
            g.add_edge(van, naar, verbindingen=[(vid, soort)])
    return g


def aantal_verbindingen(knopen: pd.DataFrame, verbindingen: pd.DataFrame) -> pd.Series:
    """Links per node (every row of `verbindingen` counts, also a second link between the same pair)."""
    tel = pd.concat([verbindingen["van_id"], verbindingen["naar_id"]]).value_counts()
    return knopen["knoop_id"].map(tel).fillna(0).astype(int)


def steekproef(g: nx.Graph) -> int | None:
    """How many start nodes `verbinder_scores` samples for this graph (None: exact)."""
    return None if g.number_of_nodes() <= BETWEENNESS_EXACT_MAX else BETWEENNESS_SAMPLES


def verbinder_scores(g: nx.Graph, seed: int = SEED) -> tuple[dict[str, float], bool]:
    """Normalised betweenness (0..1) and whether it was sampled (large graphs, see `steekproef`)."""
    k = steekproef(g)
    if k is None:
        return nx.betweenness_centrality(g, normalized=True), False
    return nx.betweenness_centrality(g, k=k, normalized=True, seed=seed), True


def clusters(g: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Community number per node (1 = largest); nodes without links get none."""
    verbonden = g.subgraph([n for n in g if g.degree(n) > 0]).copy()
    if verbonden.number_of_edges() == 0:
        return {}
    gemeenschappen = nx.community.louvain_communities(verbonden, seed=seed)
    gemeenschappen = sorted((sorted(c) for c in gemeenschappen if len(c) > 1), key=lambda c: (-len(c), c[0]))
    return {n: i for i, c in enumerate(gemeenschappen, start=1) for n in c}


def _fruchterman_reingold(n: int, u: np.ndarray, v: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Force-directed layout in float32 numpy (networkx's sparse variant needs scipy and is
    slow above 500 nodes). Repulsion k^2/d between all pairs (one n x n matrix, a matmul),
    attraction d^2/k along links; linear cooling. Deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    if n == 1:
        return pos
    k2 = np.float32(1.0 / n)
    k = np.sqrt(k2)
    t = 0.1
    dt = t / (iterations + 1)
    d2 = np.empty((n, n), np.float32)
    diag = np.arange(n)
    for _ in range(iterations):
        sq = (pos * pos).sum(1)
        np.matmul(pos, pos.T, out=d2)
        d2 *= -2.0
        d2 += sq[:, None]
        d2 += sq[None, :]
        np.maximum(d2, 1e-4, out=d2)
        np.divide(k2, d2, out=d2)
        d2[diag, diag] = 0.0
        disp = pos * d2.sum(1)[:, None] - d2 @ pos
        if len(u):
            delta = pos[u] - pos[v]
            f = delta * (np.sqrt((delta * delta).sum(1)) / k)[:, None]
            for dim in range(2):
                disp[:, dim] -= np.bincount(u, f[:, dim], n)
                disp[:, dim] += np.bincount(v, f[:, dim], n)
        length = np.sqrt((disp * disp).sum(1))
        np.maximum(length, 0.01, out=length)
        pos += disp * (np.minimum(length, t) / length)[:, None]
        t -= dt
    return pos


def _component_layout(g: nx.Graph, nodes: list[str], seed: int, iterations: int, afstand: float) -> np.ndarray:
    """Force-directed positions of one connected component, centred on (0, 0), scaled so that
    the median link is `afstand` pixels long and, for dense groups (a random graph's links all
    run across it), so that a node's nearest neighbour is typically 0.6 * `afstand` away."""
    if len(nodes) == 1:
        return np.zeros((1, 2))
    index = {n: i for i, n in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in g.subgraph(nodes).edges()], dtype=np.int64).reshape(-1, 2)
    iterations = iterations if len(nodes) < 1000 else min(iterations, 40)  # cooling still converges; halves the cost
    p = _fruchterman_reingold(len(nodes), edges[:, 0], edges[:, 1], iterations, seed).astype(float)
    lengtes = np.sqrt(((p[edges[:, 0]] - p[edges[:, 1]]) ** 2).sum(1))
    mediaan = float(np.median(lengtes)) if len(lengtes) else 0.0
    schaal = afstand / mediaan if mediaan > 0 else 1.0
    buur = _mediaan_naaste_buur(p)
    if buur > 0:
        schaal = max(schaal, 0.6 * afstand / buur)
    p *= schaal
    if len(nodes) <= SPREIDEN_MAX:
        p = _spreiden(p, afstand * 0.75)
    return p - (p.min(axis=0) + p.max(axis=0)) / 2


SPREIDEN_MAX = 600


def _mediaan_naaste_buur(p: np.ndarray) -> float:
    """Median distance from a node to its nearest neighbour (one n x n float32 matrix)."""
    q = p.astype(np.float32)
    sq = (q * q).sum(1)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (q @ q.T)
    np.fill_diagonal(d2, np.inf)
    return float(np.sqrt(np.maximum(np.median(d2.min(axis=1)), 0.0)))


def _spreiden(p: np.ndarray, minimum: float, iterations: int = 30) -> np.ndarray:
    """Push apart nodes closer than `minimum` px (force layouts pull dense groups together
    until their labels overlap). Each pass moves both nodes of a too-close pair half the gap."""
    p = p.copy()
    rng = np.random.default_rng(SEED)
    for _ in range(iterations):
        delta = p[:, None, :] - p[None, :, :]
        d = np.sqrt((delta ** 2).sum(-1))
        np.fill_diagonal(d, 1e9)
        te_dicht = d < minimum
        if not te_dicht.any():
            break
        samen = d < 1e-6   # identical positions: separate in a random direction
        if samen.any():
            delta[samen] = rng.normal(size=(int(samen.sum()), 2))
            d = np.where(samen, 1e-6, d)
        duw = np.where(te_dicht, (minimum - d) / 2 / np.maximum(d, 1e-6), 0.0)
        p += (delta * duw[:, :, None]).sum(1) / np.maximum(1, te_dicht.sum(1))[:, None]
    return p


def layout(g: nx.Graph, seed: int = SEED, iterations: int = 60, afstand: float = 140.0) -> dict[str, tuple[float, float]]:
    """Pixel positions for vis-network (y grows downwards). Each connected group is laid out
    on its own (force-directed, links about `afstand` px long) and the groups are packed in
    rows, largest first; nodes without links follow in tidy rows underneath, by name order
    of their id so the 'alone' ones are easy to scan."""
    componenten = sorted((sorted(c) for c in nx.connected_components(g) if len(c) > 1), key=lambda c: (-len(c), c[0]))
    los = sorted(n for n in g if g.degree(n) == 0)
    blokken = [(_component_layout(g, c, seed, iterations, afstand), c) for c in componenten]
    breedtes = [float(p[:, 0].max() - p[:, 0].min()) + afstand for p, _ in blokken]
    rij_breedte = max([afstand * 8, *breedtes]) if blokken else afstand * 8
    rij_breedte = max(rij_breedte, min(afstand * 14, sum(breedtes)))
    pos: dict[str, tuple[float, float]] = {}
    x = y = rij_hoogte = 0.0
    for (p, c), b in zip(blokken, breedtes):
        h = float(p[:, 1].max() - p[:, 1].min()) + afstand
        if x > 0 and x + b > rij_breedte:
            x, y, rij_hoogte = 0.0, y + rij_hoogte, 0.0
        dx = x + b / 2 - (p[:, 0].min() + p[:, 0].max()) / 2
        dy = y + h / 2 - (p[:, 1].min() + p[:, 1].max()) / 2
        for n, (px, py) in zip(c, p):
            pos[n] = (float(px + dx), float(py + dy))
        x += b
        rij_hoogte = max(rij_hoogte, h)
    if los:
        stap = 235.0   # room for a truncated label (graph_html.LABEL_MAX characters)
        per_rij = max(1, int(rij_breedte // stap))
        y0 = y + rij_hoogte + (afstand * 0.3 if blokken else 0.0)
        for i, n in enumerate(los):
            pos[n] = ((i % per_rij) * stap + stap / 2, y0 + (i // per_rij) * 80.0)
    return pos


# ---------- the cached model the page uses ----------

@dataclass
class Netwerk:
    """Everything the page and the HTML need; cheap to pickle (cache) and never mutated."""
    knopen: pd.DataFrame          # knoop_id, naam, soort, gemeente, kern, aantal_verbindingen, verbinder_score, cluster, x, y
    verbindingen: pd.DataFrame    # verbinding_id, van_id, naar_id, soort, sinds
    betweenness_benaderd: bool = False
    verborgen_organisaties: int = 0   # organisations without links left out
    meta: dict = field(default_factory=dict)   # steekproef: start nodes sampled (None: exact); vooraf_berekend

    @property
    def steekproef(self) -> int | None:
        """The number of start nodes the verbinder-score was actually sampled from (None: exact)."""
        return self.meta.get("steekproef", BETWEENNESS_SAMPLES if self.betweenness_benaderd else None)

    @property
    def is_leeg(self) -> bool:
        return self.knopen.empty

    @property
    def aantal_clusters(self) -> int:
        return int(self.knopen["cluster"].nunique()) if not self.knopen.empty else 0


def bouw(knopen: pd.DataFrame, verbindingen: pd.DataFrame, knoop_soorten: Iterable[str] = (),
         verbinding_soorten: Iterable[str] = (), losse_organisaties: bool = False, seed: int = SEED) -> Netwerk:
    """Nodes and links (as from `knopen_en_verbindingen`) -> filtered network with measures and layout."""
    k, v, verborgen = filter_soorten(knopen, verbindingen, knoop_soorten, verbinding_soorten, losse_organisaties)
    g = graaf(k, v)
    scores, benaderd = verbinder_scores(g, seed)
    cl = clusters(g, seed)
    pos = layout(g, seed)
    k = k.copy()
    k["aantal_verbindingen"] = aantal_verbindingen(k, v).to_numpy()
    k["verbinder_score"] = k["knoop_id"].map(scores).fillna(0.0).astype(float)
    k["cluster"] = k["knoop_id"].map(cl).astype("Int64")
    k["x"] = k["knoop_id"].map(lambda n: pos[n][0]).astype(float)
    k["y"] = k["knoop_id"].map(lambda n: pos[n][1]).astype(float)
    return Netwerk(k, v.copy(), benaderd, verborgen, {"steekproef": steekproef(g), "vooraf_berekend": False})


def is_ongefilterd(filters: Filters = Filters(), knoop_soorten: Iterable[str] = (),
                   verbinding_soorten: Iterable[str] = (), losse_organisaties: bool = False) -> bool:
    """Whether this is the network the writers precompute."""
    return filters.is_leeg and not tuple(knoop_soorten) and not tuple(verbinding_soorten) and not losse_organisaties


def vingerafdruk(knopen: pd.DataFrame, verbindingen: pd.DataFrame) -> str:
    """Identifies what the unfiltered measures depend on: node ids and kinds, links (id, ends,
    kind) and the algorithm. Names, places and years may change without invalidating them."""
    h = hashlib.sha256(ALGORITME.encode())
    for df in (knopen[["knoop_id", "soort"]], verbindingen[["verbinding_id", "van_id", "naar_id", "soort"]]):
        h.update(str(len(df)).encode())
        h.update(pd.util.hash_pandas_object(df.astype(str), index=False).to_numpy().tobytes())
    return h.hexdigest()


MATEN_KOLOMMEN = ["knoop_id", "verbinder_score", "cluster", "x", "y", "steekproef", "vingerafdruk"]


def vooraf_rijen(net: Netwerk, afdruk: str) -> pd.DataFrame:
    """The rows of `netwerk_maten` for an unfiltered network built by `bouw`."""
    k = net.knopen
    return pd.DataFrame({
        "knoop_id": k["knoop_id"], "verbinder_score": k["verbinder_score"], "cluster": k["cluster"],
        "x": k["x"], "y": k["y"], "steekproef": pd.array([net.steekproef] * len(k), dtype="Int64"),
        "vingerafdruk": afdruk,
    })[MATEN_KOLOMMEN]


def uit_opslag(con: duckdb.DuckDBPyConnection, knopen: pd.DataFrame, verbindingen: pd.DataFrame) -> Netwerk | None:
    """The unfiltered network with the measures the writer stored, or None when they are
    missing (an older store, a network over VOORAF_MAX) or were computed from other data."""
    k, v, verborgen = filter_soorten(knopen, verbindingen)
    try:
        maten = con.execute("SELECT knoop_id, verbinder_score, cluster, x, y, steekproef FROM netwerk_maten "
                            "WHERE vingerafdruk = ?", [vingerafdruk(knopen, verbindingen)]).df()
    except duckdb.CatalogException:
        return None
    if len(maten) != len(k) or set(maten["knoop_id"]) != set(k["knoop_id"]):
        return None
    k = k.copy()
    k["aantal_verbindingen"] = aantal_verbindingen(k, v).to_numpy()
    maten = maten.set_index("knoop_id").reindex(k["knoop_id"])
    k["verbinder_score"] = maten["verbinder_score"].to_numpy(dtype=float)
    k["cluster"] = pd.array(maten["cluster"].to_numpy(), dtype="Int64")
    k["x"] = maten["x"].to_numpy(dtype=float)
    k["y"] = maten["y"].to_numpy(dtype=float)
    n = maten["steekproef"].dropna()
    sample = int(n.iloc[0]) if len(n) else None
    return Netwerk(k, v.copy(), sample is not None, verborgen, {"steekproef": sample, "vooraf_berekend": True})


def netwerk(con: duckdb.DuckDBPyConnection, filters: Filters = Filters(), knoop_soorten: tuple[str, ...] = (),
            verbinding_soorten: tuple[str, ...] = (), losse_organisaties: bool = False) -> Netwerk:
    """The whole pipeline for the page: store -> filtered network with measures and layout
    (the unfiltered one read from `netwerk_maten` when the writer stored it for this data)."""
    knopen, verbindingen = knopen_en_verbindingen(con, filters)
    if is_ongefilterd(filters, knoop_soorten, verbinding_soorten, losse_organisaties):
        opgeslagen = uit_opslag(con, knopen, verbindingen)
        if opgeslagen is not None:
            return opgeslagen
    return bouw(knopen, verbindingen, knoop_soorten, verbinding_soorten, losse_organisaties)


# ---------- questions asked of the network ----------

def omgeving(net: Netwerk, knoop_id: str, stappen: int = 1) -> set[str]:
    """The node and everything within `stappen` links of it (empty when the node is not in
    the network). A breadth-first search over the link arrays, fast enough for every rerun."""
    index = pd.Index(net.knopen["knoop_id"])
    if knoop_id not in index:
        return set()
    van = index.get_indexer(net.verbindingen["van_id"])
    naar = index.get_indexer(net.verbindingen["naar_id"])
    ok = (van >= 0) & (naar >= 0)
    van, naar = van[ok], naar[ok]
    bereikt = np.zeros(len(index), dtype=bool)
    bereikt[index.get_loc(knoop_id)] = True
    for _ in range(max(0, int(stappen))):
        nieuw = bereikt.copy()
        nieuw[naar[bereikt[van]]] = True
        nieuw[van[bereikt[naar]]] = True
        if (nieuw == bereikt).all():
            break
        bereikt = nieuw
    return set(index[bereikt])


def deelnetwerk(net: Netwerk, ids: set[str]) -> Netwerk:
    """Only the given nodes and the links among them (measures and positions kept from the whole)."""
    k = net.knopen[net.knopen["knoop_id"].isin(ids)].reset_index(drop=True)
    v = net.verbindingen[net.verbindingen["van_id"].isin(ids) & net.verbindingen["naar_id"].isin(ids)].reset_index(drop=True)
    return Netwerk(k, v, net.betweenness_benaderd, net.verborgen_organisaties, dict(net.meta))


def alleenstaand(net: Netwerk) -> pd.DataFrame:
    """Initiatives (and pilots) without any link in the filtered network: 'wie staat er alleen?'."""
    k = net.knopen
    if k.empty:
        return pd.DataFrame(columns=["knoop_id", "naam", "soort", "gemeente", "kern"])
    los = k[k["soort"].isin(INITIATIEF_SOORTEN) & (k["aantal_verbindingen"] == 0)]
    return los[["knoop_id", "naam", "soort", "gemeente", "kern"]].sort_values("naam").reset_index(drop=True)


def maten_tabel(net: Netwerk, ids: set[str] | None = None) -> pd.DataFrame:
    """The measures as a Dutch table (for st.dataframe and the CSV download), strongest bridges first."""
    k = net.knopen if ids is None else net.knopen[net.knopen["knoop_id"].isin(ids)]
    out = pd.DataFrame({
        "Naam": k["naam"].astype(str),
        "Soort": k["soort"].map(soort_label),
        "Gemeente": k["gemeente"].fillna("onbekend"),
        "Aantal verbindingen": k["aantal_verbindingen"].astype(int),
        "Verbinder-score": k["verbinder_score"].round(3),
        "Cluster": k["cluster"],
    })
    return out.sort_values(["Verbinder-score", "Aantal verbindingen", "Naam"],
                           ascending=[False, False, True]).reset_index(drop=True)


def alleenstaand_weergave(alleen: pd.DataFrame) -> pd.DataFrame:
    """`alleenstaand` for the screen: Dutch headers and labels, 'onbekend' where unknown."""
    return pd.DataFrame({
        "Naam": alleen["naam"].astype(str),
        "Soort": alleen["soort"].map(soort_label),
        "Gemeente": alleen["gemeente"].fillna("onbekend"),
        "Kern": alleen["kern"].fillna("onbekend"),
    })


def maten_weergave(tabel: pd.DataFrame) -> pd.DataFrame:
    """`maten_tabel` for the screen: Dutch decimals (0,13) and 'geen' for nodes without a cluster."""
    score = tabel["Verbinder-score"].astype(float)
    cluster = tabel["Cluster"].astype("Int64")
    return tabel.assign(**{
        "Verbinder-score": [f"{x:.2f}".replace(".", ",") for x in score.tolist()],
        "Cluster": ["geen" if pd.isna(c) else str(int(c)) for c in cluster.tolist()],
    })


def keuzelijst(net: Netwerk) -> dict[str, str]:
    """knoop_id -> 'Naam (Soort)' for the focus selectbox, sorted by name."""
    k = net.knopen
    labels = k["naam"].astype(str) + " (" + k["soort"].map(soort_label) + ")"
    paren = sorted(zip(k["knoop_id"].tolist(), labels.tolist()), key=lambda p: p[1].lower())
    return dict(paren)


KAART_KOLOMMEN = ["van_naam", "naar_naam", "soort", "van_lat", "van_lon", "naar_lat", "naar_lon"]


def locaties(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """knoop_id, latitude, longitude, locatie (how it was found) for every node with a real location."""
    return con.execute("""
        SELECT i.initiatief_id AS knoop_id,
               coalesce(i.latitude, k.latitude) AS latitude,
               coalesce(i.longitude, k.longitude) AS longitude,
               CASE WHEN i.latitude IS NOT NULL THEN 'eigen' ELSE 'kern' END AS locatie
        FROM initiatieven i
        LEFT JOIN kernen k ON k.kern_id = i.kern_id
        WHERE (i.latitude IS NOT NULL AND i.longitude IS NOT NULL)
           OR (k.latitude IS NOT NULL AND k.longitude IS NOT NULL)
        UNION ALL
        SELECT o.organisatie_id,
               CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN o.latitude ELSE k.latitude END,
               CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN o.longitude ELSE k.longitude END,
               CASE WHEN o.latitude IS NOT NULL AND o.longitude IS NOT NULL THEN 'eigen' ELSE 'gemeente' END
        FROM organisaties o
        LEFT JOIN gemeenten g ON o.soort = 'gemeente' AND g.gemeente_code = o.gemeente_code
        LEFT JOIN kernen k ON k.gemeente_code = g.gemeente_code AND k.naam = g.naam
        WHERE (o.latitude IS NOT NULL AND o.longitude IS NOT NULL)
           OR (k.latitude IS NOT NULL AND k.longitude IS NOT NULL)
    """).df()


def verbindingen_met_locatie(con: duckdb.DuckDBPyConnection, filters: Filters = Filters()) -> pd.DataFrame:
    """Links whose two ends both have a location (see the module docstring), one row per link."""
    knopen, verbindingen = knopen_en_verbindingen(con, filters)
    if verbindingen.empty:
        return pd.DataFrame(columns=KAART_KOLOMMEN)
    loc = locaties(con).drop_duplicates("knoop_id").set_index("knoop_id")
    naam = knopen.set_index("knoop_id")["naam"]
    v = verbindingen[verbindingen["van_id"].isin(loc.index) & verbindingen["naar_id"].isin(loc.index)]
    if v.empty:
        return pd.DataFrame(columns=KAART_KOLOMMEN)
    out = pd.DataFrame({
        "van_naam": v["van_id"].map(naam).to_numpy(),
        "naar_naam": v["naar_id"].map(naam).to_numpy(),
        "soort": v["soort"].to_numpy(),
        "van_lat": v["van_id"].map(loc["latitude"]).to_numpy(dtype=float),
        "van_lon": v["van_id"].map(loc["longitude"]).to_numpy(dtype=float),
        "naar_lat": v["naar_id"].map(loc["latitude"]).to_numpy(dtype=float),
        "naar_lon": v["naar_id"].map(loc["longitude"]).to_numpy(dtype=float),
    })
    return out.sort_values(["soort", "van_naam", "naar_naam"]).reset_index(drop=True)[KAART_KOLOMMEN]
