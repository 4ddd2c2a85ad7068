from django.urls import path

from backend.jobs import apis

urlpatterns = [
    path("jobs/", apis.JobListApi.as_view(), name="job-list"),
    path("jobs/<int:pk>/", apis.JobDetailApi.as_view(), name="job-detail"),
    path("jobs/<int:pk>/download/", apis.JobDownloadApi.as_view(), name="job-download"),
    path("jobs/<int:pk>/download/<str:filename>", apis.JobFileApi.as_view(), name="job-download-file"),
]
