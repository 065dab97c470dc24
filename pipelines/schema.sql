-- The Vliegwiel store: one DuckDB file, rebuilt whole by `python -m pipelines.build`
-- and updated atomically by `python -m pipelines.ingest`. Bump schema_version on change.

CREATE TABLE schema_version (
    version     INTEGER NOT NULL,
    aangemaakt  TIMESTAMP NOT NULL
);

-- Every data source the store was built from, shown in the footer and on "Data & bronnen".
CREATE TABLE bronnen (
    bron_id      VARCHAR PRIMARY KEY,   -- e.g. 'S1' (see ../shared/data/SOURCES.md) or a seed file name
    titel        VARCHAR NOT NULL,
    bestand      VARCHAR,               -- file name the store read
    uitgever     VARCHAR,
    peildatum    VARCHAR,               -- year or date the figures refer to, as text ('2021-01-01', '2022', 'mei 2019')
    licentie     VARCHAR,
    soort        VARCHAR NOT NULL CHECK (soort IN ('geodata', 'statistiek', 'gazetteer', 'document', 'register'))
);

CREATE TABLE gemeenten (
    gemeente_code                 VARCHAR PRIMARY KEY CHECK (regexp_full_match(gemeente_code, 'GM[0-9]{4}')),
    naam                          VARCHAR NOT NULL,
    inwoners                      INTEGER,
    pct_0_14                      DOUBLE,
    pct_15_24                     DOUBLE,
    pct_25_44                     DOUBLE,
    pct_45_64                     DOUBLE,
    pct_65_plus                   DOUBLE,
    gem_huishoudgrootte           DOUBLE,
    pct_eenpersoonshuishoudens    DOUBLE,
    bevolkingsdichtheid           DOUBLE,  -- inhabitants per km2 land
    stedelijkheid                 DOUBLE,  -- CBS mate van stedelijkheid, 1 (very urban) .. 5 (not urban)
    oppervlakte_land_km2          DOUBLE,
    oppervlakte_water_km2         DOUBLE,
    gem_woz_keur                  DOUBLE,
    pct_koopwoningen              DOUBLE,
    pct_corporatiewoningen        DOUBLE,
    gem_inkomen_per_inwoner_keur  DOUBLE,
    pct_huishoudens_laag_inkomen  DOUBLE,
    afstand_huisarts_km           DOUBLE,
    afstand_supermarkt_km         DOUBLE,
    afstand_school_km             DOUBLE,
    afstand_kinderopvang_km       DOUBLE,
    autos_per_huishouden          DOUBLE,
    geometry_geojson              VARCHAR NOT NULL,  -- MultiPolygon in WGS84 (EPSG:4326)
    grens_bron                    VARCHAR NOT NULL,
    cijfers_bron                  VARCHAR NOT NULL
);

-- Label, unit, reference year and source of each gemeente figure above, so every
-- number on screen can carry its year and source.
CREATE TABLE indicatoren (
    kolom      VARCHAR PRIMARY KEY,  -- column name in gemeenten
    label      VARCHAR NOT NULL,     -- Dutch label for the UI
    eenheid    VARCHAR,
    peiljaar   VARCHAR NOT NULL,
    bron       VARCHAR NOT NULL,
    volgorde   INTEGER NOT NULL
);

CREATE TABLE provincie (
    provincie_code    VARCHAR PRIMARY KEY,
    naam              VARCHAR NOT NULL,
    geometry_geojson  VARCHAR NOT NULL,
    bron              VARCHAR NOT NULL
);

