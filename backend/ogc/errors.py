"""OGC API errors: a status code and the standard's exception body, {"code", "description"}."""


class OgcError(Exception):
    """Answer with status and an exception code (InvalidParameterValue, NotFound, …)."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


def invalid(description: str) -> OgcError:
    return OgcError(400, "InvalidParameterValue", description)


def not_found(description: str) -> OgcError:
    return OgcError(404, "NotFound", description)
