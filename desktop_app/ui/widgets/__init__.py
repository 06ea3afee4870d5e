"""desktop_app/ui/widgets"""
