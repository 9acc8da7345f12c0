"""Other kinds of place on the staff map (issue 20: education bases).

A capability built on stations registers a layer in its AppConfig.ready(); the staff map
then offers it as a filter (“show”) beside the service positions and draws its points
in the layer's own colour, each linking to the layer's own page. Stations never imports
the capabilities that register here:

    layers.register(MapLayer("bases", _("education bases"), "#6f42c1", points, "base-detail"))

`points(actor=, bbox=, limit=)` returns ([{"id", "name", "lat", "lng"}, …], total) of the
records the actor may see inside the (min_lng, min_lat, max_lng, max_lat) box.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

STATIONS = "stations"  # the service positions themselves, always offered first


@dataclass(frozen=True)
class MapLayer:
    key: str
    label: str | Promise
    colour: str  # the marker's colour, named in the map's legend
    points: Callable[..., tuple[list[dict], int]]
    detail_url_name: str  # reversed with the point's id


REGISTRY: dict[str, MapLayer] = {}


def register(layer: MapLayer) -> MapLayer:
    if layer.key in REGISTRY or layer.key == STATIONS:
        raise ValueError(f"map layer {layer.key} registered twice")
    REGISTRY[layer.key] = layer
    return layer


def layers() -> list[MapLayer]:
    return sorted(REGISTRY.values(), key=lambda layer: layer.key)


def shown(values: list[str]) -> list[str]:
    """The layers asked for (`show=`), in order; all of them when none is named."""
    known = [STATIONS, *(layer.key for layer in layers())]
    chosen = [v for v in known if v in values]
    return chosen or known
