"""Site-wide pages: the home page and the error pages, in the visitor's language."""

from django.shortcuts import render
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


def server_error(request):
    return defaults.server_error(request, template_name="errors/500.html")
