"""Mock exams: the blueprint, drawing and scoring an exam, exam and practice sessions, readiness."""
