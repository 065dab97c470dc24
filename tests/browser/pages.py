"""The dashboard's pages as the browser reaches them (url_path from app.py; the default page,
Overzicht, lives at the root)."""
PAGES = ["", "kaart", "gemeente", "kern", "vergelijken", "themas", "pilots", "netwerk",
         "presentatie", "data", "toegankelijkheid", "buurzaamheid"]


def name(path: str) -> str:
    return path or "overzicht"
