"""The interactions context: its handlers, domain and adapters."""
