from django.urls import path

from backend.surveys import apis

urlpatterns = [
    path("neighborhoods/", apis.NeighborhoodListApi.as_view(), name="neighborhood-list"),
    path("neighborhoods/<int:pk>/", apis.NeighborhoodDetailApi.as_view(), name="neighborhood-detail"),
    path("visits/", apis.VisitListApi.as_view(), name="visit-list"),
    path("visits/sync/", apis.VisitSyncApi.as_view(), name="visit-sync"),
    path("visits/<int:pk>/", apis.VisitDetailApi.as_view(), name="visit-detail"),
    path(
        "visits/<uuid:client_uuid>/photos/<uuid:photo_uuid>/",
        apis.VisitPhotoApi.as_view(),
        name="visit-photo",
    ),
]
