"""Reports for the office's leaders (spec/reports.md): every figure comes from the statistics service."""
