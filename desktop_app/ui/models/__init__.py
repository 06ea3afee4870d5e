"""desktop_app/ui/models"""
