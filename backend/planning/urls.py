from django.urls import path

from backend.planning import apis

urlpatterns = [
    path("weight-profiles/", apis.WeightProfileListApi.as_view(), name="weight-profile-list"),
    path("weight-profiles/<int:pk>/", apis.WeightProfileDetailApi.as_view(), name="weight-profile-detail"),
    path("neighborhoods/<int:pk>/scores/", apis.ScoreHistoryApi.as_view(), name="neighborhood-scores"),
    path("priorities/", apis.PriorityListApi.as_view(), name="priority-list"),
    path("priorities/recompute/", apis.PriorityRecomputeApi.as_view(), name="priority-recompute"),
    path("priorities.geojson", apis.PriorityGeoJsonApi.as_view(), name="priority-geojson"),
    path("priorities.csv", apis.PriorityCsvApi.as_view(), name="priority-csv"),
    path("priorities.xlsx", apis.PriorityXlsxApi.as_view(), name="priority-xlsx"),
]
