"""Figures, maps and derived tables built once per distinct input and shared by every session.

A rerun that shows the same data used to build the same plotly figure, folium map or derived
table again: under load (30 sessions on two cores) that was most of a page's CPU. Here the
result is cached under the builder's name and a hash of its pickled arguments
(`vliegwiel.cachesleutel`), i.e. by content, not identity: the DataFrames a page passes are fresh
copies from `shell.query` on every run, and an import that changes them changes the key.
Arguments must pickle (no lambdas, no folium objects: build those inside the builder), and a
builder must be a module-level function of its arguments only.

- `figuur(builder, *args, **kwargs)`: a plotly figure (st.cache_resource: the one object is
  shared, so nothing may change it; st.plotly_chart only reads it).
- `berekening(fn, *args, **kwargs)`: a derived table (st.cache_data: each caller gets a copy).
- `kaart(builder, *args, key=..., height=..., **kwargs)`: st_folium for the map the builder
  returns, with the arguments streamlit-folium derives from a map (its Leaflet script, header,
  HTML, bounds and asset links; rendering them was most of the Kaart page's rerun) kept per map.
"""
from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable

import streamlit as st
import streamlit_folium

from vliegwiel import cachesleutel

# The component st_folium hands its arguments to, taken before anything could swap it (see
# _component_argumenten).
_COMPONENT = streamlit_folium._component_func
_VANGEN = threading.Lock()


def sleutel(fn: Callable, args: tuple, kwargs: dict) -> str:
    """The cache key: the function's module and name and a hash of the pickled arguments
    (vliegwiel.cachesleutel: two equal inputs pickle alike; unequal ones never share a key)."""
    try:
        inhoud = cachesleutel.sleutel(args, sorted(kwargs.items()))
    except TypeError as exc:
        raise TypeError(f"{fn.__qualname__}: arguments must pickle to be cached ({exc})") from exc
    return f"{fn.__module__}.{fn.__qualname__}:{inhoud}"


# Called by keyword: for a positional argument Streamlit reads the signature on every call.
@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _gedeeld(key: str, _fn: Callable, _args: tuple, _kwargs: dict) -> object:
    return _fn(*_args, **_kwargs)


# A map's component arguments are 0.2 to 2 MB (the Kaart page's at 10,000 initiatives): fewer of them.
@st.cache_resource(max_entries=32, ttl=3600, show_spinner=False)
def _kaart(key: str, _fn: Callable, _args: tuple, _kwargs: dict) -> object:
    return _fn(*_args, **_kwargs)


@st.cache_data(max_entries=256, ttl=3600, show_spinner=False)
def _kopie(key: str, _fn: Callable, _args: tuple, _kwargs: dict) -> object:
    return _fn(*_args, **_kwargs)


def figuur(bouw: Callable[..., object], *args, **kwargs) -> object:
    """`bouw(*args, **kwargs)`, built once per distinct input. Never change what it returns."""
    return _gedeeld(key=sleutel(bouw, args, kwargs), _fn=bouw, _args=args, _kwargs=kwargs)


def berekening(fn: Callable[..., object], *args, **kwargs) -> object:
    """`fn(*args, **kwargs)` for a pure function of its arguments, computed once per distinct
    input; every caller gets its own copy."""
    return _kopie(key=sleutel(fn, args, kwargs), _fn=fn, _args=args, _kwargs=kwargs)


def _component_argumenten(m, **opties) -> dict:
    """What `st_folium(m, **opties)` hands to its component, without showing anything: st_folium's
    own conversion, with the component call caught. Under a lock, so no other thread's map can be
    caught meanwhile; every map in the app goes through `kaart` (tests/unit/test_structure.py)."""
    gevangen: dict = {}
    with _VANGEN:
        streamlit_folium._component_func = lambda **kw: gevangen.update(kw)
        try:
            streamlit_folium.st_folium(m, **opties)
        finally:
            streamlit_folium._component_func = _COMPONENT
    gevangen.pop("on_change", None)
    return gevangen


def _kaart_argumenten(bouw: Callable, args: tuple, kwargs: dict, opties: dict) -> dict:
    return _component_argumenten(bouw(*args, **kwargs), **opties)


def kaart(bouw: Callable[..., object], *args, key: str, height: int,
          returned_objects: Iterable[str] | None = None, on_change: Callable[[], None] | None = None,
          **kwargs):
    """`st_folium(bouw(*args, **kwargs), key=key, height=height, use_container_width=True,
    returned_objects=..., on_change=...)`, the map built and converted once per distinct input.
    Returns what st_folium returns; as there, st.session_state[key] holds the last interaction."""
    opties = {"key": key, "height": height, "use_container_width": True,
              "returned_objects": None if returned_objects is None else list(returned_objects)}
    argumenten = _kaart(key=sleutel(_kaart_argumenten, (bouw, args, kwargs, opties), {}), _fn=_kaart_argumenten,
                        _args=(bouw, args, kwargs, opties), _kwargs={})
    component_key = argumenten["key"]

    def bij_wijziging() -> None:  # st_folium's own callback
        st.session_state[key] = st.session_state.get(component_key, {})
        if on_change is not None:
            on_change()

    # `default` is what the component returns before any interaction: each caller its own.
    return _COMPONENT(**{**argumenten, "default": copy.deepcopy(argumenten["default"])}, on_change=bij_wijziging)
