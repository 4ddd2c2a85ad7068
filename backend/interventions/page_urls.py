from django.urls import path

from backend.interventions import views

urlpatterns = [
    path("", views.interventions_page, name="interventions-page"),
    path("new/", views.intervention_form, name="intervention-new"),
    path("<int:pk>/", views.intervention_form, name="intervention-edit"),
    path("<int:pk>/transition/", views.transition_action, name="intervention-transition-page"),
    path("<int:pk>/documents/", views.document_action, name="intervention-document-page"),
    path("referrals/", views.referrals_page, name="referrals-page"),
    path("referrals/new/", views.referral_form, name="referral-new"),
    path("referrals/<int:pk>/answer/", views.referral_transition_action, name="referral-answer-page"),
    path(
        "referrals/<int:pk>/intervention/",
        views.referral_intervention_action,
        name="referral-intervention-page",
    ),
]
