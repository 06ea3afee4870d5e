"""Command-line handlers per module; importing each registers it in desktop_app.cli."""
from desktop_app.cli_commands import proposals  # noqa: F401,E402
