from triops.cli.main import main

raise SystemExit(main())
