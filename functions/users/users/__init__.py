"""The users context: its handlers, domain and adapters."""
