"""/dashboard/: the province at a glance for a Jalali period, beside the period before."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from backend.accounts.permissions import can_read_dashboard, page_rule
from backend.reports.layout import page_context
from backend.reports.selectors import dashboard
from geo.text import parse_jalali_period


@page_rule(can_read_dashboard)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("period", "").strip()
    try:
        period = parse_jalali_period(asked) if asked else None
    except ValueError as exc:
        context = {"error": str(exc), "asked": asked}
        return render(request, "reports/dashboard.html", context, status=400)
    figures = dashboard(user=request.user, period=period)
    return render(request, "reports/dashboard.html", page_context(figures, user=request.user))
