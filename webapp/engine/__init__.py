"""The questionnaire engine: pure Python, no Flask. It reads questions.yaml, checks answers,
works out conditions, scores and talking points, and writes the summary and FHIR.
"""
