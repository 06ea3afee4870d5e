"""desktop_app/ui"""
