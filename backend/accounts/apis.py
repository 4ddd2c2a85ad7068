"""Token sign-in for API clients and the phone app."""

from typing import cast

from django.contrib.auth.signals import user_logged_in
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.lockout import locked_out
from backend.accounts.models import User
from backend.common.serializers import reject_unknown_fields


class TokenObtainApi(APIView):
    """Exchange a username and password for an API token."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer(
                "TokenOutput",
                {
                    "token": serializers.CharField(),
                    "username": serializers.CharField(),
                    "role": serializers.CharField(),
                },
            )
        },
        auth=[],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        reject_unknown_fields(request.data, {"username", "password"})
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # django-axes marks the request when the username is locked out here.
            if getattr(request, "axes_locked_out", False):
                return locked_out(request._request)
            raise serializers.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        # A token sign-in is a sign-in: last_login is stamped and earlier failures forgiven.
        user_logged_in.send(sender=type(user), request=request._request, user=user)
        token, _ = Token.objects.get_or_create(user=user)
        return Response(
            {"token": token.key, "username": user.username, "role": user.role}, status=status.HTTP_200_OK
        )


class TokenRevokeApi(APIView):
    """Revoke the caller's API token: every device signed in with it must sign in again."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        Token.objects.filter(user=cast(User, request.user)).delete()  # signed in: IsAuthenticated
        return Response(status=status.HTTP_204_NO_CONTENT)
