"""A progress bar for commands that run long in a terminal (imports, roll-ups)."""


def terminal_bar(stream):
    """A progress(done, total) callback drawing one self-overwriting line on `stream`."""

    def draw(done: int, total: int) -> None:
        total = max(total, done, 1)
        filled = 30 * done // total
        stream.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {100 * done // total:3d}% {done}/{total}",
            ending="",
        )
        stream.flush()

    return draw
