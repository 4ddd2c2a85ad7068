from django.urls import path

from backend.openrosa.apis import FormApi, FormListApi, ManifestApi, MediaApi, SubmissionApi

urlpatterns = [
    path("formList", FormListApi.as_view(), name="openrosa-form-list"),
    path("forms/<str:form_id>/form.xml", FormApi.as_view(), name="openrosa-form"),
    path("forms/<str:form_id>/manifest", ManifestApi.as_view(), name="openrosa-manifest"),
    path("forms/<str:form_id>/media/<str:filename>", MediaApi.as_view(), name="openrosa-media"),
    path("submission", SubmissionApi.as_view(), name="openrosa-submission"),
]
