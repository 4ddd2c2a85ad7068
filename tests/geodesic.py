"""Brute-force geodesics on the WGS 84 ellipsoid (GeographicLib), to check PostGIS against."""

from geographiclib.geodesic import Geodesic

WGS84 = Geodesic.WGS84


def geodesic_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the geodesic distance in metres between two points."""
    return WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]


def moved(lon: float, lat: float, azimuth: float, metres: float) -> tuple[float, float]:
    """Return the point metres away from (lon, lat) along a geodesic at azimuth degrees."""
    line = WGS84.Direct(lat, lon, azimuth, metres)
    return line["lon2"], line["lat2"]
