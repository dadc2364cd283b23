from peerquiz.cli import main

raise SystemExit(main())
