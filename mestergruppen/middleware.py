"""Requests no page of the site can mean, answered before a view passes them to the database.

A NUL byte is never part of an address or a query a person typed, and PostgreSQL refuses a
string that holds one: a lookup with it fails inside the database driver, as a server error,
in whatever view or admin filter reads it. SQLite quietly finds nothing, so a test run there
would not notice. One guard here covers every view, including those added later.
"""

from django.core.exceptions import BadRequest
from django.http import Http404


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404  # no page has such an address
        query = request.META.get("QUERY_STRING", "")
        # Percent-encoded, %00 is a NUL once decoded; any other escape is not.
        if "%00" in query or "\x00" in query:
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)
