"""The HTTP contract every answer keeps, whatever it holds: errors as problem documents, the
negotiation of formats, validators and ``304``, the shared response cache, who may do what."""
