import streamlit as st

from vliegwiel import buurzaamheid as bz
from vliegwiel.format import getal, md, opsomming, tabelstijl
from vliegwiel.ui import shell
from vliegwiel.ui.downloads import downloads

st.title("Buurzaamheidsindex (verkenning)")
st.warning("Dit is een **verkenning, geen officiële index**. Seed-document 004 (DOE Agenda Bewonersinitiatief "
           "Provincie Utrecht 2018–2022, programmalijn 4 'Maatschappelijke impact') vraagt om een "
           "Buurzaamheidsindex vanuit positieve gezondheid; niemand heeft die nog gebouwd. Dit is een eerste, open "
           "versie om over te praten: elke score is terug te voeren op de cijfers en de registerregels erachter.",
           icon=":material/science:")
filters = shell.current_filters()

st.subheader("Onderdelen en gewichten")
st.markdown("Elk onderdeel wordt herschaald van 0 (laagste kleine kern) tot 1 (hoogste); bij afstanden is korter "
            "sterker. De score is het gewogen gemiddelde. Standaard tellen alle onderdelen even zwaar, zoals in de "
            "OECD Better Life Index. De gewichten staan in de link, zodat een collega dezelfde weging ziet.")
gewichten = {}
kolommen = st.columns(len(bz.COMPONENTEN))
for kol, c in zip(kolommen, bz.COMPONENTEN):
    gewichten[c.id] = kol.slider(c.label, 0, 5, 1, 1, key=f"w_{c.id}", bind="query-params",
                                 help=f"{c.uitleg}. Bron: {c.bron}.")
    kol.caption(f"{md(c.uitleg)} ({md(c.bron)})")

ruw = shell.query(bz.ruwe_cijfers, filters=filters)
if uitleg := filters.beschrijving():
    st.caption(uitleg)
if ruw.empty:
    st.info("Geen kleine kernen in deze selectie. Pas de filters in de zijbalk aan.", icon=":material/info:")
    st.stop()
if sum(gewichten.values()) == 0:
    st.info("Alle gewichten staan op 0: er is niets om te wegen. Zet minstens één onderdeel hoger dan 0.",
            icon=":material/info:")
    st.stop()

df = bz.index(ruw, gewichten)
onbekend = int(df["score"].isna().sum())
st.subheader("Rangorde van de kleine kernen")
st.markdown(f"{getal(len(df) - onbekend)} van {getal(len(df))} kleine kernen hebben een score. "
            + (f"{getal(onbekend)} kernen missen een cijfer en staan onderaan als **onbekend** (niet als 0). "
               if onbekend else "")
            + f"De band laat zien tussen welke rangen een kern blijft als elk gewicht tot ±{getal(bz.SPREIDING * 100)} % "
            f"varieert ({getal(bz.TREKKINGEN)} trekkingen, vaste startwaarde {bz.SEED}).")
st.markdown("**Bovenaan bij deze weging:** " + opsomming(df.dropna(subset=["rang"])["kern"].head(3), 3))
tabel = bz.tabel(df, gewichten)
decimalen = {c: 2 for c in tabel.columns if "genormaliseerd" in c or c == "Score (0–1)"}
decimalen |= {"Initiatieven per 1.000 inwoners": 2, "Voorzieningen dichtbij": 1, "Jonge inwoners": 1}
st.dataframe(tabelstijl(tabel, decimalen), placeholder="onbekend", hide_index=True, width="stretch")
downloads("buurzaamheidsindex", {"Index": tabel}, "dl_index", "index")
st.caption("Register: initiatieven die in de kern werken (status- en pilotfilters tellen mee). CBS: Kerncijfers "
           "wijken en buurten 2024, opgeteld over de buurten van de kern (CC BY 4.0). Een rang zegt iets over deze "
           "weging van deze cijfers, niet over de kracht van een dorp als geheel.")

st.subheader("Waar komt een score vandaan?")
kern_id = st.selectbox("Kern", list(df["kern_id"]), index=None, key="index_kern",
                       format_func=dict(zip(df["kern_id"], df["kern"] + " (" + df["gemeente"] + ")")).get,
                       placeholder="Kies een kern om de cijfers en registerregels te zien")
if kern_id is not None:
    rij = df[df["kern_id"] == kern_id].iloc[0]
    for c in bz.COMPONENTEN:
        st.markdown(f"- **{md(c.label)}**: {md(getal(rij[c.id], 2))} → genormaliseerd "
                    f"{md(getal(rij['n_' + c.id], 2))}, gewicht {gewichten[c.id]} ({md(c.bron)})")
    rijen = shell.query(bz.register_rijen, kern_id=kern_id, filters=filters)
    if rijen.empty:
        st.info("Geen initiatieven uit het register in deze kern: de registeronderdelen zijn 0.")
    else:
        st.dataframe(tabelstijl(rijen), placeholder="onbekend", hide_index=True, width="stretch")
