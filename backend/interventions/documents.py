"""Intervention documents: a PDF or a photo, judged by its bytes, never by its name or declared type."""

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from backend.surveys.photos import PhotoError, clean_photo

MAX_PDF_PAGES = 500


class DocumentError(ValueError):
    """A file we refuse; the message says why."""


@dataclass(frozen=True)
class CleanDocument:
    content: bytes
    content_type: str
    extension: str


def clean_document(raw: bytes, *, max_bytes: int, max_pixels: int) -> CleanDocument:
    """Return raw as a stored document: a readable PDF as sent, or a photo without its metadata."""
    if len(raw) > max_bytes:
        raise DocumentError(f"The file is {len(raw):,} bytes; at most {max_bytes:,} bytes are accepted.")
    if not raw:
        raise DocumentError("The file is empty.")
    if raw.lstrip()[:5] == b"%PDF-":
        return CleanDocument(_checked_pdf(raw), "application/pdf", ".pdf")
    try:
        photo = clean_photo(raw, max_pixels=max_pixels)
    except PhotoError as exc:
        if "not an image" in str(exc):
            raise DocumentError("The file is neither a PDF nor a photo (JPEG, PNG or WebP).") from None
        raise DocumentError(str(exc)) from None
    extension = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}[photo.content_type]
    return CleanDocument(photo.content, photo.content_type, extension)


def _checked_pdf(raw: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise DocumentError("The PDF is password-protected; send it without a password.")
        pages = len(reader.pages)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise DocumentError(f"The PDF cannot be read: {exc}") from None
    if pages == 0:
        raise DocumentError("The PDF has no pages.")
    if pages > MAX_PDF_PAGES:
        raise DocumentError(f"The PDF has {pages} pages; at most {MAX_PDF_PAGES} are accepted.")
    return raw