-- The kernen are the official CBS woonplaatsen of the province.
CREATE TABLE kernen (
    kern_id             VARCHAR PRIMARY KEY,  -- CBS/BAG woonplaatscode, e.g. WP1665
    naam                VARCHAR NOT NULL,
    gemeente_code       VARCHAR NOT NULL REFERENCES gemeenten (gemeente_code),
    latitude            DOUBLE,
    longitude           DOUBLE,
    inwoners            INTEGER,              -- NULL where unknown (approximation from CBS PC4)
    inwoners_peildatum  DATE,
    is_kleine_kern      BOOLEAN,              -- NULL where inwoners is unknown
    grootteklasse       VARCHAR,              -- see pipelines/config.py GROOTTEKLASSEN; NULL where unknown
    locatie_bron        VARCHAR,
    bron                VARCHAR NOT NULL
);

-- Village figures: CBS Kerncijfers wijken en buurten 2024 (85984NED) summed over the whole
-- buurten linked to each woonplaats (../shared/data/SOURCES.md). Another year than the
-- gemeenten figures (2021): never averaged or mixed with them; kern_indicatoren gives
-- every column its year, source and coverage column.
CREATE TABLE kern_cijfers (
    kern_id                  VARCHAR PRIMARY KEY REFERENCES kernen (kern_id),
    jaar                     INTEGER NOT NULL,
    peildatum_bevolking      DATE NOT NULL,
    bron_tabel               VARCHAR NOT NULL,
    koppeling                VARCHAR,   -- 'pc4' or 'naam': how the buurten were linked
    n_buurten                INTEGER NOT NULL,
    inwoners                 INTEGER,
    inwoners_0_14            INTEGER,
    pct_0_14                 DOUBLE,
    inwoners_65plus          INTEGER,
    pct_65plus               DOUBLE,
    dekking_leeftijd_pct     DOUBLE,    -- share of inhabitants in buurten that published the value
    huishoudens              INTEGER,
    gem_huishoudensgrootte   DOUBLE,
    dekking_huishoudens_pct  DOUBLE,
    oppervlakte_land_km2     DOUBLE,
    inwoners_per_km2_land    DOUBLE,
    afstand_huisarts_km      DOUBLE,
    afstand_supermarkt_km    DOUBLE,
    afstand_school_km        DOUBLE,
    dekking_afstanden_pct    DOUBLE,
    opmerking                VARCHAR,   -- the source's note: one buurt, name conflicts
    bron                     VARCHAR NOT NULL
);

-- Label, unit, year, source and coverage column of each kern_cijfers figure; gemeente_kolom
-- names the comparable column of gemeenten (2021 edition), if any.
CREATE TABLE kern_indicatoren (
    kolom           VARCHAR PRIMARY KEY,
    label           VARCHAR NOT NULL,
    eenheid         VARCHAR,
    peiljaar        VARCHAR NOT NULL,
    bron            VARCHAR NOT NULL,
    dekking_kolom   VARCHAR,
    gemeente_kolom  VARCHAR,
    volgorde        INTEGER NOT NULL
);

-- The CBS buurten 2024 with the woonplaats each was linked to, to trace every village figure.
CREATE TABLE buurten (
    buurt_code               VARCHAR PRIMARY KEY,
    naam                     VARCHAR NOT NULL,
    gemeente_code            VARCHAR NOT NULL REFERENCES gemeenten (gemeente_code),
    pc4                      VARCHAR,
    kern_id                  VARCHAR REFERENCES kernen (kern_id),  -- NULL: linked to no woonplaats
    koppeling                VARCHAR,
    opmerking                VARCHAR,
    inwoners                 INTEGER,
    inwoners_0_14            INTEGER,
    inwoners_65plus          INTEGER,
    huishoudens              INTEGER,
    gem_huishoudensgrootte   DOUBLE,
    oppervlakte_land_ha      DOUBLE,
    afstand_huisarts_km      DOUBLE,
    afstand_supermarkt_km    DOUBLE,
    afstand_school_km        DOUBLE,
    scholen_binnen_3km       DOUBLE
);

