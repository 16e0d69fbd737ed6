"""The weights of the adverse-event reading (``ade_score``), in log-odds.

Each reaction term gets ``BASE`` for its kind, then the cues around it add or subtract; the
post's score is the logistic of its best reaction, so 0 here is the label's decision point
(0.5). The values were set by hand and adjusted on the PsyTAR training and development splits
(aggregate counts only) within limits that keep synthetic cases such as "I have a headache",
"does Zoloft cause weight gain?" and "billing gives me a headache" below the threshold.

Reaction kinds (sections of ``data/ade_reactions.txt``): ``general`` ("side effects" unnamed),
``strong`` (nearly always a side effect), ``symptom`` (drug-typical), ``everyday`` (as common
without a treatment), ``mixed`` (as often the condition or withdrawal), ``condition`` (what is
treated), ``topic`` (any change is a reaction), ``capacity`` (a loss is a reaction).
"""

from __future__ import annotations

# per reaction kind: its base, and what a negation, a change for the worse, a severity word or a
# recovery next to it adds
BASE = {"general": -1.5, "strong": 1.85, "symptom": 0.3, "everyday": -0.6, "mixed": -1.55,
        "condition": -2.35, "topic": -1.15, "capacity": -1.15}  # fmt: skip
NEGATED = {"general": -3.2, "strong": -3.2, "symptom": -3.2, "everyday": -3.2, "mixed": -2.0,
           "condition": -1.5, "topic": 2.2, "capacity": 2.2}  # fmt: skip
WORSE = {"general": 1.5, "strong": 0.45, "symptom": 0.9, "everyday": 0.3, "mixed": 1.0,
         "condition": 2.4, "topic": 2.6, "capacity": 2.6}  # fmt: skip
SEVERE = {"general": 2.0, "strong": 0.45, "symptom": 0.65, "everyday": 0.3, "mixed": 0.0,
          "condition": 0.0, "topic": 2.0, "capacity": 2.0}  # fmt: skip
RECOVERED = {"general": 0.3, "strong": -0.2, "symptom": -0.2, "everyday": -0.2, "mixed": 0.2,
             "condition": -1.6, "topic": -1.0, "capacity": -1.0}  # fmt: skip
HELPED = -2.6  # an efficacy cue just before the term ("helped my headaches")
INDICATION = -2.2  # "for anxiety", "to treat the pain"
CAUSAL, EXPERIENCE = 1.7, 0.15
CAUSAL_BARE = 0.5  # causal wording with no treatment named ("billing gives me a headache")
OTHER = -1.5  # another cause is named ("because the neighbours are loud", "after my shift")
# the strongest treatment link in the sentence (a product elsewhere in the post counts a little)
TREATMENT = (("drug", 0.9), ("vaccine", 0.9), ("device", 0.9), ("class", 0.8), ("intake", 1.2),
             ("generic", 1.1))  # fmt: skip
ELSEWHERE = 0.3
TEMPORAL = 1.2  # "since then", "started", "yesterday": a link only with a product in the post
WITHDRAWAL, PRIOR, EFFICACY, NEWS = -2.2, -1.25, -0.2, -3.0
QUESTION, ASK = -3.0, -0.5  # a question sentence; an asking cue ("wondering")
LISTED, LISTED_MAX = 0.8, 0.7  # each further distinct reaction in the sentence
NEAR = 20  # characters between a cue and the term it modifies (same clause)
NEAR_NEGATION = 20  # ... for a negation ("no nausea or headaches", not "no idea it would ...")
ADJACENT = 3  # characters between an indication cue and its term
