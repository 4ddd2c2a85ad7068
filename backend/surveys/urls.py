from django.urls import path

from backend.surveys import apis

urlpatterns = [
    path("neighborhoods/", apis.NeighborhoodListApi.as_view(), name="neighborhood-list"),
    path("neighborhoods/<int:pk>/", apis.NeighborhoodDetailApi.as_view(), name="neighborhood-detail"),
    path("visits/", apis.VisitListApi.as_view(), name="visit-list"),
    path("visits/<int:pk>/", apis.VisitDetailApi.as_view(), name="visit-detail"),
]
