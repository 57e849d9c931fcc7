"""A FIX 4.4 engine: dictionary, message, codec, validation, sans-I/O session, message stores."""
