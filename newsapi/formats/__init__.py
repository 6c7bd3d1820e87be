"""The representations: our JSON (one implementation per resource, ``representations``), IPTC
ninjs, schema.org JSON-LD, and the RSS and Atom feeds."""
