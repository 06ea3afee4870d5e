"""db/models"""
