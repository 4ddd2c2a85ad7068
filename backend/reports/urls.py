from django.urls import path

from backend.reports import apis

urlpatterns = [
    path("dashboard/", apis.DashboardApi.as_view(), name="dashboard"),
    path(
        "reports/neighborhoods/<int:pk>.pdf", apis.NeighborhoodReportApi.as_view(), name="report-neighborhood"
    ),
    path("reports/monthly.pdf", apis.MonthlyReportApi.as_view(), name="report-monthly"),
]
