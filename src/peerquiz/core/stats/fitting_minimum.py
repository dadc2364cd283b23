"""How much history parameter fitting needs. Import-free, so `peerquiz optimize --help` can say it."""

# Below this fsrs-rs fits little more than the first-day stabilities; Anki asks for about as much.
MIN_REVIEWS = 400
NEEDED_HISTORY = (
    f"Fitting needs at least {MIN_REVIEWS} study-mode reviews of cards seen on an earlier day "
    "(first answers and same-day steps do not count)."
)
