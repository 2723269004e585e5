"""Words that say nothing about what a question or passage is about.

BM25 matching, evidence scoring, the chat rewriter and the quiz all ask "which words
of this text carry its subject?". Each answering with its own list made a word count
in retrieval and not in the answer; one list lives here. Lists are plain lower-case
words: callers that match stems (BM25) stem them with the same stemmer as the text.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as text: easier to read and extend than a list of strings."""
    return frozenset(text.split())


STOPWORDS = _words(
    """
    a an and are as at be been but by can could did do does for from had has have how i
    if in into is it its me my of on or our so such that the their them then there
    these they this those to was we were what when where which who whom why will with
    would you your about also any both each few more most other some than too very just
    only own same should now between during before after above below up down out over
    under again further once here all no nor not s t don use used using
    without within via behind
    us everything everyone anything anyone something someone nothing doing
    besides except apart aside
    itself themselves yourself yourselves myself ourselves himself herself
    don't doesn't didn't isn't aren't wasn't weren't can't won't haven't hasn't
    i'm i've i'd you're we're they're let's
    whats hows whos wheres whens thats dont doesnt didnt isnt arent cant wont im ive
    theres heres wasnt werent hasnt havent shouldnt wouldnt couldnt youre theyre
    """
)
"""Function words: dropped before BM25 matching and never taken for a subject."""

QUESTION_FRAME_WORDS = _words(
    """
    main key important primary major example examples kind kinds type types
    mean means meaning measure measures stand stands difference differences differ
    purpose role goal describe explain define definition list name work works
    help helps give gives common typical role list lists purpose
    say says said tell tells told call called name named mention mentioned
    expect expected consider considered belong belongs happen happened
    accord according course section material materials lecture class chapter
    outline describe described suggest suggested recommend recommended
    usually typically actually basically generally really mostly mainly largely chiefly
    finally eventually ultimately
    exactly precisely simply done supposed go goes going part parts
    include includes included pick picks picked choose chooses chose opposed
    take takes turn turns make makes made need needs like look looks
    know known find get got way ways thing things one two three best good well see seen saw
    wrote write written meant apply applied
    trait traits characteristic characteristics feature features property properties
    aspect aspects
    many much original originally first initial earliest
    compare compared comparing vs versus
    around roughly approximately circa
    point end
    company companies organization organizations organisation organisations
    firm firms lab labs startup startups
    build builds built create creates created develop develops developed
    come comes came coming
    become becomes became appear appears appeared emerge emerges emerged arise arose
    popular
    wouldn't couldn't shouldn't wouldnt couldnt shouldnt wasnt werent hasnt havent
    kinda sorta seem seems seemed enough lol tbh imo btw pls please thanks ok okay yeah
    guess wonder wondering even idea ideas
    he she him his her hers manage manages managed hardly barely
    since because although though whereas
    whole entire entirely straight away immediately
    word term
    affect affects affected formula formulas
    """
)
"""Words that frame a question rather than name its subject.

"What does FID *measure*?" is answered by a row that never says "measure", so the
evidence scorer counts these words at a fraction (unstemmed here; it stems them).
"How *many*…" asks for a number, which the answer type checks, not for the word; "the
*original* GAN paper", "the *first* GPT" qualify which one is asked, and the material says
"introduced GANs", "GPT-1". "Vertical *vs* horizontal resistance" compares, and notes rarely
write "vs" (a plant pathology probe was refused: "the material never uses “vs”"). ("How
much" stays: it is no number question to the answer type.)
"*Wouldn't* 4 nodes be safer", "why is last-writer-wins *kinda* dangerous? *seems* simple
*enough*" name nothing either; unframed, each weighed as a word the material never
uses. ("People" stays: "how many people died in the 1918 flu" counts them.)
"""
