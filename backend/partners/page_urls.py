from django.urls import path

from backend.partners import views

urlpatterns = [
    path("", views.directory, name="partner-directory"),
    path("registry/", views.registry, name="partner-registry"),
    path("registry/new/", views.partner_edit, name="partner-new"),
    path("registry/<int:pk>/", views.partner_edit, name="partner-edit"),
    path("registry/liaisons/new/", views.liaison_edit, name="liaison-new"),
    path("registry/liaisons/<int:pk>/", views.liaison_edit, name="liaison-edit"),
]
