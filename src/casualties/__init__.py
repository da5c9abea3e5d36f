"""casualties: cited casualty claims in the Armenia-Azerbaijan border conflict, 2021-2024.

>>> import casualties
>>> killed = casualties.series(freq="month", measure="killed", by="side")
>>> int(killed.loc["2022-09-01", "armenia"]) > 0
True
"""

from . import schema
from .load import load_articles, load_casualties, load_claims, load_events
from .schema import DATASET_VERSION as __version__
from .timeseries import series

__all__ = ["load_articles", "load_casualties", "load_claims", "load_events", "schema", "series", "__version__"]


def __getattr__(name):
    # charts pulls in matplotlib: load it only when asked for.
    if name == "charts":
        import importlib

        return importlib.import_module(".charts", __name__)
    raise AttributeError(f"module 'casualties' has no attribute {name!r}")
