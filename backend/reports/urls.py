from django.urls import path

from backend.reports import apis

urlpatterns = [
    path("dashboard/", apis.DashboardApi.as_view(), name="dashboard"),
]
