"""Answers on eight courses students probed: renal physiology, the Russian Revolution, the
Mongol Empire, volcanology, neuroscience, jazz, sleep and ancient Greece, and a Spanish
Civil War case left from the round before.

Each helper wrote 20 questions from the notes before asking any (docs/evaluation.md, the
forty-seventh round); each case here answered wrongly or refused before. Pure logic: no
model is loaded, similarity is given, and the statistics are made up to the notes'
proportions.
"""

from __future__ import annotations

from rag.answer.asked import asked_detail, question_weights, term_coverage, unit_terms
from rag.answer.citations import attribute_uncited
from rag.answer.evidence import EvidenceUnit, ScoredUnit, split_units
from rag.answer.extractive import asks_for_several, choose_units
from rag.answer.headed import pronoun_named
from rag.answer.lists import labelled_paragraphs
from rag.answer.names import unheld_thing
from rag.answer.ordering import (
    another_case,
    explaining_first,
    named_in_paragraph_first,
    reordered,
)
from rag.answer.question_forms import asked_remedy, asks_maker
from rag.answer.reading import question_words_respelled
from rag.answer.reasons import reasons_before, reasons_listed
from rag.answer.scope import answer_found, explains
from rag.answer.steps import numbered_steps
from rag.answer.trimmed import answering_part, without_objective
from rag.retrieval.keyword import TermStatistics
from rag.text.chunks import (
    counts_paragraphs,
    labelled_paragraphs_in,
    opens_formula,
    opens_labelled_paragraph,
)

FAULT_LINES = """## 1. Why Spain? The Long-Term Fault Lines

Spain carried a set of unresolved conflicts that made compromise unusually hard. Think of \
four overlapping questions, each pitting reformers against defenders of the existing order.

The **land question**: in the south, agriculture was dominated by huge estates.

The **religious question**: the Catholic Church controlled much of education.

The **military question**: the army had far too many officers. Franco was one of them.

The **regional question**: Catalonia and the Basque Country had their own languages.
"""


def _ranked(units, weights, scores):  # type: ignore[no-untyped-def]
    return [ScoredUnit(u, s, 0.5, 0.5, weights=weights) for u, s in zip(units, scores, strict=True)]


def _found(question: str, stats: TermStatistics, unit: EvidenceUnit) -> bool:
    """Whether the material states what ``question`` asks, ``unit`` being the best evidence."""
    weights = question_weights(question, stats)
    return answer_found(question, weights, stats, [ScoredUnit(unit, 0.35, 0.8, 0.6)])


def test_the_paragraphs_a_lead_in_counts_are_the_list() -> None:
    """ "What were the main long-term problems in Spain that made the war more likely?" was
    answered with the lead-in alone; the four labelled paragraphs after it are the answer."""
    units = split_units(0, FAULT_LINES)
    lead = units[0]
    openings = [u.text.split(":")[0] for u in labelled_paragraphs(lead, units)]
    assert openings == [
        "The land question",
        "The religious question",
        "The military question",
        "The regional question",
    ]
    # Three of the four are not the four the paragraph counts.
    cut = FAULT_LINES.split("The **regional")[0]
    assert labelled_paragraphs(lead, split_units(0, cut)) == []


def test_a_chunk_counting_labelled_paragraphs_reads_on() -> None:
    """The lead-in ended one chunk and the four paragraphs filled the next two; retrieval
    reads on only from a chunk whose last paragraph counts, into labelled paragraphs."""
    first, rest = FAULT_LINES.split("\n\nThe **land")
    assert counts_paragraphs(first) == 4
    assert opens_labelled_paragraph("The **land" + rest)
    assert labelled_paragraphs_in("The **land" + rest) == 4
    assert counts_paragraphs("Spain had problems.\n\nThe army was large.") == 0
    assert not opens_labelled_paragraph("The army had far too many officers.")


