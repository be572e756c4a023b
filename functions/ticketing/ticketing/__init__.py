"""The ticketing context: its handlers, domain and adapters."""