-- Known places that are not woonplaatsen (pipelines/gazetteer.py), attached to their woonplaats.
CREATE TABLE plaatsnamen (
    naam           VARCHAR NOT NULL,   -- as GeoNames or CBS write it
    sleutel        VARCHAR NOT NULL,   -- folded: case, accents, apostrophes and punctuation removed
    kern_id        VARCHAR NOT NULL REFERENCES kernen (kern_id),
    gemeente_code  VARCHAR NOT NULL REFERENCES gemeenten (gemeente_code),
    soort          VARCHAR NOT NULL CHECK (soort IN ('geonames', 'buurt')),
    latitude       DOUBLE,             -- GeoNames point; NULL for a buurt name
    longitude      DOUBLE,
    bron           VARCHAR NOT NULL,
    PRIMARY KEY (sleutel, kern_id)
);

CREATE TABLE themas (
    thema_id     VARCHAR PRIMARY KEY,       -- slug, e.g. 'energie'
    naam         VARCHAR NOT NULL UNIQUE,
    soort        VARCHAR NOT NULL CHECK (soort IN ('thema', 'samenwerkingsvorm')),
    groep        VARCHAR NOT NULL CHECK (groep IN ('fysiek', 'sociaal', 'samenwerking')),
    omschrijving VARCHAR,
    aliassen     VARCHAR,                   -- '|'-separated short forms people write, for the importer
    volgorde     INTEGER NOT NULL,
    bron         VARCHAR NOT NULL
);

CREATE TABLE initiatieven (
    initiatief_id    VARCHAR PRIMARY KEY,
    naam             VARCHAR NOT NULL,
    kern_id          VARCHAR REFERENCES kernen (kern_id),
    plaatsnaam       VARCHAR,   -- the place as the register wrote it when it is no woonplaats (Cabauw, in kern_id Lopik; pipelines/gazetteer.py); NULL: the woonplaats itself, several kernen or not said
    gemeente_code    VARCHAR REFERENCES gemeenten (gemeente_code),
    beschrijving     VARCHAR,
    organisatievorm  VARCHAR,   -- vereniging, coöperatie, stichting, netwerk, ... as the source says
    fase             VARCHAR CHECK (fase IN ('verkennen', 'opstart', 'uitvoering', 'borging')),
    status           VARCHAR,   -- actief, afgerond, gestopt (pipelines/vocabulary.py; no CHECK: tests store hostile text here)
    startjaar        INTEGER CHECK (startjaar BETWEEN 1900 AND 2100),
    is_pilot         BOOLEAN NOT NULL DEFAULT FALSE,
    website          VARCHAR,
    latitude         DOUBLE,
    longitude        DOUBLE,
    bron             VARCHAR NOT NULL,
    laatst_bevestigd DATE,   -- the last import that contained it; seed: its document's date (pipelines/freshness.py)
    is_synthetisch   BOOLEAN NOT NULL DEFAULT FALSE
);

-- Every kern an initiative works in. initiatieven.kern_id is its home kern (NULL when it
-- works in several kernen without one home, or where the source does not say); the
-- home kern is always listed here too. Coverage per kern is computed from this table.
CREATE TABLE initiatief_kernen (
    initiatief_id  VARCHAR NOT NULL REFERENCES initiatieven (initiatief_id),
    kern_id        VARCHAR NOT NULL REFERENCES kernen (kern_id),
    PRIMARY KEY (initiatief_id, kern_id)
);

CREATE TABLE initiatief_themas (
    initiatief_id  VARCHAR NOT NULL REFERENCES initiatieven (initiatief_id),
    thema_id       VARCHAR NOT NULL REFERENCES themas (thema_id),
    PRIMARY KEY (initiatief_id, thema_id)
);

