import sys

from ita_xl.cli.commands import main

sys.exit(main())
