"""OGC API – Features (Part 1, Core) over the same data and permissions as the REST API."""
