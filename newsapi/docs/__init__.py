"""The OpenAPI documentation, inferred by drf-spectacular from the code, with examples made
from the seed article by the code that answers."""
