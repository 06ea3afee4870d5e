"""Command-line handlers per module; importing each registers it in desktop_app.cli."""
from desktop_app.cli_commands import members  # noqa: F401
from desktop_app.cli_commands import homes  # noqa: F401
from desktop_app.cli_commands import opinions  # noqa: F401
from desktop_app.cli_commands import proposals  # noqa: F401
from desktop_app.cli_commands import reports  # noqa: F401
from desktop_app.cli_commands import report_proposals  # noqa: F401
from desktop_app.cli_commands import report_notices  # noqa: F401
from desktop_app.cli_commands import report_members  # noqa: F401
from desktop_app.cli_commands import transfer  # noqa: F401
from desktop_app.cli_commands import server  # noqa: F401
