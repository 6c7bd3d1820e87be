"""The read model: a request's parameters parsed once into one query (``query``), one module
that chooses how to answer it (``answers``), and what it reads from: stored representations,
search, filters, pages."""
