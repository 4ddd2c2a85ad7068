from django.urls import path

from backend.planning import views

urlpatterns = [
    path("priority/", views.priority_page, name="priority-page"),
    path("priority/map/", views.priority_map_document, name="priority-map"),
    path("neighborhoods/<int:pk>/", views.neighborhood_page, name="neighborhood-page"),
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/new/", views.profile_edit, name="profile-new"),
    path("profiles/<int:pk>/", views.profile_edit, name="profile-edit"),
]
