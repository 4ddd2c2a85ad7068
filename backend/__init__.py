"""Mahalleh's Django project: the web backend."""
