"""The chat context: its handlers, domain and adapters."""
