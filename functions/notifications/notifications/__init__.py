"""The notifications context: its handlers, domain and adapters."""
