"""python -m desktop_app → the same as the cppcc-desk command."""
import sys

from desktop_app.app import main

sys.exit(main())
