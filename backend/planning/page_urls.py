from django.urls import path

from backend.planning import views

urlpatterns = [
    path("priority/", views.priority_page, name="priority-page"),
    path("priority/map/", views.priority_map_document, name="priority-map"),
    path("neighborhoods/<int:pk>/", views.neighborhood_page, name="neighborhood-page"),
]
