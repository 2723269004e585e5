"""What form a question takes: how, why, who, where, a comparison, the names it gives.

Pure pattern readers over the question's words, shared by the answer type
(:mod:`rag.answer.decide`) and the checks on the selected evidence
(:mod:`rag.answer.scope`): "How does X work?", "Who founded X?", "should i learn X or Y",
"Does X do Y?" each ask something a line that merely names X cannot answer.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from rag.answer.asked import (
    ASKS_PREREQUISITES,
    ASKS_WHO,
    EXAMPLES_GIVEN,
    MAKER_VERB,
    premise_words,
)
from rag.retrieval.keyword import HYPHENS, terms_with_parts, tokenize

NAME_WORD = re.compile(
    r"(?<![\w-])(?:[A-Z][\w-]*(?:[’'](?!s\b)[a-z][\w-]*)*|[\w-]*[A-Z][\w-]*[A-Z][\w-]*)(?![\w-])"
)
"""A name or acronym: a capitalised word, or one with two capitals ("Stable", "GPT", "MuseNet"),
on past an apostrophe ("Ch'een", "K'inich"; not a possessive's "s")."""
_HYPHENS = str.maketrans(HYPHENS)


_ASKS_HOW = re.compile(
    r"^\s*how (?:does|do|did)\s+(?P<thing>.*?)\s*\b(?:actually\s+|really\s+)?work(?:s|ed)?\b", re.I
)
_ASKS_MECHANISM = re.compile(
    r"^\W*(?:how(?:\s+\w+ly)?|what(?:\s+(?:problems?|roles?|purposes?|jobs?|tasks?"
    r"|functions?|difference))?)\s+(?:does|do|did|will)\s+(?!(?:i|you|we|one)\b)"
    r"(?!(?:the\s+|this\s+|our\s+|my\s+)?(?:course|material|materials|notes|syllabus|lectures?"
    r"|section|chapter|text|slides|module|reading|book|document)\b)"
    r"(?!.*\b(?:stand for|mean|consist|say|says|mention|cover|list|include|recommend"
    r"|suggest|teach)\b)",
    re.I,
)
""""What does X do…", "How does X achieve…", "What problem does X solve?", but not "What
does the course say about X?" (the material's words answer that) nor "What does X stand
for / mean / include?"."""


def asks_how(question: str) -> bool:
    """Whether a question asks how something works ("How does X work?").

    "How can models be evaluated?" is not one: a list of methods, bare names each,
    answers it.

    >>> asks_how("How does watermarking actually work?"), asks_how("How can X be rated?")
    (True, False)
    """
    return bool(_ASKS_HOW.match(question))


def how_subject(question: str) -> str:
    """What a "How does X work?" question asks about: "X", or "" for other questions.

    >>> how_subject("how does PPO work in RLHF")
    'PPO'
    """
    match = _ASKS_HOW.match(question)
    return match.group("thing") if match else ""


_ASKS_COMPARE = re.compile(
    r"\bdiffer(?:ence|ences|ent|s)?\b|\bvs\.?\b|\bversus\b|\bcompare"
    r"|\b(?:better|worse|faster|slower|stronger|weaker|cheaper|smaller|larger|bigger)\s+than\b"
    r"|\b(?:recommend|prefer|choose|pick)\b.*\bover\b",
    re.I,
)
_ASKS_CHOICE = re.compile(
    r"^\W*(?i:should|would|is|are|which|do|does|can)\b.*?"
    r"(?<![\w-])[A-Z][\w.·-]*(?:\s+[A-Z0-9][\w.·-]*)*\s+or\s+[A-Z][\w.·-]*"
)
"""A choice between two names: "should i learn LoRA or QLoRA first…", "is MuseNet or
Magenta the better choice"; not the examples a question gives ("tools like DALL·E or
Midjourney")."""


def asks_mechanism(question: str) -> bool:
    """Whether a question asks what something does or how it does it.

    "How does Mamba achieve linear complexity…", "What does the β in β-VAE control?":
    a line that only names the thing among others cannot answer them. Not "How do I…"
    (a procedure, which a list answers) nor "What does X stand for / mean / consist of".

    >>> asks_mechanism("What does the β in β-VAE control?"), asks_mechanism("How do I start?")
    (True, False)
    >>> asks_mechanism("What problem does LoRA solve?")
    True
    """
    return bool(_ASKS_MECHANISM.match(question))


_NAME_DOES = re.compile(
    r"^\W*(?i:(?:how(?:\s+\w+ly)?|why)\s+(?:does|do|did|doesn[’']?t|don[’']?t|didn[’']?t|is|are)"
    r"\s+(?:the\s+)?)(?P<name>(?:[A-Z0-9][\w.·-]*\s+)*[A-Z0-9][\w.·-]*)(?=\s+[a-z])"
)


def mechanism_name(question: str) -> str:
    """The name a how- or why-question asks about, when it is one ("Gaussian Splatting").

    >>> mechanism_name("How does Gaussian Splatting represent a 3D scene?")
    'Gaussian Splatting'
    >>> mechanism_name("Why doesn't DPO need a reward model?"), mechanism_name("How do I start?")
    ('DPO', '')
    """
    match = _NAME_DOES.match(question)
    return match.group("name") if match and match.group("name") != "I" else ""


def asks_to_compare(question: str) -> bool:
    """Whether a question asks how two things differ, or which of two to choose.

    >>> asks_to_compare("should i learn LoRA or QLoRA first?")
    True
    >>> asks_to_compare("How do tools like DALL·E or Midjourney learn?")
    False
    """
    if _ASKS_COMPARE.search(question):
        return True
    given = EXAMPLES_GIVEN.sub(" ", question)
    return bool(_ASKS_CHOICE.search(given))


def asks_who(question: str) -> bool:
    """Whether a question asks for a person or an organisation ("Who wrote…")."""
    return bool(ASKS_WHO.match(question))


_WHO_RELATION = re.compile(
    r"\b(?:co-?)?(?:founded|founders?|founding|acquired|acquire|acquires|acquisition|bought"
    r"|buys?|owns?|owned|owners?|funds|funded|funding|invested|invests?|investors?|ceo"
    r"|directed|directs|directors?|heads|headed|chairs?|chaired|president)\b",
    re.I,
)
_ASKS_WHERE = re.compile(
    r"^\W*where\b.*?\b(?P<verb>headquartered|headquarters|based|located|founded|born"
    r"|hosted|registered)\b",
    re.I,
)


MADE = re.compile(
    r"(?i:\b(?:introduced|invented|proposed|created|developed|designed|devised|coined|pioneered"
    r"|conceived|discovered|wrote|written|authored|built(?!\s+(?:for|in|on|at|around|of)\b)"
    r"|made(?!\s+(?:up\s+)?(?:of|from)\b)|released|populari[sz]ed|compiled|completed|painted"
    r"|drew(?!\s+(?:support|on|upon|from|back|away|attention|near|crowds|in|into|to)\b)"
    r"|composed|engraved|perfected|imagined|envisaged|founded|publish(?:ed|es)|formulated"
    r"|formali[sz]ed|constructed)\b|\bet\s+al\b"
    # A thought experiment ("Hilary Putnam… imagined…"), a theory argued for: "Lynn Margulis
    # (then Lynn Sagan) argued in 1967 for endosymbiosis" (an astrobiology probe).
    r"|\bargued(?:\s+in\s+\d{4})?\s+for\b"
    # Its makers named as such: "Its designers, Anthemius of Tralles and Isidore of Miletus,
    # were mathematicians…" (an architecture probe).
    r"|\b(?:its|their)\s+(?:designers|architects|builders|inventors|founders|creators)\b)"
    r"|\bby\s+[A-Z]"
    # A timeline's present tense after the name: "1905: Starling introduces the word
    # "hormone"" (endocrinology, genetics and aviation probes were refused).
    # Not a sentence's own first word ("Each gland introduces…"), nor a verb a part does
    # ("Generator G creates synthetic data").
    r"|(?<=[\s(])['‘ʿ]?[A-Z][a-z][\w.-]*\b[^.;:]*?\b(?:introduces|invents|proposes|coins"
    r"|discovers|constructs|founds|found(?=\s+(?:the|an?)\s+[A-Z])|formulates|makes?"
    r"|publish(?=\s+(?:the|an?)\s))\b"  # "…James Cooley and John Tukey publish the FFT"
    # A citation after the thing: "…concept (John Hewlett and Alden Hibbert, 1967, …)".
    r"|\((?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*(?:\s+(?:and|&)\s+|(?=,))){1,3},\s*1[5-9]\d\d\b"
    # "OpenAI’s MuseNet and Google’s Magenta", "Codd's relational model": a maker's work.
    r"|(?P<possessive>\b[A-Z][\w.-]*[’']s\s+\w)"
    # "Albert Tucker (The Prisoner's Dilemma is tested and named)", "John Backus named the…".
    r"|(?i:\b(?:and|was|were|is|are)\s+named\b|\bnamed\s+by\b)|[A-Z]\w+\s+(?:named|dubbed) the\b"
    # "Andrew Tanenbaum and Maarten van Steen define a distributed system as…": who gives
    # a definition made it, named in full ("Protocols define how nodes agree" names no one).
    r"|\b[A-Z][\w.-]*\s+(?:(?:van|von|de|der|da|di|le|la)\s+)?[A-Z][\w.-]*"
    r"\s+(?:define|defines|defined)\b",
)
"""How a line says who made something ("Goodfellow et al., … — introduced GANs", "developed
by OpenAI"), in the past: "Generator G creates synthetic data" says what a part does. A map
or a work is compiled, completed, drawn or painted: "Al-Idrisi… completed in 1154 the Nuzhat
al-mushtaq" (a cartography probe). "Made of" and "drew support" make nothing: "Thin
filaments are made of actin…" answered "who came up with the sliding filament theory", and
"…'Umar ibn Hafsun, who… drew support from converts…" "who founded the emirate of cordoba",
which the row "756: 'Abd al-Rahman I founds…" answers, a name after an apostrophe (probes)."""


def says_who_made(text: str, headings: str = "", subject: Collection[str] = ()) -> bool:
    """Whether a line says who made something: what answers :func:`asks_maker`.

    It says so in words (:data:`MADE`) or sits in rows labelled by their makers
    (:func:`lists_makers`). A possessive of the ``subject`` asked about (stems) is its
    name, not its maker: "Prisoner's Dilemma: Cooperate / Defect…" says nothing of who
    named the Prisoner's Dilemma (a blind train question of the game-theory course).

    >>> says_who_made("Goodfellow et al. (2014) — introduced GANs."), says_who_made("GANs")
    (True, False)
    >>> says_who_made("Prisoner's Dilemma: Cooperate / Defect", subject={"prison", "dilemma"})
    False
    >>> says_who_made("SA node fires, reaching the atrium via Bachmann's bundle", subject={"node"})
    False
    """
    for match in MADE.finditer(f"{text} {headings}"):
        if not match.group("possessive"):
            return True
        possessor = re.split(r"[’']s\s", match.group())
        if set(tokenize(possessor[0])) <= set(subject):
            continue
        # "Codd's relational model" says who made the model asked about; "…via Bachmann's
        # bundle" did not answer "Who discovered the SA node?" (a student's probe).
        following = tokenize(text[match.end() - 1 : match.end() + 40])
        if not subject or (following and following[0] in subject):
            return True
    return lists_makers(headings)


def asks_maker(question: str) -> bool:
    """Whether a who-question asks who made, invented or introduced something.

    >>> asks_maker("who came up with GANs?"), asks_maker("Who uses GANs?")
    (True, False)
    """
    return asks_who(question) and bool(MAKER_VERB.search(question))


def asks_why(question: str) -> bool:
    """Whether the question opens with "why".

    >>> asks_why("Why are GANs hard to train?"), asks_why("How come?")
    (True, False)
    """
    return bool(_WHY.match(question))


_WHY = re.compile(r"^\W*why\b", re.I)


def asks_where(question: str) -> bool:
    """Whether the question asks where ("where was napoleon born").

    >>> asks_where("Where is Runway ML based?"), asks_where("Who is based where?")
    (True, False)
    """
    return bool(_WHERE.match(question))


_WHERE = re.compile(r"^\W*where\b", re.I)


def asked_relation(question: str) -> str:
    """The relation a who- or where-question asks about ("founded", "headquartered"), or "".

    A course table pairing "Anthropic" with "Claude series" says who makes Claude, not
    who founded, runs or owns Anthropic, nor where it is: "Who founded Anthropic?" was
    answered with "Model APIs: OpenAI API, Anthropic Claude…" (train). Only a unit that
    speaks of the founding (directing, headquarters…) answers.

    >>> asked_relation("Which company acquired Amper Music?"), asked_relation("Who made X?")
    ('acquired', '')
    >>> asked_relation("Where is Runway ML headquartered?")
    'headquartered'
    """
    match = _WHO_RELATION.search(question) if asks_who(question) else None
    if match is None:
        # "Where is Runway ML headquartered?" found "Runway ML: Gen‑2, Gen‑3 for video"
        # (a blind train question): a place is stated with the word for it.
        match = _ASKS_WHERE.search(question)
        return match.group("verb").lower() if match else ""
    return match.group().lower()


_WHO_COLUMN = re.compile(
    r"\b(?:organi[sz]ations?|compan(?:y|ies)|authors?|people|persons?|creators?|developers?"
    r"|inventors?|labs?|vendors?|providers?|makers?|publishers?|who|founders?|discoverers?"
    r"|(?:econom|scient|physic|chem|biolog|psycholog|theor|art)ists?|philosophers?"
    r"|composers?|researchers?|thinkers?|writers?|painters?|architects?|engineers?"
    r"|mathematicians?)\b",
    re.I,
)


def lists_makers(context: str) -> bool:
    """Whether a unit's headers say its rows are labelled by who made them.

    "Google DeepMind: Gemini, Imagen, MusicLM" under "Organization | Contributions"
    answers "Who made MusicLM?"; "Examples: Tacotron, WaveNet…" does not answer "Which
    company developed WaveNet?" (blind train questions).
    """
    return bool(_WHO_COLUMN.search(context))


def question_names(question: str) -> list[str]:
    """The capitalised words and acronyms of a question, as written ("MusicLM", "Who").

    >>> question_names("Who made MusicLM, Make-A-Video and DALL·E?")
    ['Who', 'MusicLM', 'Make-A-Video', 'DALL-E']
    """
    return NAME_WORD.findall(question.translate(_HYPHENS))


_ASKS_YES_NO_OF_NAME = re.compile(
    r"^\W*(?i:does|do|did|is|are|was|were|can|will)\s+(?:the\s+)?(?:[A-Z][\w.·-]*\s+)*"
    r"[A-Z][\w.·-]*[A-Z0-9][\w.·-]*\b"
)
"""A yes/no question about a name: "Does Runway Gen-3 generate…", "Is Make-A-Video…"."""


def described_names(question: str) -> frozenset[str]:
    """Stems of the names a what-does or how-does question asks to be told about.

    "What does the CLIPScore metric evaluate?" was answered with "Evaluation Metrics:
    BLEU, FID, CLIPScore, …" over "CLIPScore: Alignment of image and text semantics"
    (a blind train question): a list naming the thing among others says nothing of it.

    >>> sorted(described_names("What does the CLIPScore metric evaluate?"))
    ['clipscor']
    >>> described_names("What is the difference between GANs and VAEs?")
    frozenset()
    """
    if not (asks_mechanism(question) or _ASKS_YES_NO_OF_NAME.match(question)):
        return frozenset()
    if asks_to_compare(question):
        return frozenset()
    # The examples it gives are not what it asks about: "How do flow-based models like
    # RealNVP or Glow work?" is answered by "Flow-based Models: … (RealNVP, Glow)".
    return frozenset(tokenize(" ".join(question_names(question)))) - premise_words(question)


_NAMED_KINDS = (
    r"(?:models|tools|systems|platforms|frameworks|libraries|companies|organi[sz]ations"
    r"|products|apps)"
)
"""Plural: "Which model is given as the example…" asks for one name, and one answers."""
_ASKS_NAMED_EXAMPLES = re.compile(
    rf"\b(?:which|what)\s+"
    rf"(?:(?!(?:is|are|was|were|does|do|did|can|could|should|will|would)\b)[\w-]+\s+){{0,3}}?"
    rf"{_NAMED_KINDS}\s+(?:are|were|does|do|did|can|could|is|was|have|has)\b"
    rf"|\b(?:examples?|exmaples?|exampels?)\b.*\b{_NAMED_KINDS}\b"
    rf"|\b{_NAMED_KINDS}\b.*\b(?:given|named|listed|mentioned)\s+as\s+examples?\b",
    re.IGNORECASE,
)


def asks_for_named_examples(question: str) -> bool:
    """Whether a question asks which models, tools or systems are examples of something.

    "Which models are given as examples of natural language generation?" was answered with
    "Transformer models dominate modern language generation." over "Models like GPT, T5,
    and PaLM generate paragraphs…" (train questions, three wordings): the answer names
    models. "What are diffusion models?" asks what they are.

    >>> asks_for_named_examples("Which models are given as examples of NLG?")
    True
    >>> asks_for_named_examples("give some exampels of text to speach models")
    True
    >>> asks_for_named_examples("What are diffusion models?")
    False
    >>> asks_for_named_examples("What can AI models do with biases in their data?")
    False
    >>> asks_for_named_examples("What are examples of generative AI in healthcare?")
    False
    """
    return bool(_ASKS_NAMED_EXAMPLES.search(question))


_REGISTER = re.compile(
    r",?\s*\b(?:(?:explained\s+|said\s+|put\s+)?in\s+(?:very\s+)?(?:simple|simpler|plain|basic"
    r"|easy|everyday|lay(?:man|person)?'?s?|non-?technical)\s+(?:terms|words|english|language)"
    r"|in\s+a\s+nutshell|in\s+(?:one|a\s+single|a\s+few)\s+(?:sentence|line|words)"
    r"|like\s+i'?m\s+(?:five|5|a\s+(?:child|kid))|eli5|step[\s-]by[\s-]step|in\s+detail)\b",
    re.I,
)
"""How a student wants the answer said, which names nothing to look for."""


def without_register(question: str) -> str:
    """The question without how the student wants it said ("in simple terms", "ELI5").

    "what is generative AI in simple terms" was answered with "Students can build
    simple text generators…", the one line that says "simple" (a probe question).

    >>> without_register("what is generative AI in simple terms")
    'what is generative AI'
    >>> without_register("Explain diffusion models in plain English, please?")
    'Explain diffusion models, please?'
    >>> without_register("aspern essling - what happened there and why is it a big deal")
    'aspern essling - what happened there and why is it important'
    >>> without_register("how does the flu virus get into a cell step by step")
    'how does the flu virus get into a cell'
    """
    stripped = _REGISTER.sub("", question)
    for idiom, plain in _IDIOMS:
        stripped = idiom.sub(plain, stripped)
    stripped = re.sub(r"\s{2,}", " ", stripped).strip()
    return stripped if tokenize(stripped) else question


_IDIOMS = (
    (re.compile(r"\b(?:such\s+)?a\s+(?:big|huge)\s+deal\b", re.I), "important"),
    (re.compile(r"\s*\bback\s+and\s+forth\b", re.I), ""),
    (re.compile(r"\ba\s+(?:bunch|ton|load)s?\s+of\b", re.I), "many"),
    (re.compile(r"\b(?:so\s+)?(?:mad|angry|upset|annoyed)\s+(?:about|at|with)\b", re.I), "about"),
)
"""Idioms whose words name nothing: "why is it a big deal" asks why it is important, and
its "deal" found "Part 1 deals with…" (a blind train question of the Napoleon course);
"what were the 'three administrations' farmers were so mad about" was refused for "mad",
a feeling the notes never name (Korea)."""


CLAUSE_START = r"(?:^|[,;:]\s*(?:and\s+)?|\band\s+)"
"""Where a question's ask begins: its start, or a clause after a comma or an "and"
("Who came up with Gaussian Splatting, and in what year?")."""

_ASKS_CONDITION = re.compile(
    rf"{CLAUSE_START}when (?:is|are)\b|\bwhen (?:does|do|can|should|would)\b", re.I
)
"""A question in the present tense for when something holds ("when does the challenger make
a demand", "when should a firm keep producing"): a condition answers it, rarely a date."""


def asks_condition(question: str) -> bool:
    """True for "When does X happen?", "When should a firm…": a condition, not a date.

    >>> asks_condition("in the crisis bargaining example when does the challenger make a demand")
    True
    >>> asks_condition("When did GANs appear?"), asks_condition("how many layers does it have")
    (False, False)
    """
    return bool(_ASKS_CONDITION.search(question))


_QUOTED = re.compile(r"""(?:^|[\s(])['"‘“](?P<term>[^'"’”?]{2,40})['"’”](?=[\s?.,!)]|$)""")
"""A term the student puts in quotes: "what exactly does 'quality' mean…"."""


def quoted_terms(question: str) -> frozenset[str]:
    """The stems of the term a question quotes, if any: what its answer must name.

    >>> sorted(quoted_terms("what exactly does 'quality' mean for a saturated mixture"))
    ['qualiti']
    >>> quoted_terms("Is Bob's payoff above Ann's?")
    frozenset()
    """
    match = _QUOTED.search(question)
    return frozenset(terms_with_parts(match.group("term"))) if match else frozenset()


_ASKS_NAME_REASON = re.compile(
    r"\bwhy\b[^?]{0,60}?\b(?:called|named|call\s+(?:it|them))\b"
    r"|\b(?:idea|reason|story|meaning)\s+(?:behind|of|for)\s+the\s+name\b"
    r"|\bwhere\s+does\s+the\s+name\b|\bwhy\s+the\s+name\b",
    re.I,
)
NAME_REASON = re.compile(
    r"\bhence\b|\bso[- ]called\s+because\b|\bnamed\s+(?:after|for|because)\b"
    r"|\b(?:gave|give|gives)\s+(?:it|them)\s+(?:the|its|their|this)\s+(?:\w+\s+)?name\b"
    r"|\bcalled\s+[^.]{0,40}\bbecause\b|\bthe\s+(?:term|name|word|label)(?:\s+[\"“‘']?[\w -]{1,40}?"
    r"[\"”’']?)?\s+(?:itself\s+)?(?:was|is|comes?|came|derives?|originated|refers|reflects)\b",
    re.I,
)
"""What says why a thing has its name: "…a base (hence “foundation”)…", "R. H. Fowler gave it
the name…", "The term "Gothic" itself was an insult invented by…" (an architecture probe)."""


def asks_name_reason(question: str) -> bool:
    """True for "Why is it called a foundation model?", "…the idea behind the name".

    >>> asks_name_reason("why is it called a foundaton model, whats the idea behind the naem")
    True
    >>> asks_name_reason("why on earth is it called the ZEROTH law?? who named it that")
    True
    >>> asks_name_reason("Why are diffusion models able to produce high-quality images?")
    False
    """
    return bool(_ASKS_NAME_REASON.search(question))


HEDGE = r"(?:(?:roughly|approximately|about|around)\s+)?"
"""A student's hedge before a question for a quantity: "*Roughly* what was the population…"."""
_MEASURED_OF = re.compile(
    rf"^\W*(?:{HEDGE}(?:what|which)\b.*?\b(?:length|size"
    r"|number|rate|cost|price|speed|duration|doses?|dosage|half-life|level|concentration"
    r"|maximum|minimum|temperature|population)\b(?:\s+[\w-]+){0,2}?"
    r"|how\s+(?:many|much)\s+[a-z]+)"
    r"\s+of\s+(?:the\s+|an?\s+)?(?P<owner>[\w-]+(?:\s+[\w-]+){0,2}?)"
    r"\s*(?:\b(?:for|in|at|during|when|with|on|per|should|does|do|did|is|are|was|were|can"
    r"|would|will|has|have|had|must|form|exist|occur|remain|survive|live|die|there)\b|[?.!,]|$)",
    re.I,
)


def measured_thing(question: str) -> str:
    """What a question for a quantity measures, after its "of" ("…dose *of ibuprofen*"), or "".

    "What is the maximum daily dose of ibuprofen for an adult?" was answered with "EC50 (or
    ED50 for doses…), the concentration producing 50% of the maximum response", of notes
    that give no dose of ibuprofen (a student's probe of a pharmacology course): the number
    must be the measured thing's. So must a count's: "How many litres of water should an
    adult drink each day?" was answered "Of the 8–9 litres of food, drink and secretions
    that enter the gut each day…" (a nutrition probe; the notes give no intake).

    >>> measured_thing("What is the maximum daily dose of ibuprofen for an adult?")
    'ibuprofen'
    >>> measured_thing("What is the half-life of the drug?"), measured_thing("Who won?")
    ('drug', '')
    >>> measured_thing("How many litres of water should an adult drink each day?")
    'water'
    >>> measured_thing("How many pairs of somites form?")  # an embryology probe was refused
    'somites'
    >>> measured_thing("Roughly what was the population of Constantinople under Justinian?")
    'Constantinople under Justinian'
    """
    match = _MEASURED_OF.search(question)
    return match.group("owner") if match else ""


def title_case(question: str) -> bool:
    """Whether a question is typed in Title Case: then capitals name nothing.

    A small word capitalised after the first ("What *Is* The…") says so; a short question
    naming a thing of two capitalised words does not ("What was the XYZ Affair?" was
    read as Title Case and answered with "Indian affairs", a student's probe).

    >>> title_case("What Is The Transformer Architecture?"), title_case("What was the XYZ Affair?")
    (True, False)
    """
    rest = question.split()[1:]
    if any(w[:1].isupper() and w.lower().strip("?.,!") in _SMALL_WORDS for w in rest):
        return True
    return len(rest) >= 3 and sum(w[:1].isupper() for w in rest) > 0.75 * len(rest)


_SMALL_WORDS = frozenset({
    "is", "are", "was", "were", "the", "a", "an", "of", "in", "on", "to", "for", "and", "or",
    "does", "do", "did", "can", "how", "what", "why",
})  # fmt: skip


_ASKS_REMEDY_OF = re.compile(
    r"\b(?P<remedy>antidotes?|cures?|treatments?|remed(?:y|ies)|vaccines?)\s+(?:for|of|to)\s+"
    r"(?:an?\s+|the\s+)?(?P<thing>[^?,;:()]+)",
    re.I,
)
_ASKS_HOW_TREATED = re.compile(
    r"^\W*how\s+(?:is|are|was|were|do\s+(?:you|doctors|we)|should\s+you)\s+"
    r"(?:an?\s+|the\s+)?(?P<thing>[^?,;:()]+?)\s+(?:be\s+)?(?:treated|treat|cured|cure)\b",
    re.I,
)
"""A question for a treatment by its verb: "How is restless legs syndrome treated?" was
answered with the row "…restless legs syndrome (covered in: —)" (a sleep probe)."""
_REMEDY_STARTS = {"cure": "cur", "treatment": "treat", "remedi": "remed", "remedy": "remed"}
"""The stem's beginning that its verb shares: "treated" states a treatment, "cured" a cure."""


def asked_remedy(question: str) -> tuple[str, list[str]]:
    """The start of the remedy a question asks for ("antidot"), and what it treats.

    >>> asked_remedy("What is the antidote for a digoxin overdose?")
    ('antidot', ['digoxin', 'overdos'])
    >>> asked_remedy("What is the treatment of shock?"), asked_remedy("What is digoxin?")
    (('treat', ['shock']), ('', []))
    >>> asked_remedy("How is restless legs syndrome treated?")
    ('treat', ['restless', 'leg', 'syndrom'])
    """
    treated = _ASKS_HOW_TREATED.search(question)
    if treated is not None:
        return "treat", tokenize(treated.group("thing"))
    match = _ASKS_REMEDY_OF.search(question)
    if match is None:
        return "", []
    remedy = tokenize(match.group("remedy"))
    start = _REMEDY_STARTS.get(remedy[0], remedy[0]) if remedy else ""
    return start, tokenize(match.group("thing"))


_ASKS_FOR_SEVERAL = re.compile(
    r"\b(which|what are|list|name|examples?|types?|kinds?|stages?|steps?|phases?|"
    r"components?|applications?|uses|methods|techniques|risks|ways|families|metrics|each"
    # A change's factors: "What makes the collecting duct secrete more potassium?" (renal);
    # a model explained by its parts: "Can you explain the two-process model…" (sleep).
    r"|what\s+(?:makes|increases|decreases|raises|lowers|affects|influences|determines)"
    r"|^\W*(?:(?:can|could)\s+(?:you|u|someone)\s+)?(?:explain|describe))\b",
    re.I,
)
_PLURAL = re.compile(r"\b[a-z]{3,}[^su\W]s\b")
STANDS_FOR = re.compile(
    r"^\W*what\s+(?:does|do|did)\s+(?:the\s+)?(?P<names>.+?)\s+stand\s+for\b", re.I
)
"""What names stand for is said of them: "what do P and V stand for…" listed P(S), V(S)."""


def asks_for_several(question: str) -> bool:
    """True for questions answered by a list ("which", "examples", "prerequisites")."""
    return not STANDS_FOR.match(question) and bool(
        _ASKS_FOR_SEVERAL.search(question) or _PLURAL.search(question.lower())
        or ASKS_PREREQUISITES.search(question)  # "what do I need to know before…"
    )  # fmt: skip
