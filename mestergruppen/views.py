"""Site-wide pages: the home page and the error pages, in the visitor's language."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_safe


@require_safe
def home(request):
    return render(request, "home.html")


# The error pages are rendered here rather than by django.views.defaults: those run the CSRF
# check again (`requires_csrf_token`), which reads the body a second time, so a request
# refused for an unreadable body (a form declared as UTF-16) failed once more inside its own
# error page and the client got a 500. Rendering the page never needs the body.


def bad_request(request, exception):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception):
    return render(request, "errors/404.html", status=404)


# While the database restarts or fails over, a visitor is better told "try again in a moment"
# (503, which also tells load balancers and crawlers the outage is passing) than "something
# broke". Only the errors of a connection that cannot be had or was lost count: a query
# that is wrong stays a 500.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    # Django calls this inside its `except` block, so the error being handled is at hand.
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        # Rendered without a request: its context processors could need the database.
        page = loader.get_template("errors/503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    # Without the request's context processors either: whatever broke may be one of them.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
