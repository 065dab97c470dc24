"""A content key for caching: the hash of a pickle that reads the same for equal data.

Pickle writes what an object holds, and pandas' extension dtypes (Int64, str, boolean, ...)
keep values they worked out once (numpy_dtype, kind) in their __dict__: the same column
pickles differently before and after something looked at its dtype. Here those dtypes pickle
as their name only. What can still differ for equal data (a frame's block layout, say) only
costs a cache miss; unequal data never shares a key.
"""
from __future__ import annotations

import hashlib
import io
import pickle

# Dtypes whose str() names them completely (not categoricals: their str() is just 'category').
_BENOEMD = ("StringDtype", "BooleanDtype", "Int8Dtype", "Int16Dtype", "Int32Dtype", "Int64Dtype", "UInt8Dtype",
            "UInt16Dtype", "UInt32Dtype", "UInt64Dtype", "Float32Dtype", "Float64Dtype", "ArrowDtype")


def _dtype(naam: str, tekst: str, opslag: str, na: str) -> None:
    raise AssertionError("a cache key is never unpickled")


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj):
        if type(obj).__name__ in _BENOEMD and type(obj).__module__.split(".")[0] == "pandas":
            return _dtype, (type(obj).__name__, str(obj), str(getattr(obj, "storage", "")),
                            repr(getattr(obj, "na_value", None)))
        return NotImplemented


def sleutel(*delen) -> str:
    """sha256 of the pickled `delen`; TypeError when something in them cannot pickle."""
    buf = io.BytesIO()
    pickler = _Pickler(buf, protocol=5)
    # No memo: with one, an object met twice is written once and referred to after, so what two
    # columns share (one dtype object, or two equal ones) would change the bytes.
    pickler.fast = True
    try:
        pickler.dump(delen)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
        raise TypeError(f"cannot pickle for a cache key: {exc}") from exc
    return hashlib.sha256(buf.getvalue()).hexdigest()
