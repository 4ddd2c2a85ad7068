"""Photo checks and clean-up with Pillow: the bytes decide the type, metadata is dropped.

Visits describe places, not residents: a phone's EXIF can carry the exact
position, the device and the owner's name, so a stored photo is re-encoded
from its pixels and keeps only the orientation tag (and its colour profile).
"""

import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXIF_ORIENTATION = 0x0112
JPEG_QUALITY = 90


class PhotoError(ValueError):
    """A photo we refuse; the message says why."""


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    width: int
    height: int


def clean_photo(raw: bytes, *, max_pixels: int) -> CleanPhoto:
    """Check that raw is a JPEG, PNG or WebP of at most max_pixels; return it without metadata."""
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in FORMATS:
                raise PhotoError(f"The photo is a {image.format} image; send JPEG, PNG or WebP.")
            width, height = image.size
            # Judged from the header, before any pixel is decoded: a small file can
            # expand to gigabytes (a decompression bomb).
            if width * height > max_pixels:
                raise PhotoError(
                    f"The photo is {width}×{height} pixels; at most {max_pixels:,} pixels are accepted."
                )
            orientation = image.getexif().get(EXIF_ORIENTATION)
            icc_profile = image.info.get("icc_profile")
            image.load()
            return _encode(image, image.format, orientation, icc_profile)
    except PhotoError:
        raise
    except UnidentifiedImageError:
        raise PhotoError("The file is not an image; send a JPEG, PNG or WebP photo.") from None
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoError(f"The image cannot be read: {exc}") from None


def _encode(image: Image.Image, fmt: str, orientation: int | None, icc_profile: bytes | None) -> CleanPhoto:
    pixels = image.copy()
    pixels.info = {}  # drop comments, XMP, text chunks and EXIF carried in info
    exif = Image.Exif()
    if orientation in range(2, 9):
        exif[EXIF_ORIENTATION] = orientation
    options: dict = {"exif": exif.tobytes()} if len(exif) else {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if fmt == "JPEG":
        if pixels.mode not in {"RGB", "L", "CMYK"}:
            pixels = pixels.convert("RGB")
        options.update(quality=JPEG_QUALITY, optimize=True)
    elif fmt == "WEBP":
        options.update(quality=JPEG_QUALITY)
    out = io.BytesIO()
    pixels.save(out, fmt, **options)
    return CleanPhoto(out.getvalue(), FORMATS[fmt], image.width, image.height)
