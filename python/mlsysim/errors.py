"""Exceptions. Bad input is a plain ValueError (a wrong type: TypeError), raised by the C++ core."""

from .units import quantity


def _as_bytes(value):
    return None if value is None else value if hasattr(value, "units") else quantity(value, "byte")


class OOMError(RuntimeError):
    """The workload does not fit in device memory (solve with raise_errors=True)."""

    def __init__(self, message, required_bytes=None, available_bytes=None):
        super().__init__(message)
        self.required_bytes = _as_bytes(required_bytes)
        self.available_bytes = _as_bytes(available_bytes)
