"""How long work reports progress and learns it was cancelled (the worker thread hands these in)."""
from __future__ import annotations

from typing import Callable

ProgressFn = Callable[[int, int, str], None]  # (done, total, what is happening now)
CancelFn = Callable[[], bool]  # True once the user pressed 取消
