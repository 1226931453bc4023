"""`python -m campaign.tools.wordpress`: the import command."""
import sys

from .run import main

sys.exit(main())
