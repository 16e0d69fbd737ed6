"""Deterministic synthetic healthcare posts of about 200 characters (no real people or data).

Shared by ``throughput.py`` (socialrx) and ``presidio_runner.py`` (Presidio's own venv), so it
uses the standard library only.
"""

from __future__ import annotations

import random

FIRST = ["Maria", "John", "Aisha", "Wei", "Carlos", "Emma", "Liam", "Priya", "Noah", "Olivia",
         "Dmitri", "Fatima", "Grace", "Hiro", "Isabel", "Kwame", "Lena", "Mateo", "Nora", "Omar"]  # fmt: skip
LAST = ["Gonzalez", "Smith", "Patel", "Chen", "Okafor", "Brooks", "Nguyen", "Rossi", "Kowalski",
        "Haddad", "Jensen", "Murphy", "Silva", "Tanaka", "Walker", "Young", "Ibrahim", "Novak"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "April", "June", "July", "September", "October", "December"]
TOPICS = ["flu shots", "blood pressure checks", "diabetes education", "a blood drive",
          "free mammograms", "COVID-19 boosters", "a CPR class", "hearing screenings"]  # fmt: skip
UNITS = ["cardiology", "oncology", "pediatrics", "orthopedics", "maternity", "neurology"]

TEMPLATES = [
    # clean posts: events, staff, research, tips, hiring, closures
    "Join us {day} from 9am to 1pm for {topic} at our Main Street campus. No appointment needed, "
    "parking is free, and our team will answer your questions about staying well this season. "
    "Bring a friend! #community",
    "Please welcome Dr. {first} {last}, who joins our {unit} team this month after ten years of "
    "practice. Dr. {last} is now accepting new patients at the North clinic; call the front desk "
    "to book.",
    "Heat advisory this week: drink water, check on older neighbours and never leave children or "
    "pets in a parked car. Confusion, a racing pulse or hot dry skin are signs of heat stroke that "
    "need emergency care right away.",
    "We're hiring! Registered nurses, respiratory therapists and patient transporters: apply at "
    "careers.example-health.org or visit our job fair on {day}, {month} {dom}. Sign-on bonus for "
    "night shifts.",
    "Our {unit} research team just published a study on recovery after surgery in 1,200 adults. "
    "Read the summary on our blog, and thank you to every volunteer who took part in this "
    "important work.",
    "The East entrance will be closed on {day} for repairs. Please use the Oak Street entrance; "
    "valet parking and wheelchairs are available there from 6am to 8pm. We apologise for the "
    "inconvenience.",
    "Nurse manager {first} {last} and the {unit} unit raised $4,000 for the food bank this "
    "{month}. Thank you to everyone who donated, baked and volunteered on their days off! "
    "#proud #nurses",
    # risky posts: disclosures (some obfuscated), identifiers, claims, replies
    "Congrats to our patient {first} {last}, who rang the bell after her last chemo today! "
    "So proud of her strength. Room 4{letter} will miss you! Call {phone} for cards.",
    "So proud of our p a t i e n t {first} {last}, home on {day} after his heart surgery. "
    "The whole {unit} floor cheered when he walked out on his own. Best wishes to him and his "
    "family!",
    "Mrs. {last} is back in the ICU again, third time since {month} {dom}. Prayers for her family "
    "please. Her daughter can be reached at {email} for anyone who wants to help.",
    "Billing question for the account holder: SSN {ssn}, MRN {mrn}. Please call {phone} back "
    "about the balance before {month} {dom} so we can close the file.",
    "Our new stem cell therapy cures arthritis in 100% of cases, guaranteed! Book now and say "
    "goodbye to pain forever, no side effects at all. Limited spots available this {month}, "
    "so call today.",
    "Hi {first}, we're sorry your knee surgery last {day} ran late. We've reviewed your records "
    "and your bill, and Dr. {last} will call you at {phone} to go over your results.",
    "Thank you for your feedback. We take every concern seriously and would like to learn more; "
    "please contact our patient experience team by phone or through our website so we can "
    "follow up.",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        first=rng.choice(FIRST), last=rng.choice(LAST), day=rng.choice(DAYS),
        month=rng.choice(MONTHS), dom=rng.randint(1, 28), topic=rng.choice(TOPICS),
        unit=rng.choice(UNITS), letter=rng.choice("ABCDEF"),
        phone=f"({rng.randint(201, 989)}) 555-{rng.randint(1000, 9999)}",
        email=f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}@example.com",
        ssn=f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        mrn=f"{rng.randint(10_000_000, 99_999_999)}",
    )  # fmt: skip


def make_posts(count: int = 20_000, seed: int = 20261120) -> list[str]:
    """``count`` posts from the templates, in a fixed pseudo-random order."""
    rng = random.Random(seed)
    return [_fill(rng.choice(TEMPLATES), rng) for _ in range(count)]


DRUGS = ["Lexapro", "sertraline", "metformin", "amoxicillin", "ibuprofen", "the flu shot",
         "my COVID booster", "lisinopril", "Zoloft", "atorvastatin"]  # fmt: skip
REACTIONS = ["terrible headaches", "a rash all over my arms", "no sleep at all", "nausea",
             "dizzy spells", "hives", "a fever all night", "heart palpitations"]  # fmt: skip

INBOUND = [
    # praise, complaints, questions, misinformation, toxicity, neutral
    "@CityHealth huge thanks to the nurses on {unit} who looked after my mum last {day}. Kind, "
    "patient and funny. Best care we have ever had, we are so grateful to all of you!",
    "@CityHealth waited 4 hours in the ER on {day} and nobody told us anything. Then the bill "
    "charged us twice and nobody answers the phone. This is ridiculous, fix it.",
    "Is it safe to take {drug} with my blood pressure medication? My doctor is away until "
    "{month} and the pharmacy was not sure. Thanks for any help!",
    "Don't get the flu shot, it gives you the flu and the hospital makes money from it. Do your "
    "own research before you let them inject you with anything, wake up people.",
    "what time does the {unit} clinic open on {day}? and is there parking near the North "
    "entrance for visitors, or should we take the bus from the station? my grandmother uses a "
    "walker so the closer the better",
    "You people are useless idiots, I hope someone shuts your garbage hospital down for good. "
    "Worst staff in the state and everyone knows it.",
    # adverse events and crises
    "Started {drug} two weeks ago and since then I get {reaction} every day. Is this normal? "
    "Thinking of stopping it, it made things worse not better.",
    "got {drug} on {day} and woke up with {reaction}, arm is really sore too. anyone else? "
    "never had this before and I've been taking meds for years, should I call someone or wait "
    "it out until monday",
    "i cant do this anymore. ive written letters to my family and i have the pills ready "
    "tonight. everyone will be better off without me. sorry to whoever reads this, you were "
    "always kind to me at the {unit} clinic",
    "my dad has chest pain and can't breathe, his lips are turning blue, what do we do?? we "
    "are 20 minutes from the {unit} entrance and the ambulance line is busy, please someone "
    "answer",
    "this migraine is killing me lol, third one this week. at least the new cafe at the clinic "
    "has great coffee now, dying to try the muffins",
]


def make_inbound_posts(count: int = 20_000, seed: int = 20261121) -> list[str]:
    """``count`` inbound items (mentions, comments, reviews) in a fixed pseudo-random order."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        template = rng.choice(INBOUND)
        filled = template.replace("{drug}", rng.choice(DRUGS))
        out.append(_fill(filled.replace("{reaction}", rng.choice(REACTIONS)), rng))
    return out
