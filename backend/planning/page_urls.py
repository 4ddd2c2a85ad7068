from django.urls import path

from backend.planning import views

urlpatterns = [
    path("priority/", views.priority_page, name="priority-page"),
    path("neighborhoods/<int:pk>/", views.neighborhood_page, name="neighborhood-page"),
]
