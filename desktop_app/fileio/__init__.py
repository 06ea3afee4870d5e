"""desktop_app/fileio"""
