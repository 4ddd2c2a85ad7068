from django.urls import path

from backend.surveys import views

urlpatterns = [
    path("", views.queue_page, name="review-queue"),
    path("bulk/", views.bulk_action, name="review-bulk"),
    path("<int:pk>/decide/", views.review_action, name="review-decide"),
    path("<int:pk>/edit/", views.edit_action, name="review-edit"),
    path("<int:pk>/comment/", views.comment_action, name="review-comment"),
]
