"""The "export every row" form a page shows under a table, with the formats we write."""

from typing import Any

from django import template

from backend.exports.formats import FORMATS

register = template.Library()


@register.inclusion_tag("jobs/export_form.html")
def export_form(dataset: str, query: str) -> dict[str, Any]:
    """The form for one dataset, its rows filtered as the page's (query: the GET parameters)."""
    return {"dataset": dataset, "export_query": query, "export_formats": list(FORMATS)}
