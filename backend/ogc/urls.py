from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from backend.ogc import apis

urlpatterns = [
    path("", apis.LandingApi.as_view(), name="ogc-landing"),
    path("conformance", apis.ConformanceApi.as_view(), name="ogc-conformance"),
    path("api", apis.OpenApiApi.as_view(), name="ogc-openapi"),
    path("api.html", SpectacularSwaggerSplitView.as_view(url_name="ogc-openapi"), name="ogc-openapi-html"),
    path("project.qgs", apis.ProjectApi.as_view(), name="ogc-project"),
    path("collections", apis.CollectionListApi.as_view(), name="ogc-collections"),
    path("collections/<str:collection_id>", apis.CollectionApi.as_view(), name="ogc-collection"),
    path("collections/<str:collection_id>/schema", apis.SchemaApi.as_view(), name="ogc-schema"),
    path("collections/<str:collection_id>/items", apis.ItemListApi.as_view(), name="ogc-items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", apis.ItemApi.as_view(), name="ogc-item"),
]
