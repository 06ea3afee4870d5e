"""Reports for the office's leaders (docs/reports.md): every figure comes from the statistics service."""