-- Umbrella organisations, networks, funds, the gemeenten, the province, supporters.
CREATE TABLE organisaties (
    organisatie_id  VARCHAR PRIMARY KEY,   -- 'org-...' slug; gemeenten use their GM code, the province 'PV26'
    naam            VARCHAR NOT NULL,
    soort           VARCHAR NOT NULL CHECK (soort IN ('koepel', 'netwerk', 'fonds', 'gemeente', 'provincie',
                                                      'begeleider', 'kennisinstelling', 'financier', 'overig')),
    schaal          VARCHAR,               -- lokaal, regionaal, provinciaal, landelijk
    gemeente_code   VARCHAR REFERENCES gemeenten (gemeente_code),
    beschrijving    VARCHAR,
    website         VARCHAR,
    latitude        DOUBLE,
    longitude       DOUBLE,
    bron            VARCHAR NOT NULL,
    is_synthetisch  BOOLEAN NOT NULL DEFAULT FALSE
);

-- Links between initiatives and organisations (node ids from either table).
CREATE TABLE verbindingen (
    verbinding_id   VARCHAR PRIMARY KEY,
    van_id          VARCHAR NOT NULL,
    naar_id         VARCHAR NOT NULL,
    soort           VARCHAR NOT NULL CHECK (soort IN ('lid van', 'begeleidt', 'financiert',
                                                      'werkt samen met', 'ondersteunt')),
    sinds           INTEGER,
    toelichting     VARCHAR,
    bron            VARCHAR NOT NULL,
    laatst_bevestigd DATE,   -- the last import that contained it; seed: its document's date (pipelines/freshness.py)
    is_synthetisch  BOOLEAN NOT NULL DEFAULT FALSE,
    CHECK (van_id <> naar_id)
);

-- The unfiltered network's measures and layout, written by every writer (pipelines/netwerk_maten.py)
-- so that the Netwerk page reads them instead of computing them on its first visit. `vingerafdruk`
-- identifies the nodes, links and algorithm they came from: the page recomputes when it differs.
-- Empty when the network is larger than vliegwiel.netwerk.VOORAF_MAX nodes.
CREATE TABLE netwerk_maten (
    knoop_id         VARCHAR PRIMARY KEY,
    verbinder_score  DOUBLE NOT NULL,
    cluster          INTEGER,            -- NULL: a node without links belongs to no cluster
    x                DOUBLE NOT NULL,    -- pixel position for vis-network
    y                DOUBLE NOT NULL,
    steekproef       INTEGER,            -- betweenness sampled from this many start nodes; NULL: exact
    vingerafdruk     VARCHAR NOT NULL
);

CREATE TABLE pilots (
    pilot_id                   VARCHAR PRIMARY KEY,
    initiatief_id              VARCHAR NOT NULL UNIQUE REFERENCES initiatieven (initiatief_id),
    naam                       VARCHAR NOT NULL,
    initiatiefnemer_organisatie_id VARCHAR REFERENCES organisaties (organisatie_id),
    vrije_actor                VARCHAR,   -- supporting free actor, as the documents name it (no personal names)
    fase                       VARCHAR,
    status                     VARCHAR,
    bron                       VARCHAR NOT NULL
);

CREATE TABLE mijlpalen (
    mijlpaal_id  VARCHAR PRIMARY KEY,
    pilot_id     VARCHAR REFERENCES pilots (pilot_id),  -- NULL: a milestone of the programme as a whole
    datum        DATE,                                  -- NULL where the source gives no date
    titel        VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('gedaan', 'gepland')),
    bron         VARCHAR NOT NULL,
    laatst_bevestigd DATE,   -- the last import that contained it; seed: its document's date (pipelines/freshness.py)
    is_synthetisch BOOLEAN NOT NULL DEFAULT FALSE
);

-- Dated events of the programme. datum is the first day of the period when only a
-- month is known; datum_precisie says so.
CREATE TABLE bijeenkomsten (
    bijeenkomst_id  VARCHAR PRIMARY KEY,
    naam            VARCHAR NOT NULL,
    datum           DATE,
    datum_precisie  VARCHAR CHECK (datum_precisie IN ('dag', 'maand', 'jaar')),
    datum_tekst     VARCHAR NOT NULL,   -- the date as the source writes it
    soort           VARCHAR,            -- bijeenkomst, werksessie, oogstfeest, advies, publicatie
    omschrijving    VARCHAR,
    bron            VARCHAR NOT NULL
);

