"""Files served whole or by byte range (RFC 9110): what GDAL and QGIS need to open a file straight
from its link (/vsicurl/), reading a GeoPackage's pages instead of downloading all of it."""

import re
from collections.abc import Iterator
from typing import IO

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
ONE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def ranged_file_response(
    handle: IO[bytes], *, size: int, filename: str, content_type: str, range_header: str | None
) -> HttpResponse | StreamingHttpResponse:
    """The file with its length; with a single ``Range: bytes=…`` (the request's header), that part
    as a 206.

    Several ranges in one request get the whole file (a server may ignore Range), and a range
    that starts past the end is a 416 that says the size.
    """
    wanted = (range_header or "").replace(" ", "")
    found = ONE_RANGE.match(wanted) if wanted else None
    if found is None or (not found.group(1) and not found.group(2)):
        whole = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
        whole["Content-Length"] = str(size)
        whole["Accept-Ranges"] = "bytes"
        return whole
    first, last = found.group(1), found.group(2)
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    else:  # bytes=-N: the last N bytes
        start, end = max(size - int(last), 0), size - 1
    if start >= size or start > end:
        handle.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return refused
    response = StreamingHttpResponse(_part(handle, start, end), status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _part(handle: IO[bytes], start: int, end: int) -> Iterator[bytes]:
    try:
        handle.seek(start)
        left = end - start + 1
        while left > 0:
            data = handle.read(min(CHUNK, left))
            if not data:
                return
            left -= len(data)
            yield data
    finally:
        handle.close()
