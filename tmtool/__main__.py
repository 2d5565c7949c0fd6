"""`python -m tmtool` runs the command line."""

import sys

from tmtool.cli import main

sys.exit(main())