def test_the_cause_of_a_thing_no_passage_names_is_not_answered() -> None:
    """ "What causes kidney stones to form?" was answered with diabetes insipidus: the renal
    notes name no stone."""
    held = [{"kidney", "caus", "diabet", "insipidus"}, {"kidney", "adh"}]
    assert unheld_thing("What causes kidney stones to form?", held) == "kidney stones"
    assert unheld_thing("What causes diabetes insipidus?", held) == ""


def test_a_people_is_held_by_its_place() -> None:
    """ "how many ppl died in the ukranian famin" was refused: "…some 3.5–3.9 million in
    Ukraine" holds no "Ukrainian". A musician is no people of "Music", though."""
    weights = {"ukrainian": 4.0, "die": 2.6, "famin": 2.3, "peopl": 1.7}
    sentence = "Between five and seven million people died, including 3.5 million in Ukraine."
    assert term_coverage(weights, sentence) == (4.0 + 2.6 + 1.7) / sum(weights.values())
    assert term_coverage({"musician": 3.9, "work": 0.9}, "AI Music Composition: Music") < 0.5
    stats = TermStatistics(86, {"ukrainian": 2, "die": 6, "famin": 8, "peopl": 20, "ukrain": 3})
    question = "how many people died in the ukrainian famine"
    assert _found(question, stats, *split_units(0, sentence))


def test_how_much_and_compared_frame_a_question() -> None:
    """ "How much coal did the Soviet Union produce in 1928 compared to 1937?" was refused,
    "the material never uses “compared”"."""
    stats = TermStatistics(86, {"coal": 2, "1928": 2, "1937": 3, "union": 2})
    weights = question_weights(
        "How much coal did the Soviet Union produce in 1928 compared to 1937?", stats
    )
    assert weights["much"] < weights["coal"]
    assert weights["compar"] < weights["coal"]


def test_a_typed_different_is_read_as_meant() -> None:
    """ "why did the mongol empire break up into diffrent khanates?" was refused, "the
    material never uses “diffrent”"."""
    assert question_words_respelled("break up into diffrent khanates") == (
        "break up into different khanates"
    )


def test_this_is_why_comes_with_the_sentence_before() -> None:
    """ "Why is the February Revolution sometimes said to have happened in March?" quoted
    "This is why the “February Revolution” took place in March…" without its reason."""
    notes = (
        "A warning about dates. Until February 1918 Russia used the Julian calendar, which "
        "ran thirteen days behind the Gregorian calendar. This is why the February "
        "Revolution took place in March by Western reckoning.\n"
    )
    units = split_units(0, notes)
    question = "Why is the February Revolution sometimes said to have happened in March?"
    assert [u.text[:15] for u in reasons_before(question, units[-1], units)] == ["Until February "]


FLUX = """## 3. How Rocks Melt

1. **Decompression melting.** Rising mantle crosses its solidus as pressure falls.
2. **Flux melting.** Water lowers the solidus by several hundred degrees, and the mantle \
wedge above a subducting slab partially melts.

| Setting | Process | Melting process |
|---|---|---|
| Convergent boundary (subduction zone) | One plate sinks beneath another | Flux melting |
"""


def test_a_how_question_is_answered_by_the_unit_about_the_thing() -> None:
    """ "How does flux melting work at subduction zones?" was refused: the table row naming
    flux melting in a cell led, and "**Flux melting.** Water lowers…" was about nothing."""
    units = split_units(0, FLUX)
    item = next(u for u in units if u.text.startswith("Flux"))
    row = next(u for u in units if u.kind == "table_row")
    assert item.subject == "Flux melting"
    weights = {"flux": 3.3, "subduct": 2.9, "zone": 2.3, "melt": 1.7, "work": 1.3}
    question = "How does flux melting work at subduction zones?"
    ranked = _ranked([row, item], weights, [0.84, 0.57])
    first = explaining_first(question, ranked)
    assert first[0].unit == item
    assert explains(question, first, weights)


