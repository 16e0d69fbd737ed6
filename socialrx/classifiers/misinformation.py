"""Health misinformation in an inbound post: a trained linear model (``socialrx train
misinformation``).

Logistic regression over the shared hashed word uni+bigrams (``features.py``), trained on the
CONSTRAINT 2021 COVID-19 fake-news posts (claims debunked by fact-checkers versus posts from
official sources); the score is the model's probability shifted so that 0.5 is the threshold
tuned on the validation split.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from socialrx.classifiers import linear
from socialrx.classifiers.ade import THRESHOLD as ADE_THRESHOLD
from socialrx.classifiers.ade import assess
from socialrx.classifiers.features import features
from socialrx.classifiers.myths import FIRST_PERSON, stated_myth
from socialrx.detectors._match import folded
from socialrx.model import Document, Label
from socialrx.registry import classifier, document_code

# A claim a fact-checker would check is about health or public affairs. The model learnt "fake"
# from COVID-19 claims set against official accounts' posts, so it reads any informal post as
# fake ("waited 4 hours and nobody called us back" scored 0.76). A post that names no topic of
# either kind makes no such claim: its score is capped below the threshold. Words written from
# general knowledge of health myths and of news; the suffix ``*`` takes any word ending. Where
# a thing was posted ("post", "article", "facebook") is no topic: "great post, very helpful"
# scored 0.63.
NO_TOPIC_CAP = 0.35
HEALTH_TOPICS = (
    "covid* corona* virus* viral vaccin* vax* jab jabs shot shots booster* cure cures cured "
    "curing remed* treat* drug drugs medic* pill pills immun* infect* disease diseases cancer* "
    "autism 5g mask masks masking hydroxychloroquine ivermectin chloroquine bleach garlic lemon "
    "lemons steam saniti* pandemic* epidemic* outbreak outbreaks quarantin* lockdown* isolat* "
    "symptom symptoms case cases death deaths dead die dies died dying kill* poison* toxi* "
    "chemical chemicals pharma* lab labs bioweapon* flu influenza fever fevers cough* heal* "
    "herb* vitamin vitamins supplement* detox* oxygen hypoxia ventilator* hospital* scientist* "
    "study studies research* test tests testing tested trial trials spread* transmi* herd hoax* "
    "plandemic microchip* dna mrna sterili* infertil* blood antibod* who cdc fda nih icmr sars "
    "ebola hiv aids measles polio pneumonia lung lungs breath* inject* dose* gene* mutat* "
    "strain variant* ppe alcohol drink* sun heat temperature germ germs bacteri* hygien* wash* "
    "hand hands distanc*"
)
PUBLIC_TOPICS = (
    "says said saying claim claims claimed claiming alleg* report reports reported photo photos "
    "video videos image images picture pictures shows showing announc* president* governor* "
    "gov minister ministers ministry government* govt prime official officials trump* biden "
    "obama modi pelosi congress* senat* democrat* republican* parties party election elections "
    "vote* police army military china chinese wuhan india* russia* italy usa america* state "
    "states country countries nation* citizen citizens law laws ban bans banned "
    "curfew school schools church* mosque mosques muslim muslims hindu hindus million millions "
    "billion billions percent gates unicef global economy rally protest* border* immigra* "
    "refugee* news media breaking cnn fox bbc according"
)


@cache
def _topics() -> re.Pattern[str]:
    words = (HEALTH_TOPICS + " " + PUBLIC_TOPICS).split()
    alternatives = "|".join(re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
                            for w in words)  # fmt: skip
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives}|lock down|stay (?:at )?home)(?![a-z0-9])")


# A question about the poster's own situation ("the rash is spreading, do I need to see a
# doctor" scored 0.57, "my test came back positive for covid, what now" 0.73) asks for help; it
# claims nothing. A question that relays a claim ("is it true that …", "I heard …") is left to
# the model: a myth going round is what the organisation must see. Wording written from general
# knowledge of how people ask for health advice.
_OWN_QUESTION = re.compile(
    r"(?<![a-z'])(?:(?:should|do) (?:i|we)|(?:can|could|must|am|did) i"
    r"|what (?:now|next|should (?:i|we)|do (?:i|we)|can i)"
    r"|is (?:it|this|that) (?:normal|serious|an emergency|contagious|safe for (?:me|us|my|him|her))"
    r"|(?:is|are) (?:my|our) )(?![a-z'])"
)
_RELAYED = re.compile(
    r"(?<![a-z'])(?:is (?:it|this|that) true|true or false|real or fake|fact or fiction|myths?|"
    r"believe|claims?|rumou?rs?|"
    r"i (?:heard|read|saw)|(?:they|people|everyone) (?:say|said|are saying)|someone (?:said|told))"
    r"(?![a-z'])"
)


# Well-known health myths stated as fact score at least MYTH_SCORE: the model learnt COVID-19
# rumours of 2020 and misses some of the oldest myths ("the mrna vaccine changes your dna" 0.31,
# "masks make you breathe in your own co2" 0.42, "mammograms spread breast cancer by squeezing
# the tumor" 0.17). The myths and what does not state them (a denial, a debunk, an attribution,
# a question) are in ``myths``.
MYTH_SCORE = 0.8


# A first-person report of one's own reaction to a treatment ("the shingles vaccine knocked me out
# for two days, fever chills the works" scored 0.55) is a side-effect report for the drug-safety
# team, not a claim: the adverse_event reading decides, and a myth stated as fact still counts.
def _own_reaction(document: Document, low: str) -> bool:
    return FIRST_PERSON.search(low) is not None and assess(document).score >= ADE_THRESHOLD


# A comfort tip for a minor ailment ("steam from a hot shower helps a stuffy nose" scored 0.54,
# "a cold washcloth on the forehead helps a fever feel better" 0.52) claims relief, not a cure:
# without a serious illness, a germ, a vaccine or a cure, prevention or kill claim in the post it
# is capped with the posts that name no topic. "Drinking hot water helps kill the virus" keeps
# the model's score. Words written from general knowledge of home care.
_COMFORT = re.compile(
    r"(?<![a-z'])(?:helps?|helped|soothes?|soothing|soothed|eases?|eased|relieves?|relieved|"
    r"calms?|calmed|is (?:good|great|nice|best) for|works? (?:well |great |wonders )?for)"
    r"(?![a-z'])"
)
_MINOR = re.compile(
    r"(?<![a-z'])(?:stuffy|runny|blocked) nose|sore (?:throat|muscles?|feet|back)|"
    r"(?:dry |tickly |chesty )?cough(?:s|ing)?|fevers?|headaches?|congestion|congested|"
    r"hiccups|itch(?:y|ing)?|sunburns?|cramps?|heartburn|upset (?:stomach|tummy)|a cold|colds|"
    r"stiff (?:neck|back)|blisters?|bruises?|swelling|stye|sniffles|aches?(?![a-z'])"
)
_SERIOUS = re.compile(
    r"(?<![a-z'])(?:covid\w*|corona\w*|virus\w*|viral|cancer\w*|tumou?rs?|diabet\w*|immun\w*|"
    r"infect\w*|vaccin\w*|vax\w*|cur(?:e|es|ed|ing)|prevents?|kills?|flu|influenza|germs?|"
    r"bacteri\w*|pneumonia|asthma|heart|blood|autism|detox\w*|toxins?)(?![a-z'])"
)


def _comfort_tip(low: str) -> bool:
    return (
        _COMFORT.search(low) is not None
        and _MINOR.search(low) is not None
        and _SERIOUS.search(low) is None
    )


@classifier("misinformation", codes=("misinformation",))
def misinformation(document: Document) -> Iterator[Label]:
    """False or debunked health claims in an inbound post (a linear model trained on the
    CONSTRAINT COVID-19 fake-news data; a post naming no health or public-affairs topic, or
    asking about the poster's own situation, is capped below the threshold)."""
    found = features(document)
    model = linear.load("misinformation")
    score = model.probability(found.buckets, found.scale) if found.buckets else 0.0
    if score > NO_TOPIC_CAP:
        low = folded(document).low
        if (
            not _topics().search(low)
            or (
                (_OWN_QUESTION.search(low) is not None or _own_reaction(document, low))
                and _RELAYED.search(low) is None
            )
            or _comfort_tip(low)
        ):
            score = NO_TOPIC_CAP
    if score < MYTH_SCORE and stated_myth(document):
        score = MYTH_SCORE
    yield Label("misinformation", score)


document_code(
    "misinformation",
    summary="A false or debunked health claim (cures, vaccine myths, conspiracy theories), from "
    "a model trained on CONSTRAINT COVID-19 fake news (docs/models/misinformation.md).",
    example="Drinking hot lemon water every hour kills the virus, doctors don't want you to know.",
    false_positives="Posts that quote a myth to debunk it ('the flu shot can't give you the "
    "flu'), and informal first-hand posts that touch a health or public topic (the training "
    "data's true posts are mostly official-account style); topics far from COVID-19 are "
    "covered by the stated-myth patterns and as far as the wording carries over.",
    details="A post that names no health or public-affairs topic (a customer-service message "
    "about a wait, a bill or parking) makes no claim a fact-checker would check: its score is "
    "capped at 0.35; so is a question about the poster's own situation ('the rash is "
    "spreading, do I need to see a doctor'), unless it relays a claim ('is it true that …', "
    "'I heard …'), and so is a first-person report of one's own reaction to a treatment that "
    "adverse_event flags ('the shingles vaccine knocked me out for two days'): a case for the "
    "drug-safety team, not a claim; and so is a comfort tip for a minor ailment ('steam helps a "
    "stuffy nose') that names no serious illness, germ, vaccine or cure. A well-known myth stated as fact ('the mrna vaccine "
    "changes your dna', 'the hep b shot at birth causes sids', 'sugar feeds cancer') "
    "scores at least 0.8 unless the sentence denies, debunks, mocks, attributes or asks.",
)
