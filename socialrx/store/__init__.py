"""The store: the only package that speaks SQL (SQLAlchemy 2.0, Alembic migrations).

``Database(settings)`` owns the engine and sessions; the modules named after what they keep
(``users``, ``posts``, ``consents``, ``inbound``, ``audit_log``) take a ``Session`` and never
commit: the caller's ``with db.transaction() as session:`` block commits a change together with
its audit event, or neither. Post and inbound text is encrypted at rest (``types``, ``cipher``).
"""
