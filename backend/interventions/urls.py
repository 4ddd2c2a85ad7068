from django.urls import path

from backend.interventions import apis

urlpatterns = [
    path("interventions/", apis.InterventionListApi.as_view(), name="intervention-list"),
    path("interventions/summary/", apis.InterventionSummaryApi.as_view(), name="intervention-summary"),
    path(
        "interventions/summary.csv", apis.InterventionSummaryCsvApi.as_view(), name="intervention-summary-csv"
    ),
    path(
        "interventions/summary.xlsx",
        apis.InterventionSummaryXlsxApi.as_view(),
        name="intervention-summary-xlsx",
    ),
    path("interventions/delivered/", apis.InterventionDeliveredApi.as_view(), name="intervention-delivered"),
    path("interventions/<int:pk>/", apis.InterventionDetailApi.as_view(), name="intervention-detail"),
    path(
        "interventions/<int:pk>/transition/",
        apis.InterventionTransitionApi.as_view(),
        name="intervention-transition",
    ),
    path(
        "interventions/<int:pk>/history/", apis.InterventionHistoryApi.as_view(), name="intervention-history"
    ),
    path(
        "interventions/<int:pk>/documents/<uuid:uuid>/",
        apis.InterventionDocumentApi.as_view(),
        name="intervention-document",
    ),
    path("referrals/", apis.ReferralListApi.as_view(), name="referral-list"),
    path("referrals/partners/", apis.ReferralPartnersApi.as_view(), name="referral-partners"),
    path("referrals/<int:pk>/", apis.ReferralDetailApi.as_view(), name="referral-detail"),
    path("referrals/<int:pk>/transition/", apis.ReferralTransitionApi.as_view(), name="referral-transition"),
    path(
        "referrals/<int:pk>/intervention/",
        apis.ReferralInterventionApi.as_view(),
        name="referral-intervention",
    ),
    path("funding-sources/", apis.FundingSourceListApi.as_view(), name="funding-source-list"),
    path("funding-sources/<int:pk>/", apis.FundingSourceDetailApi.as_view(), name="funding-source-detail"),
]
