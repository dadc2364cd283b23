from peerquiz.cli import main

# Guarded: a worker process (the parse pool's) imports the main module again, and must not start the app.
if __name__ == "__main__":
    raise SystemExit(main())
