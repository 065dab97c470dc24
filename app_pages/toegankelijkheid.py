import streamlit as st

st.title("Toegankelijkheidsverklaring")
st.markdown("""
Provincie Utrecht wil dat iedereen dit dashboard kan gebruiken. We streven naar
**WCAG 2.1 niveau AA** voor alles buiten de interactieve kaart en de netwerkgrafiek.

**Wat we doen**

- Elke grafiek heeft een titel, een korte uitleg en een tabel of download met de getallen erachter.
- Kleur is nooit de enige drager van betekenis: thema's, statussen en soorten staan ook als tekst in
  tooltips en tabellen, en de legenda's noemen ze bij naam.
- Kleuren komen uit kleurenblindvriendelijke paletten en teksten hebben voldoende contrast.
- Het dashboard is met het toetsenbord te bedienen (Tab, Shift+Tab, Enter, spatie, pijltjestoetsen).
- Bij elke pagina draaien we automatische controles met axe-core in een echte browser; ernstige
  fouten houden een nieuwe versie tegen.
- De presentatiemodus gebruikt grote letters (minimaal 28 pixels, op een full-hd-scherm 36) en hoog contrast.
- Automatisch doorbladeren in de presentatie staat standaard uit; wie zelf klikt, zet het
  even stil, en de schakelaar zet het helemaal uit.

**Bekende beperkingen**

- **Interactieve kaart**: de kaart zelf is niet volledig met toetsenbord of schermlezer te bedienen.
  Dezelfde informatie staat in de tabel onder de kaart, die te sorteren en te downloaden is.
- **Netwerkgrafiek**: de grafiek is een tekening op een canvas en is voor een schermlezer onleesbaar.
  De tabel met verbindingen en de lijst "Wie staat er alleen?" bevatten dezelfde informatie.
- **Grafieken** (Plotly) zijn met de muis het best te verkennen; de tabellen eronder zijn het
  toegankelijke alternatief.
- Onderdelen van Streamlit zelf (zoals het menu) vallen buiten onze invloed; we melden gevonden
  problemen bij de makers.
- Inwonertallen per kern zijn een benadering (CBS, inwoners per postcode, 1 januari 2021).

**Probleem gevonden?**

Meld het bij de afdeling die dit dashboard beheert via het algemene contactformulier van de
provincie Utrecht. We reageren binnen tien werkdagen.

*Deze verklaring is opgesteld op 23 november 2026.*
""")
