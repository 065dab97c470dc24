import streamlit as st

from vliegwiel import bronnen, exports, statenbrief
from vliegwiel.format import tabelstijl
from vliegwiel.ui import shell
from vliegwiel.ui.upload import upload_section
from vliegwiel.ui import geschiedenis

st.title("Data & bronnen")
st.caption("Waar de cijfers vandaan komen, wanneer de gegevens zijn bijgewerkt, en downloads van de gefilterde data.")

filters = shell.current_filters()
sets = shell.query(bronnen.download_sets, filters=filters)

st.subheader("Downloads")
st.write("De downloads volgen de filters in de zijbalk. Contactgegevens zitten er nooit in.")
col_xlsx, col_csv = st.columns(2)
col_xlsx.download_button("Alles als Excel-bestand (.xlsx)", lambda: exports.excel_bytes(sets),
                         file_name="vliegwiel-gegevens.xlsx", type="primary",
                         mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
col_xlsx.download_button("Gemeenten: één regel per gemeente (PDF)",
                         lambda con=shell.connection(): statenbrief.provincie_tabel_pdf(con),
                         file_name=statenbrief.bestandsnaam("provincie-utrecht-gemeenten"), mime=statenbrief.PDF_MIME,
                         help="Bijlage bij de Statenbrief, A4 liggend. Het hele register, zonder de filters.")
with col_csv:
    for name, df in sets.items():
        st.download_button(f"{name} als CSV ({len(df):,} rijen)".replace(",", "."), lambda df=df: exports.csv_bytes(df),
                           file_name=f"vliegwiel-{name.split(' ')[0].lower()}.csv", mime="text/csv")

st.subheader("Bronnen")
st.dataframe(tabelstijl(exports.met_onbekend(shell.query(bronnen.bronnenlijst))), placeholder="onbekend", hide_index=True, width="stretch")
with st.expander("Kerncijfers van gemeenten: peiljaar en bron per cijfer"):
    st.dataframe(tabelstijl(exports.met_onbekend(shell.query(bronnen.indicatoren))), placeholder="onbekend", hide_index=True, width="stretch")
st.caption("Geodata en statistiek: CBS / PDOK en GeoNames, licentie CC BY 4.0. Inwonertallen per kern zijn een "
           "benadering (CBS, inwoners per postcodegebied, 1 januari 2021). Het register van initiatieven, pilots, "
           "mijlpalen en verbindingen is overgenomen uit de programmadocumenten; elk record noemt zijn brondocument.")

st.subheader("Importgeschiedenis")
st.dataframe(tabelstijl(exports.met_onbekend(shell.query(bronnen.import_geschiedenis))), placeholder="onbekend", hide_index=True, width="stretch")

geschiedenis.sectie()
upload_section()
