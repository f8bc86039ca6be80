"""Requests the site can read whatever a client declares about them.

Django 5.2.19 (the newest 5.2 release when this was written) raises `ValueError` while it
builds the request object when the Content-Type carries an RFC 2231 parameter that names an
unknown charset (`charset*=x''utf-8`). That happens in the WSGI handler, before any middleware
or error page can answer, so the client got a bare 500. The parameter is ignored instead, as
every other unreadable charset already is. Drop this once Django's fix is in a 5.2 release.
"""

from django.core.handlers.wsgi import WSGIHandler, WSGIRequest


class LenientContentTypeRequest(WSGIRequest):
    def _set_content_type_params(self, meta):
        try:
            super()._set_content_type_params(meta)
        except ValueError:
            self.content_type = meta.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
            self.content_params = {}


def lenient(handler: WSGIHandler) -> WSGIHandler:
    handler.request_class = LenientContentTypeRequest
    return handler
