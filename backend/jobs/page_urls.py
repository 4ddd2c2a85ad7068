from django.urls import path

from backend.jobs import views

urlpatterns = [path("", views.jobs_page, name="jobs-page")]
