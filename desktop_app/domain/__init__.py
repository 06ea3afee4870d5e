"""desktop_app/domain"""
