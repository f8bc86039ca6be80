"""Site-wide pages: the home page and the error pages, in the visitor's language."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "home.html")


def bad_request(request, exception):
    return defaults.bad_request(request, exception, template_name="errors/400.html")


def permission_denied(request, exception):
    return defaults.permission_denied(request, exception, template_name="errors/403.html")


def page_not_found(request, exception):
    return defaults.page_not_found(request, exception, template_name="errors/404.html")


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
    return defaults.server_error(request, template_name="errors/500.html")
