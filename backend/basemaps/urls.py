from django.urls import path

from backend.basemaps.apis import basemap_file_view, basemap_tile_view

urlpatterns = [
    path("<slug:name>.<str:ext>", basemap_file_view, name="basemap-file"),
    path("<slug:name>/<int:z>/<int:x>/<int:y>.<str:ext>", basemap_tile_view, name="basemap-tile"),
    # Whichever base map is the default, any format: what the admin's map widgets are set to.
    path(
        "default/<int:z>/<int:x>/<int:y>", basemap_tile_view, {"name": "default"}, name="basemap-default-tile"
    ),
]