def test_a_heading_naming_two_cases_does_not_say_which_a_figure_is_of() -> None:
    """ "What VEI did the 1991 Pinatubo eruption get?" was answered "The eruption rated VEI
    5. It rated VEI 6": the first is Mount St Helens', under a heading naming both."""
    notes = """## 8. Case Studies: Mount St Helens (1980) and Pinatubo (1991)

**Mount St Helens, Washington, USA.** The eruption is a model for how a volcano reawakens.

Fifty-seven people died, including David Johnston. The eruption rated VEI 5.

**Pinatubo, Philippines.** Pinatubo had not erupted for about 500 years. It rated VEI 6.
"""
    units = split_units(0, notes)
    helens = next(u for u in units if u.text.endswith("VEI 5."))
    pinatubo = next(u for u in units if u.text.endswith("VEI 6."))
    weights = {"vei": 2.3, "1991": 2.2, "pinatubo": 2.1, "erupt": 1.0}
    question = "What VEI did the 1991 Pinatubo eruption get?"
    ranked = named_in_paragraph_first(question, _ranked([helens, pinatubo], weights, [0.62, 0.54]))
    assert ranked[0].unit == pinatubo
    assert another_case(question, ranked[0], ranked[1])
    # Scoring below the lead, it was not passed over: "the Civil Code (1804) fixed
    # equality…" after "1804: Civil Code; Napoleon crowned Emperor." under a heading
    # "Napoleon: Consulate and Empire".
    assert not another_case(question, ranked[0], ScoredUnit(helens, 0.5, 0.5, 0.5))
    chosen = choose_units(question, ranked, units).units
    assert [u.text for u in chosen] == ["Pinatubo, Philippines: It rated VEI 6."]


def test_the_notes_own_why_question_heads_the_reasons() -> None:
    """ "Why did the Mongols leave Hungary in 1242…?" quoted a sentence after the four
    reasons the notes list under "Why did the Mongols withdraw in 1242?"; "why did the
    mongol empire break up…" one after the five under "9. Why Did the Empire Fragment?"."""
    notes = """## 9. Why Did the Empire Fragment?

Structural factors pushed toward division:

- **Succession.** Without primogeniture, every reign ended in conflict.
- **Distance.** Even the yam could not make a ruler in Karakorum govern Iran.

Yet fragmentation did not end the Mongol world: the khanates still shared legitimacy.
"""
    units = split_units(0, notes)
    weights = {"≈fragment": 2.6, "mongol": 1.0, "empir": 1.0, "khanat": 1.0}
    yet = units[-1]
    items = [u for u in units if u.kind == "list_item"]
    ranked = _ranked([yet, *items], weights, [0.69, 0.52, 0.50])
    question = "why did the mongol empire break up into different khanates?"
    assert reasons_listed(question, ranked, units) == items
    # Far below the best, the list is not the answer.
    assert reasons_listed(question, _ranked([yet, *items], weights, [0.9, 0.5, 0.5]), units) == []


def test_how_it_goes_is_the_sequence_a_lead_in_announces() -> None:
    """ "How does tubuloglomerular feedback bring GFR back down when blood pressure
    rises?" quoted the lead-in and step 1 of six."""
    notes = """**Tubuloglomerular feedback (TGF)** links the fluid arriving at the end of the \
loop to the filtration rate of the same nephron. The sequence is:

1. Arterial pressure rises, so GFR increases transiently.
2. More NaCl is delivered to the macula densa.
3. The afferent arteriole constricts, and GFR returns toward normal.
"""
    units = split_units(0, notes)
    lead = ScoredUnit(units[0], 0.6, 0.6, 0.6)
    question = "How does tubuloglomerular feedback bring GFR back down when blood pressure rises?"
    steps = numbered_steps(question, lead, units, [lead])
    assert [u.ordinal for u in steps] == [1, 2, 3]


def test_what_makes_a_change_asks_for_its_factors() -> None:
    """ "What makes the collecting duct secrete more potassium?" quoted "The amount excreted
    is therefore controlled by secretion…", not the four factors after "Secretion
    increases with:"."""
    assert asks_for_several("What makes the collecting duct secrete more potassium?")
    assert not asks_for_several("What is the collecting duct?")


