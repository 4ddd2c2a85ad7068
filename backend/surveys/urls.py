from django.urls import path

from backend.surveys import apis, review_apis

urlpatterns = [
    path("neighborhoods/", apis.NeighborhoodListApi.as_view(), name="neighborhood-list"),
    path("neighborhoods/<int:pk>/", apis.NeighborhoodDetailApi.as_view(), name="neighborhood-detail"),
    path("visits/", apis.VisitListApi.as_view(), name="visit-list"),
    path("visits/sync/", apis.VisitSyncApi.as_view(), name="visit-sync"),
    path("visits/review/", review_apis.VisitBulkReviewApi.as_view(), name="visit-bulk-review"),
    path("visits/<int:pk>/", apis.VisitDetailApi.as_view(), name="visit-detail"),
    path("visits/<int:pk>/review/", review_apis.VisitReviewApi.as_view(), name="visit-review"),
    path("visits/<int:pk>/history/", review_apis.VisitHistoryApi.as_view(), name="visit-history"),
    path("visits/<int:pk>/comments/", review_apis.VisitCommentsApi.as_view(), name="visit-comments"),
    path(
        "visits/<uuid:client_uuid>/photos/<uuid:photo_uuid>/",
        apis.VisitPhotoApi.as_view(),
        name="visit-photo",
    ),
]
