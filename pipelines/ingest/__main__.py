import sys

from pipelines.ingest.cli import main

sys.exit(main())
