"""Exceptions the library raises; the CLI turns them into one-line messages."""


class AlignerError(Exception):
    """Base class for errors a user can act on (bad file, bad option)."""


class InputError(AlignerError):
    """An input file cannot be read at all (as opposed to one bad record in it)."""


class ConfigurationError(AlignerError):
    """An option or backend cannot be used as asked (e.g. the neural extra is missing)."""