def test_the_death_toll_is_of_the_lake_the_paragraph_opens_on() -> None:
    """ "How many people died at Lake Nyos?" was refused: "…suffocating about 1,700 people"
    says neither "died" nor "Nyos", which the paragraph's first sentence names."""
    notes = (
        "The most striking gas disaster occurred at Lake Nyos in Cameroon on 21 August 1986. "
        "Magmatic CO2 had accumulated in the crater lake's deep water; when the lake "
        "overturned, a cloud of CO2 poured down the valleys, suffocating about 1,700 people. "
        "A smaller event at nearby Lake Monoun in 1984 killed 37.\n"
    )
    units = split_units(0, notes)
    toll = units[1]
    assert "die" in unit_terms(toll.text)
    stats = TermStatistics(96, {"nyo": 2, "die": 3, "lake": 5, "peopl": 10})
    question = "How many people died at Lake Nyos?"
    assert _found(question, stats, toll)


def test_a_sentence_of_a_list_item_is_cited_where_the_item_is() -> None:
    """ "Flux melting." opened a list item cited [2] at its end; it was given [1], a table
    row that names flux melting too."""
    answer = "- Flux melting. Water lowers the solidus [2]."
    passages = ["Convergent boundary: flux melting", "Flux melting. Water lowers the solidus."]
    assert (
        attribute_uncited(answer, passages) == "- Flux melting [2]. Water lowers the solidus [2]."
    )


def test_a_sequence_two_of_whose_steps_score_close_answers_how() -> None:
    """ "How does ADH actually make the collecting duct permeable to water?" quoted a
    sentence restating the question and step 6, not the six steps of "the following
    cellular sequence"."""
    notes = """Water permeability of the collecting duct is low without ADH and high with it.

At the collecting duct, ADH acts through the following cellular sequence:

1. ADH binds the V2 receptor on principal cells.
2. The receptor activates adenylyl cyclase and cyclic AMP.
3. Vesicles containing AQP2 fuse with the apical membrane, making it water-permeable.
"""
    units = split_units(0, notes)
    lead, _, first, _, third = units
    weights = {"permeabl": 2.9, "adh": 2.0, "duct": 1.7, "collect": 1.7, "water": 1.3}
    ranked = _ranked([lead, third, first], weights, [0.69, 0.46, 0.43])
    question = "How does ADH actually make the collecting duct permeable to water?"
    assert [u.ordinal for u in numbered_steps(question, ranked[0], units, ranked)] == [1, 2, 3]
    # One step alone is not the sequence.
    assert numbered_steps(question, ranked[0], units, ranked[:2]) == []


def test_a_list_the_next_sentence_announces_goes_on_from_the_lead() -> None:
    """ "What makes the collecting duct secrete more potassium?" quoted "The amount excreted
    is therefore controlled by secretion…" alone; "Secretion increases with:" and four
    factors follow it."""
    notes = """## 5. Potassium Homeostasis

The amount excreted is therefore controlled by secretion in the collecting \
duct. Secretion increases with:

- **Raised plasma K⁺**, directly and by stimulating aldosterone.
- **Aldosterone**, which increases ENaC activity.
- **High distal flow rate**, which keeps luminal K⁺ low.
"""
    units = split_units(0, notes)
    weights = {"potassium": 3.1, "duct": 1.7, "collect": 1.7, "secret": 1.3}
    ranked = _ranked(units[:1], weights, [0.69])
    chosen = choose_units("What makes the collecting duct secrete more potassium?", ranked, units)
    assert chosen.as_list
    assert [u.text.split(",")[0] for u in chosen.units] == [
        "Raised plasma K⁺",
        "Aldosterone",
        "High distal flow rate",
    ]


