"""`gonghui`: Django's admin command with Gonghui's settings, plus `up`, `serve`, `demo`."""

import os
import sys


def main() -> None:
    os.umask(0o077)  # the database, its -wal/-shm, media and logs: for the server's user only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if len(sys.argv) > 1 and sys.argv[1] in {"up", "serve"}:
        # Production static files: hashed names, compressed, served by whitenoise.
        os.environ.setdefault("GONGHUI_MANIFEST_STATIC", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
