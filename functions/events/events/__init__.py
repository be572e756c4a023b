"""The events context: its handlers, domain and adapters."""
