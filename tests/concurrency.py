"""Send the same request from several threads at once, as phones retrying together would."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection
from rest_framework.test import APIClient

T = TypeVar("T")


def concurrently(authorization: str, times: int, send: Callable[[APIClient], T]) -> list[T]:
    """Call send with its own signed-in client in `times` threads released together; return the answers."""
    start = threading.Barrier(times)
    answers: list[T] = []

    def run() -> None:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.credentials(HTTP_AUTHORIZATION=authorization)
        start.wait()
        try:
            answers.append(send(client))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers
