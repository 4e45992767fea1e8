"""The store: connection, numbered migrations, named SQL and the repository functions above them."""

from db.store import Store, StoreBusy, open_store

__all__ = ["Store", "StoreBusy", "open_store"]
