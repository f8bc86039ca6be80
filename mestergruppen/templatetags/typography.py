from django import template
from django.utils.safestring import SafeString, mark_safe

from mestergruppen.hyphenation import hyphenate as hyphenate_text

register = template.Library()


@register.filter(is_safe=True)
def hyphenate(value, language: str | None = None):
    """Soft hyphens in the long words of a heading: `{{ heading|hyphenate:statement.language }}`
    or `{% filter hyphenate %}…{% endfilter %}` (mestergruppen/hyphenation.py)."""
    result = hyphenate_text(str(value), language)
    # Soft hyphens inside words need no escaping: safe text stays safe.
    return mark_safe(result) if isinstance(value, SafeString) else result
