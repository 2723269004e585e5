"""Which topics of a syllabus the course material covers, with evidence, and which it misses."""