-- Lessons ("werkende elementen"), recommendations and quotes from the documents.
CREATE TABLE lessen (
    les_id     VARCHAR PRIMARY KEY,
    soort      VARCHAR NOT NULL CHECK (soort IN ('werkend element', 'aanbeveling', 'citaat')),
    titel      VARCHAR NOT NULL,
    tekst      VARCHAR,
    spreker    VARCHAR,                      -- a role, never a personal name ('Statenlid', 'Initiatiefnemer')
    pilot_id   VARCHAR REFERENCES pilots (pilot_id),
    bron       VARCHAR NOT NULL
);

-- Personal data: never shown on public or presentation screens.
CREATE TABLE contactpersonen (
    contact_id      VARCHAR PRIMARY KEY,
    naam            VARCHAR NOT NULL,
    rol             VARCHAR,
    initiatief_id   VARCHAR REFERENCES initiatieven (initiatief_id),
    organisatie_id  VARCHAR REFERENCES organisaties (organisatie_id),
    email           VARCHAR,
    telefoon        VARCHAR,
    bron            VARCHAR NOT NULL
);

-- Provenance per field: which source last set a field of a record that an import updated.
-- The record's own `bron` stays the source it came from; a field not listed here is from it.
CREATE TABLE veld_bronnen (
    tabel      VARCHAR NOT NULL,   -- initiatieven, verbindingen, mijlpalen
    record_id  VARCHAR NOT NULL,
    veld       VARCHAR NOT NULL,   -- column name
    bron       VARCHAR NOT NULL,   -- a bronnen.bron_id
    PRIMARY KEY (tabel, record_id, veld)
);

CREATE TABLE ingest_runs (
    run_id            INTEGER PRIMARY KEY,
    gestart_op        TIMESTAMP NOT NULL,
    klaar_op          TIMESTAMP,
    soort             VARCHAR NOT NULL,   -- build, initiatieven, verbindingen, mijlpalen, synthetisch
    bestand           VARCHAR,
    sha256            VARCHAR,
    rijen_toegevoegd  INTEGER NOT NULL DEFAULT 0,
    rijen_bijgewerkt  INTEGER NOT NULL DEFAULT 0,
    rijen_afgewezen   INTEGER NOT NULL DEFAULT 0,
    uitkomst          VARCHAR NOT NULL CHECK (uitkomst IN ('gelukt', 'afgewezen', 'mislukt')),
    melding           VARCHAR,            -- Dutch summary; never a value from a contact column
    door              VARCHAR,            -- who ran it (NULL: command line, build, or before sign-in by name)
    archief           VARCHAR             -- the archive entry this run replays or made (pipelines/archive.py)
);

-- Every version of every imported record (initiatieven, verbindingen, mijlpalen), with the run
-- that made it: the seed register's version (the build run), then one row per import that
-- added or changed the record. `gegevens` is the whole row as JSON; field changes are the
-- difference with the record's previous version (pipelines/history.py).
CREATE TABLE record_versies (
    tabel      VARCHAR NOT NULL,
    record_id  VARCHAR NOT NULL,
    run_id     INTEGER NOT NULL,
    wijziging  VARCHAR NOT NULL CHECK (wijziging IN ('nieuw', 'gewijzigd', 'niet meer in register')),
    gegevens   JSON NOT NULL,
    PRIMARY KEY (tabel, record_id, run_id)
);

-- All network nodes in one place: initiatives and organisations share one id space.
CREATE VIEW knopen AS
    SELECT initiatief_id AS knoop_id, naam, 'initiatief' AS soort, gemeente_code, kern_id,
           latitude, longitude, is_synthetisch
    FROM initiatieven
    UNION ALL
    SELECT organisatie_id, naam, soort, gemeente_code, NULL, latitude, longitude, is_synthetisch
    FROM organisaties;
