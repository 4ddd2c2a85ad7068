from django.urls import path

from backend.partners import apis

urlpatterns = [
    path("partners/", apis.PartnerListApi.as_view(), name="partner-list"),
    path("partners/<int:pk>/", apis.PartnerDetailApi.as_view(), name="partner-detail"),
    path("liaisons/", apis.LiaisonListApi.as_view(), name="liaison-list"),
    path("liaisons/<int:pk>/", apis.LiaisonDetailApi.as_view(), name="liaison-detail"),
]