def test_a_long_list_item_is_cut_to_the_sentence_that_answers() -> None:
    """ "What territory and people did Russia lose in the Treaty of Brest-Litovsk?" quoted a
    six-sentence item whole, the losses fifth after the party's debate."""
    notes = """## 5. Peace

- **Brest-Litovsk.** Peace with Germany divided the party. Bukharin's Left Communists \
wanted a "revolutionary war". After a renewed German advance, the Treaty of Brest-Litovsk \
was signed on 3 March 1918. Russia lost the Baltic provinces, Belorussian territory and \
Ukraine: around a third of its population. The capital moved from Petrograd to Moscow.
- **Civil war.** The Whites rose.
"""
    units = split_units(0, notes)
    weights = {"territori": 3.0, "lose": 2.5, "russia": 1.0, "brest-litovsk": 2.0, "peopl": 1.5}
    chosen = choose_units(
        "What territory and people did Russia lose in the Treaty of Brest-Litovsk?",
        _ranked(units, weights, [0.6, 0.1]),
        units,
    )
    assert [u.text for u in chosen.units] == [
        "Brest-Litovsk: Russia lost the Baltic provinces, Belorussian territory and Ukraine: "
        "around a third of its population."
    ]


def test_who_started_asks_who_made_it() -> None:
    """ "Who started the Jazz Messengers?" was refused, "started" weighing as much as the
    band's name; "…the Jazz Messengers, co-founded by drummer Blakey and pianist Horace
    Silver about 1954" answers it. "Who came up with the word synapse?" was refused for
    "word"."""
    stats = TermStatistics(98, {"start": 2, "messeng": 2, "jazz": 90, "synaps": 40})
    weights = question_weights("Who started the Jazz Messengers?", stats)
    assert weights["start"] < weights["messeng"]
    weights = question_weights("Who came up with the word synapse?", stats)
    assert weights["word"] < question_weights("Who uses a messengers?", stats)["messeng"] / 2


def test_a_band_is_counted_in_players_of_its_decade() -> None:
    """ "How many musicians did a typical big band have in the late 1930s?" was refused:
    "A typical late-1930s band had 13–16 players" says neither "musicians" nor "1930s"."""
    notes = "- **Sections** — brass and reeds. A typical late-1930s band had 13–16 players.\n"
    (unit,) = split_units(0, notes)
    assert "1930s" in unit_terms(unit.text)
    stats = TermStatistics(98, {"musician": 20, "1930s": 1, "late-1930": 1, "band": 60})
    question = "How many musicians did a typical big band have in the late 1930s?"
    assert _found(question, stats, unit)


def test_a_count_is_of_what_the_paragraph_opens_on() -> None:
    """ "How many neurons are there in the human brain?" was refused: "Careful cell counts
    … put the number of neurons at about 86 billion" follows "The adult human brain
    weighs…", which led the evidence with a number of kilograms."""
    notes = (
        "The adult human brain weighs roughly 1.3–1.4 kg, about 2% of body mass. Careful "
        "cell counts put the number of neurons at about 86 billion.\n"
    )
    weighs, counts = split_units(0, notes)
    weights = {"human": 3.7, "brain": 2.2, "neuron": 1.0}
    question = "How many neurons are there in the human brain?"
    ranked = reordered(question, _ranked([weighs, counts], weights, [0.61, 0.34]))
    assert ranked[0].unit == counts
    stats = TermStatistics(97, {"human": 3, "brain": 20, "neuron": 60})
    assert answer_found(question, question_weights(question, stats), stats, ranked)


def test_a_sentence_listing_the_members_asked_for_answers_who() -> None:
    """ "Who were the musicians in Louis Armstrong's Hot Five?" quoted the list of
    Armstrong's contributions under a heading naming the Hot Five, not the sentence
    naming the band's members."""
    notes = """## 7. Louis Armstrong and the Hot Five

In late 1925 he began recording with a studio group, the **Hot Five**: Armstrong, Lil \
Hardin Armstrong (piano), Kid Ory (trombone) and Johnny Dodds (clarinet).

Armstrong's contributions:

- **The soloist at the center.** His choruses had a dramatic shape.
- **Swing.** His relaxed phrasing taught a generation how to swing.
"""
    units = split_units(0, notes)
    weights = {"loui": 2.2, "hot": 2.2, "five": 2.2, "armstrong": 1.9, "musician": 1.5}
    members, *items = units
    ranked = [ScoredUnit(members, 0.75, 0.94, 0.67, weights=weights)]
    ranked += _ranked(items, weights, [0.6, 0.55])
    chosen = choose_units("Who were the musicians in Louis Armstrong's Hot Five?", ranked, units)
    assert chosen.units[0].text.startswith("In late 1925 he began recording")


