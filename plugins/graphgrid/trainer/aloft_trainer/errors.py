"""Errors a user can hit, each with the exit code the CLI ends with."""

EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_ARTIFACT = 4


class TrainerError(Exception):
    """A failure explained to the user; ``exit_code`` tells callers (and the Docker operator) what kind."""

    def __init__(self, message, exit_code):
        super().__init__(message)
        self.exit_code = exit_code
