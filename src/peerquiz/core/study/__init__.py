"""Study: FSRS scheduling (the only code that knows py-fsrs), settings, grading, sessions and today's counts."""