def test_it_is_not_read_as_the_heading_when_its_paragraph_opens_on_another_thing() -> None:
    """ "What does the Nernst equation calculate?" quoted "The resting membrane potential:
    It is given by the Nernst equation", false: "It" is the equilibrium potential the
    paragraph opens on, which names it instead."""
    notes = """## 8. The resting membrane potential

The **equilibrium potential** of an ion is the membrane potential at which the forces on \
it balance. It is given by the **Nernst equation**.
"""
    _, given = split_units(0, notes)
    assert pronoun_named(given).text == (
        "Equilibrium potential of an ion: It is given by the Nernst equation."
    )


def test_a_long_labelled_item_keeps_its_label_for_the_sentence_quoted() -> None:
    """ "what happened to marshal ney after waterloo" quoted "18 June, Waterloo: Napoleon
    delayed his attack…", the label's word winning the first sentence of five."""
    text = (
        "18 June, Waterloo: Napoleon delayed his attack until late morning. The assault on "
        "Hougoumont failed. Ney's massed cavalry charges against the squares all failed. "
        "La Haye Sainte fell only in the evening. The Prussians arrived."
    )
    item = EvidenceUnit(0, 0, len(text), text, "list_item", subject="18 June, Waterloo")
    weights = {"waterloo": 3.0, "ney": 2.4, "marshal": 2.2}
    asked = "what happened to marshal ney after waterloo, did he get executed"
    assert answering_part(asked, item, weights).text == (
        "18 June, Waterloo: Ney's massed cavalry charges against the squares all failed."
    )


def test_a_row_of_names_and_dates_does_not_say_what_a_thing_is() -> None:
    """ "What is modal jazz?" was answered with the overview row "Modal jazz: 1958–1960s
    (key figures: Miles Davis…; landmark recording: Kind of Blue (1959))", not the
    notes' "Modal jazz offered an alternative. Instead of a new chord every beat or two,
    a piece rests on a single mode…"."""
    notes = """## 1. Overview

| Style | Years | Key figures |
|---|---|---|
| Modal jazz | 1958–1960s | Miles Davis, Bill Evans |

## 5. Modal Jazz

By the late 1950s soloists were racing through chord changes. Modal jazz offered an \
alternative. Instead of a new chord every beat or two, a piece rests on a single mode.
"""
    units = split_units(0, notes)
    row = units[0]
    offered = next(u for u in units if u.text.startswith("Modal jazz offered"))
    weights = {"modal": 1.0, "jazz": 1.0}
    chosen = choose_units(
        "What is modal jazz?", _ranked([row, offered], weights, [1.0, 0.8]), units
    )
    assert [u.text[:20] for u in chosen.units] == ["Modal jazz offered a", "Instead of a new cho"]


def test_an_item_saying_how_is_quoted_whole() -> None:
    """ "How does myelin make nerve signals travel faster?" was cut to the jump from node to
    node, without "Myelin raises membrane resistance…", the sentence saying how."""
    text = (
        "Myelination — the vertebrate strategy. Myelin raises membrane resistance, so "
        "current flows with little loss to the next node. The action potential is "
        "regenerated only at nodes. This is faster. It is also cheaper in energy."
    )
    item = EvidenceUnit(0, 0, len(text), text, "list_item")
    weights = {"myelin": 2.0, "signal": 1.0, "faster": 1.5}
    assert answering_part("How does myelin make signals travel faster?", item, weights) == item
    assert answering_part("Why is myelin faster?", item, weights) == item
    assert answering_part("What is faster?", item, weights) != item


