"""Text handling shared by ingest, retrieval, answers and the study tools.

- :mod:`rag.text.markdown`: the Markdown patterns (headings, fences, tables, lists)
  and the clean-up of a line to plain text;
- :mod:`rag.text.sentences`: where a sentence ends (abbreviations included);
- :mod:`rag.text.stopwords`: the words that carry no subject;
- :mod:`rag.text.render`: passages as HTML, terminal Markdown or plain text.

Each rule has one copy here, so a line is a heading (or a sentence ends) in the
same place for the splitter, the evidence reader, the quiz and coverage.
"""
