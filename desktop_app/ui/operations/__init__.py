"""desktop_app/ui/operations"""