def test_words_a_student_uses_for_the_notes_own() -> None:
    """Refused or answered off the notes' words: "so what were minoan palaces actualy for?"
    ("actualy"), "…able to beat the Persians…" of "Why the Greeks Won", "What reasons did
    Greek cities have for sending out colonies?" of "Motives…" and "Thera sent colonists",
    "Who worked out how to read Linear B…?" of "deciphered … by Michael Ventris"."""
    assert question_words_respelled("what were minoan palaces actualy for?") == (
        "what were minoan palaces actually for?"
    )
    stats = TermStatistics(105, {"won": 3, "motiv": 2, "sent": 4, "greek": 90, "persian": 30})
    weights = question_weights("Why were the Greeks able to beat the Persians?", stats)
    assert weights.get("≈defeat", 0) > 0
    assert "≈defeat" in unit_terms("Why the Greeks Won")
    weights = question_weights(
        "What reasons did Greek cities have for sending out colonies?", stats
    )
    assert "sent" in weights and "≈motiv" in weights
    assert asks_maker("Who worked out how to read Linear B, and when?")
    assert not asks_maker("who worked out that cholera was spread through water")  # found


def test_the_notes_why_heading_need_not_ask() -> None:
    """ "Why were the Greeks able to beat the Persians in 480-479 BC?" quoted a timeline row,
    not the four explanations under "9. Why the Greeks Won, and What Followed"."""
    notes = """## 9. Why the Greeks Won, and What Followed

Students should be able to weigh several explanations:

- **Terrain and tactics**: narrow places neutralised Persian numbers.
- **Naval power**: Themistocles' fleet was decisive at Salamis.
"""
    units = split_units(0, notes)
    items = [u for u in units if u.kind == "list_item"]
    weights = {"≈defeat": 3.0, "greek": 1.1, "persian": 1.0}
    ranked = _ranked(items, weights, [0.5, 0.45])
    question = "Why were the Greeks able to beat the Persians in 480-479 BC?"
    assert reasons_listed(question, ranked, units) == items


def test_a_how_question_is_not_answered_by_a_line_about_a_part_of_the_thing() -> None:
    """ "How does the molecular clock feedback loop work in mammals?" was refused: "The loop
    matters for humans: familial advanced sleep phase syndrome…", read as about the loop,
    led the five numbered steps of the loop."""
    notes = "The loop matters for humans: a PER2 mutation advances sleep.\n"
    (matters,) = split_units(0, notes)
    steps = split_units(1, "1. In the morning, CLOCK and BMAL1 bind E-boxes.\n")
    weights = {"feedback": 4.2, "loop": 3.1, "mammal": 2.9, "molecular": 2.7, "clock": 1.0}
    question = "How does the molecular clock feedback loop work in mammals?"
    ranked = _ranked([steps[0], matters], weights, [0.6, 0.45])
    assert explaining_first(question, ranked)[0].unit == steps[0]


def test_explaining_a_model_is_the_list_of_its_parts() -> None:
    """ "Can you explain the two-process model of sleep regulation?" quoted only who proposed
    it; "…result from the interaction of two processes:" and the two follow."""
    assert asks_for_several("Can you explain the two-process model of sleep regulation?")
    assert asks_for_several("can u explain the bully algorithm")


def test_how_a_condition_is_treated_asks_for_a_remedy() -> None:
    """ "How is restless legs syndrome treated?" was answered with a classification row
    "…restless legs syndrome (covered in: —)": no line names a treatment of it."""
    assert asked_remedy("How is restless legs syndrome treated?") == (
        "treat",
        ["restless", "leg", "syndrom"],
    )


