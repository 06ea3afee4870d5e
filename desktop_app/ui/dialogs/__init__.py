"""desktop_app/ui/dialogs"""
