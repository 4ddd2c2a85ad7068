"""Settings: base.py holds everything, read from environment variables only.

local.py is for `make run`, test.py for pytest, production.py for deployments.
"""
