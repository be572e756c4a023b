OWNER = "function b"
