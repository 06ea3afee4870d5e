"""The log file in the data folder: where tracebacks go instead of the user's screen."""
from __future__ import annotations

from pathlib import Path

LOGGER_NAME = "cppcc_desk"


def setup_logging(data_dir: Path):
    """Log to <data>/logs/cppcc-desk.log (rotated); never to the user's screen. Returns the logger."""
    import logging  # imported here: logging.handlers costs 15 ms of the window's start
    from logging.handlers import RotatingFileHandler

    # A log that cannot be written (a full disk, a read-only folder) is skipped quietly: never the
    # 70-line "--- Logging error ---" report on the user's screen.
    logging.raiseExceptions = False
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers:
        logger.setLevel(logging.INFO)
        logger.propagate = False
        try:
            logs = Path(data_dir) / "logs"
            logs.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = RotatingFileHandler(logs / "cppcc-desk.log", maxBytes=2_000_000,
                                                           backupCount=3, encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
    return logger


def log_is_written(logger) -> bool:
    """Whether `logger` writes to the log file (it falls back to nothing when the folder cannot be written)."""
    import logging

    return any(isinstance(h, logging.FileHandler) for h in logger.handlers)
