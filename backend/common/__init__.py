"""Pieces every API shares: parsing with limits, errors, pagination, GeoJSON fields."""
