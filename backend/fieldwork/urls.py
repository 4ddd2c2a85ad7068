from django.urls import path

from backend.fieldwork import apis

urlpatterns = [
    path("teams/", apis.TeamListApi.as_view(), name="team-list"),
    path("teams/<int:pk>/", apis.TeamDetailApi.as_view(), name="team-detail"),
    path("assignments/", apis.AssignmentListApi.as_view(), name="assignment-list"),
    path("assignments/mine/", apis.AssignmentMineApi.as_view(), name="assignment-mine"),
    path("assignments/suggest/", apis.AssignmentSuggestApi.as_view(), name="assignment-suggest"),
    path("assignments/<int:pk>/", apis.AssignmentDetailApi.as_view(), name="assignment-detail"),
    path("assignments/<int:pk>/cancel/", apis.AssignmentCancelApi.as_view(), name="assignment-cancel"),
    path("assignments/<int:pk>/decline/", apis.AssignmentDeclineApi.as_view(), name="assignment-decline"),
]
