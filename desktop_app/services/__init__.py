"""desktop_app/services"""
