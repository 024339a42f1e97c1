from triops.cli import main

raise SystemExit(main())
