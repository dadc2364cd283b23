"""Mock exams: the blueprint, drawing and scoring an exam, exam and practice sessions, readiness."""

# How many fixed practice forms there are. Here rather than in ``forms`` so that the CLI
# can offer ``--form`` without importing pydantic and the deck model for every verb.
FORM_COUNT = 5
