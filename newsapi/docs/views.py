"""The schema's own view."""

from drf_spectacular.views import SpectacularAPIView

from newsapi.http.negotiation import FormatNegotiation


class SchemaView(SpectacularAPIView):
    """The schema, in YAML or JSON by ``Accept``, or by ``?format=json`` (``?format=yaml``)."""

    content_negotiation_class = FormatNegotiation
