"""The dashboard's pages as the browser reaches them (url_path from app.py)."""
PAGES = ["overzicht", "kaart", "gemeente", "kern", "vergelijken", "themas", "pilots", "netwerk",
         "presentatie", "data", "toegankelijkheid"]
