"""cppcc-desk (县政协履职工作台): the program package."""
__version__ = "0.1.0"