def test_how_to_calculate_is_the_formula_a_line_announces() -> None:
    """ "how do u calculate free water clearance" quoted the sign of C_H₂O, not "A useful
    quantitative tool is free-water clearance…:" and the formula after it, which opened
    the next chunk."""
    notes = """A useful quantitative tool is **free-water clearance (C_H₂O)**, the volume of \
solute-free water removed from the plasma per minute:

**C_H₂O = V − C_osm**, where **C_osm = (U_osm × V) / P_osm**

When urine is concentrated, C_H₂O is negative.
"""
    units = split_units(0, notes)
    tool, formula, concentrated = units
    weights = {"free-wat": 4.4, "calcul": 3.9, "free": 3.9, "clearanc": 2.3}
    ranked = [
        ScoredUnit(concentrated, 0.31, 0.33, 0.34, weights=weights),
        ScoredUnit(tool, 0.29, 0.75, 0.55, weights=weights),
    ]
    question = "how do you calculate free water clearance"
    chosen = choose_units(question, reordered(question, ranked), units).units
    assert chosen[:2] == [tool, formula]
    assert opens_formula("**C_H₂O = V − C_osm**, where…\n\nWhen urine is dilute")


def test_a_list_the_lead_sets_against_what_is_asked_is_not_its_answer() -> None:
    """ "What did Thucydides think was the real cause of the Peloponnesian War?" quoted the
    immediate disputes, which Thucydides set against the "truest cause" the best sentence
    names."""
    notes = """## 3. Causes of the Peloponnesian War

Thucydides distinguished between the immediate grievances and the "truest cause": "the \
growth of Athenian power and the fear this caused in Sparta". The immediate disputes were:

- **Corcyra (435–433)**: Athens made a defensive alliance with Corcyra.
- **Potidaea (432)**: a Corinthian colony revolted and was besieged.
"""
    units = split_units(0, notes)
    weights = {"real": 5.4, "thucydid": 3.0, "caus": 3.0, "peloponnesian": 2.8, "war": 1.0}
    ranked = _ranked(units[:1], weights, [0.59])
    question = "What did Thucydides think was the real cause of the Peloponnesian War?"
    chosen = choose_units(question, ranked, units)
    assert [u.text[:10] for u in chosen.units] == ["Thucydides"]


def test_an_organic_chemistry_and_an_ancient_china_probe() -> None:
    """ "Why does ethanol boil … when they have the same formula?" was refused for want of
    a formula; "Why is acetylene so much more acidic than ethane?" quoted "We will use this
    to explain why acetylene is far more acidic than ethane."; "How much did China's
    registered population drop after the An Lushan Rebellion?" was refused, "the material
    never uses “drop”", and for "China", the course's own subject."""
    assert asked_detail("Why does ethanol boil higher when they have the same formula?") is None
    assert asked_detail("What's the formula for free-water clearance?") == "formula"
    promise = "We will use this to explain why acetylene is far more acidic than ethane."
    assert split_units(0, promise + " Acetylene has pKa 25.\n")[0].text.startswith("Acetylene")
    notes = "## 9. The An Lushan Rebellion\n\nRegistered population fell from about 53 million "
    notes += "(754) to about 17 million (764), reflecting deaths.\n"
    (fell,) = split_units(0, notes)
    frequency = {"china": 40, "regist": 2, "fell": 5, "popul": 3, "lushan": 6, "rebellion": 9}
    stats = TermStatistics(95, frequency)
    question = "How much did China's registered population drop after the An Lushan Rebellion?"
    assert "≈fall" in question_weights(question, stats)
    assert _found(question, stats, fell)


def test_the_notes_learning_objective_is_not_read_to_the_student() -> None:
    """ "wat was the hammer and anvil tactic alexandr used" and "why do u feel pain twice
    when u stub ur toe" opened "Students should be able to explain…": the point after it
    is the answer."""
    text = (
        "Students should be able to explain why you feel a sharp first pain and then a dull "
        "second pain: the first is carried by Aδ fibres, the second by slower C fibres."
    )
    unit = EvidenceUnit(0, 0, len(text), text, "sentence")
    assert answering_part("why do you feel pain twice?", unit, {"pain": 1.0}).text == (
        "You feel a sharp first pain and then a dull second pain: the first is carried by "
        "Aδ fibres, the second by slower C fibres."
    )
    task = "Students should be able to explain why the changes were largely peaceful."
    assert without_objective(EvidenceUnit(0, 0, len(task), task, "sentence")).text == task
