"""Token sign-in for API clients and the phone app."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

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
    def post(self, request: Request) -> Response:
        reject_unknown_fields(request.data, {"username", "password"})
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _ = Token.objects.get_or_create(user=user)
        return Response(
            {"token": token.key, "username": user.username, "role": user.role}, status=status.HTTP_200_OK
        )
