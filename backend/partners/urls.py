from django.urls import path

from backend.partners import apis

urlpatterns = [
    path("partners/", apis.PartnerListApi.as_view(), name="partner-list"),
    path("partners/nearest/", apis.PartnerNearestApi.as_view(), name="partner-nearest"),
    path("partners/within/", apis.PartnerWithinApi.as_view(), name="partner-within"),
    path("partners/<int:pk>/", apis.PartnerDetailApi.as_view(), name="partner-detail"),
    path(
        "neighborhoods/<int:pk>/partners/",
        apis.NeighborhoodPartnersApi.as_view(),
        name="neighborhood-partners",
    ),
    path("liaisons/", apis.LiaisonListApi.as_view(), name="liaison-list"),
    path("liaisons/<int:pk>/", apis.LiaisonDetailApi.as_view(), name="liaison-detail"),
    path("coverage/", apis.CoverageApi.as_view(), name="coverage"),
    path("coverage.csv", apis.CoverageExportApi.as_view(), name="coverage-csv"),
]
