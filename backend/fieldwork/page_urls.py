from django.urls import path

from backend.fieldwork import views

urlpatterns = [
    path("", views.assignments_page, name="assignments-page"),
    path("new/", views.create_action, name="assignment-create-page"),
    path("<int:pk>/cancel/", views.cancel_action, name="assignment-cancel-page"),
]
