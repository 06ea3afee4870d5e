"""desktop_app/ui/pages"""
