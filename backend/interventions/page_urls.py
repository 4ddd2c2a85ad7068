from django.urls import path

from backend.interventions import views

urlpatterns = [
    path("", views.interventions_page, name="interventions-page"),
    path("new/", views.intervention_form, name="intervention-new"),
    path("<int:pk>/", views.intervention_form, name="intervention-edit"),
    path("<int:pk>/transition/", views.transition_action, name="intervention-transition-page"),
    path("<int:pk>/documents/", views.document_action, name="intervention-document-page"),
]
