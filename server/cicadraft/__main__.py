"""``python -m cicadraft``: the same as the ``cicadraft`` command."""

from cicadraft.cli.main import main

raise SystemExit(main())
