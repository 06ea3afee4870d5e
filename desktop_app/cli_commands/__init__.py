"""Command-line handlers per module; importing each registers it in desktop_app.cli."""
