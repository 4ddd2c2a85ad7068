"""Mahalleh's geospatial and text helpers: plain Python, no Django imports."""
