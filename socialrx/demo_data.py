"""The demo organisation's content, all synthetic: a fictional hospital (Lakeside Community
Health), its four accounts, posts in every state, consents and inbound items. Plain data: no
I/O (``socialrx.demo`` seeds it through the store). Every person is invented, e-mail addresses
use the reserved ``example.org`` / ``example.com`` domains and phone numbers the fictional
555-01xx range.

Each post names the steps it goes through after it is drafted; the comment on each says where
the real workflow takes it, and ``tests/test_demo.py`` checks the counts. ``SAMPLES`` are the
posts ``socialrx demo --no-seed`` analyses without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ORGANISATION = "Lakeside Community Health (fictional)"
PASSWORD = "demo-password-not-for-production"  # noqa: S105 - printed on purpose; never in production
SEEDER = "demo-seed"  # the audit actor of the accounts the seeding creates


@dataclass(frozen=True, slots=True)
class DemoUser:
    email: str
    role: Literal["author", "reviewer", "compliance", "admin"]
    name: str


AUTHOR = DemoUser("author@example.org", "author", "Ada Quillfeather (communications)")
REVIEWER = DemoUser("reviewer@example.org", "reviewer", "Ravi Tenbrook (review desk)")
COMPLIANCE = DemoUser("compliance@example.org", "compliance", "Cora Vellacott (compliance)")
ADMIN = DemoUser("admin@example.org", "admin", "Amos Drelincourt (administrator)")
USERS = (AUTHOR, REVIEWER, COMPLIANCE, ADMIN)


@dataclass(frozen=True, slots=True)
class DemoConsent:
    """A signed release; days are relative to the seeding day (negative: in the past)."""

    key: str
    subject_alias: str
    scope: str
    channels: tuple[str, ...]
    document_ref: str
    valid_from_days: int
    valid_until_days: int | None = None
    revoked: bool = False


CONSENTS = (
    DemoConsent("marwick", "Marwick family (asthma camp)", "Camp story and photos of their child",
                ("facebook",), "DMS-REL-0001 (fictional)", -60, 300),
    DemoConsent("arroway", "Patient D. A. (bell ringing)", "Bell-ringing photo, name and story",
                ("facebook", "instagram", "linkedin"), "DMS-REL-0002 (fictional)", -10),
    DemoConsent("rosalind", "Patient R. (hip replacement)", "Physiotherapy video, first name",
                ("instagram",), "DMS-REL-0003 (fictional)", -90, 270, revoked=True),
    DemoConsent("harriet", "Patient H. (kidney transplant)", "Transplant story, first name",
                ("facebook",), "DMS-REL-0004 (fictional)", -400, -35),
)  # fmt: skip

StepVerb = Literal["submit", "link", "claim", "approve", "reject", "request_changes", "override",
                   "edit"]  # fmt: skip
# (verb, argument): link → consent key; approve/reject/request_changes → note;
# override → reason (compliance); edit → the new text (by the author). Reviews are decided by
# the reviewer, overrides by compliance.
Step = tuple[StepVerb, str]
SUBMIT: Step = ("submit", "")
CLAIM: Step = ("claim", "")


@dataclass(frozen=True, slots=True)
class DemoPost:
    key: str
    text: str
    channels: tuple[str, ...]
    steps: tuple[Step, ...] = ()
    kind: Literal["post", "reply"] = "post"
    scheduled_in_days: int | None = None


POSTS = (
    # approved at once (the analysis allows)
    DemoPost("flu-clinic", "Free flu shots this Saturday 9am-1pm at our Lakeside campus. No "
             "appointment needed, bring the whole family!", ("facebook", "instagram"), (SUBMIT,),
             scheduled_in_days=2),
    DemoPost("parking", "Our new parking garage on Harbor Street opens Monday, and the first two "
             "hours are free for visitors.", ("facebook",), (SUBMIT,)),
    DemoPost("webinar", "Join our free webinar on heart-healthy cooking next Thursday at 6pm. "
             "Sign up at https://lakeside.example.org/events", ("linkedin", "facebook"), (SUBMIT,),
             scheduled_in_days=5),
    # drafts, not submitted yet
    DemoPost("new-doctor", "Please welcome Dr. Imogen Falkenrath, who joins our pediatric "
             "cardiology team this month.", ("linkedin",)),
    DemoPost("pharmacy-hours", "Reminder: the outpatient pharmacy opens at 8am on weekdays from "
             "the first of next month.", ("facebook",)),
    # pending review: a consent claim (no release matched yet), individual advice, review
    # solicitation
    # (no name in the text: "Meet Tobias, who shared his recovery story" names a patient with
    # his own care, which is blocked until compliance overrides, as "bell-ringing" below is)
    DemoPost("tobias-video", "Watch the recovery story one of our rehab graduates shared with "
             "us, with written permission. The video is on our page.", ("facebook", "instagram"),
             (SUBMIT, CLAIM)),
    DemoPost("insulin-reply", "You should increase your insulin dose to 20 units at night.",
             ("facebook",), (SUBMIT,), kind="reply"),
    DemoPost("five-stars", "Loved your visit? Leave us a 5-star review on Google and get a free "
             "coffee on us!", ("instagram",), (SUBMIT,)),
    # blocked: a patient disclosure, a medical record number
    DemoPost("surgery-shoutout", "So proud of our patient Wendell Okonkwo-Brightwater, home "
             "today after his heart surgery in Room 4B.", ("facebook",), (SUBMIT,)),
    DemoPost("lab-results", "Lab results for MRN 00482913 are ready; please call the ward at "
             "555-0142.", ("x",), (SUBMIT,)),
    # approved by the reviewer, with a linked consent
    DemoPost("asthma-camp", "Thank you to the Marwick family, who gave us permission to share "
             "their daughter's story from our asthma camp.", ("facebook",),
             (SUBMIT, ("link", "marwick"), CLAIM,
              ("approve", "Release DMS-REL-0001 covers the camp story."))),
    # approved, then its consent was revoked: back to review
    # (the release names the patient; the post does not, so it is held for review, not blocked)
    DemoPost("first-steps", "Posted with her family's consent: first steps after a hip "
             "replacement, cheered on by our physio team.", ("instagram",),
             (SUBMIT, ("link", "rosalind"), ("approve", "Release DMS-REL-0003 on file."))),
    # approved while its consent was valid; the consent has expired since: back to review
    DemoPost("transplant-story", "With the patient's permission, we are sharing one family's "
             "story of a kidney transplant journey.", ("facebook",),
             (SUBMIT, ("link", "harriet"), ("approve", "Release DMS-REL-0004 on file."))),
    # rejected
    DemoPost("stem-cells", "Our new stem cell therapy cures arthritis. 100% guaranteed results or "
             "your money back!", ("facebook", "instagram"),
             (SUBMIT, ("reject", "Unsubstantiated cure claim; not approvable."))),
    # changes requested
    DemoPost("migraine-laser", "Our new laser treatment will permanently cure your migraines.",
             ("facebook",),
             (SUBMIT, CLAIM, ("request_changes", "Drop 'permanently cure'; describe the "
                                                  "treatment and link the evidence."))),
    # changes requested, edited by the author, resubmitted and approved at once (version 2)
    DemoPost("sleep-clinic", "Our sleep clinic is the only one in the region that guarantees you "
             "will never snore again.", ("facebook", "linkedin"),
             (SUBMIT, ("request_changes", "No guarantees, please."),
              ("edit", "Our sleep clinic now offers evening appointments; ask your doctor "
                       "whether a sleep study is right for you."), SUBMIT)),
    # blocked, then overridden by compliance with a reason (a signed release is on file)
    DemoPost("bell-ringing", "Congratulations to our patient Delphine Arroway on ringing the bell "
             "after her last chemo! Shared with her written consent.", ("facebook", "instagram"),
             (SUBMIT, ("link", "arroway"),
              ("override", "Signed release DMS-REL-0002 names the patient, the photo and this "
                           "wording; she asked us to share it."))),
)  # fmt: skip

# What the posts above end as (``tests/test_demo.py`` holds the seeding to it).
POST_STATES = {"approved": 6, "pending": 5, "blocked": 2, "draft": 2, "rejected": 1,
               "changes_requested": 1}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoInbound:
    """A mention, comment, DM or review; ``label`` is the label it was written to show (``None``: none)."""

    external_id: str
    channel: str
    author_handle: str
    text: str
    label: str | None
    assign_to: str | None = None


INBOUND = (
    DemoInbound("fb-1001", "facebook", "@quiet_heron_77", "i cant do this anymore. ive said "
                "goodbye to everyone and the pills are ready tonight", "crisis", REVIEWER.email),
    DemoInbound("x-1002", "x", "@grey_lantern_12", "nobody would even notice if i was gone. "
                "thinking about ending it this weekend", "crisis"),
    DemoInbound("fb-1003", "facebook", "@maple_rover_31", "Started Lexapro last week and now I get "
                "terrible headaches and can't sleep. Is that normal?", "adverse_event",
                COMPLIANCE.email),
    DemoInbound("ig-1004", "instagram", "@tidal_fern_08", "My son broke out in hives all over "
                "after the amoxicillin you prescribed.", "adverse_event"),
    DemoInbound("x-1005", "x", "@copper_wren_54", "Since starting the new statin my muscles ache "
                "and I feel dizzy every morning.", "adverse_event"),
    DemoInbound("fb-1006", "facebook", "@velvet_moss_19", "Vaccines cause autism, everyone knows "
                "it, stop pushing them on our kids.", "misinformation"),
    DemoInbound("x-1007", "x", "@static_owl_66", "5G towers spread the virus, wake up people. "
                "Don't trust the hospital.", "misinformation"),
    DemoInbound("fb-1008", "facebook", "@pebble_dune_23", "The flu shot gives you the flu, "
                "everyone knows that. Don't get it.", "misinformation"),
    DemoInbound("fb-1009", "facebook", "@amber_finch_40", "Can I take ibuprofen with my blood "
                "pressure medication?", "medical_question"),
    DemoInbound("ig-1010", "instagram", "@cedar_kite_05", "How long should I wait after a tetanus "
                "shot before I can swim?", "medical_question"),
    DemoInbound("dm-1011", "messenger", "@north_gale_88", "Is it safe to fly three weeks after "
                "knee surgery?", "medical_question"),
    DemoInbound("x-1012", "x", "@lunar_badger_14", "@LakesideHealth waited 4 hours in the ER and "
                "nobody told us anything, then you billed us twice. Ridiculous.", "complaint"),
    DemoInbound("rv-1013", "google_reviews", "Jules P. (Google review)", "The parking machine ate my "
                "card and the front desk was rude about it. Not coming back.", "complaint"),
    DemoInbound("rv-1014", "google_reviews", "Morgan T. (Google review)", "Third time my appointment "
                "got cancelled the same morning. Terrible service.", "complaint"),
    DemoInbound("ig-1015", "instagram", "@sunny_otter_27", "The nurses on the maternity ward were "
                "amazing, thank you for taking such good care of us!", "praise"),
    DemoInbound("fb-1016", "facebook", "@harbor_lark_33", "Huge thanks to the physio team, I "
                "walked my daughter down the aisle last weekend!", "praise"),
    DemoInbound("rv-1017", "google_reviews", "Sam R. (Google review)", "Best clinic experience ever, "
                "friendly staff and no waiting. Five stars!", "praise"),
    DemoInbound("x-1018", "x", "@rust_hornet_99", "You people are useless idiots, shut up and go "
                "to hell.", "toxicity"),
    DemoInbound("fb-1019", "facebook", "@bitter_crow_61", "this hospital is run by morons and you "
                "can all rot, losers", "toxicity"),
    DemoInbound("fb-1020", "facebook", "@plain_robin_02", "What time does the cafeteria open on "
                "Sundays?", None),
)  # fmt: skip

SAMPLES: tuple[tuple[str, str, str], ...] = (
    ("flu-clinic", "outbound", "Free flu shots this Saturday 9am-1pm at our Main Street campus. "
     "No appointment needed, bring your family!"),
    ("new-doctor", "outbound", "Please welcome Dr. Anita Rao, who joins our pediatric cardiology "
     "team this month."),
    ("proud-nurse", "outbound", "Congrats to our patient Maria Gonzalez, who rang the bell after "
     "her last chemo today! Contact maria.g@example.com to send cards."),
    ("obfuscated", "outbound", "So proud of our p a t i e n t J0hn Sm1th, home today after his "
     "heart surgery in Room 4B."),
    ("billing-note", "outbound", "Billing question for account holder, SSN 524-71-3306: please "
     "call back about the balance."),
    ("miracle", "outbound", "Our new stem cell therapy cures arthritis. 100% guaranteed results "
     "or your money back!"),
    ("reply-bad", "reply", "Hi Karen, we're sorry your knee surgery last Tuesday ran late. We "
     "have reviewed your records and your bill."),
    ("reply-safe", "reply", "Thank you for your feedback. We take every concern seriously; "
     "please contact our patient experience team so we can learn more."),
    ("inbox-crisis", "inbound", "i cant do this anymore. ive said goodbye to everyone and the "
     "pills are ready tonight"),
    ("inbox-ade", "inbound", "Started Lexapro last week and now I get terrible headaches and "
     "can't sleep. Is that normal?"),
    ("inbox-complaint", "inbound", "@CityHealth waited 4 hours in the ER and nobody told us "
     "anything, then you billed us twice. Ridiculous."),
    ("inbox-figurative", "inbound", "this migraine is killing me lol, but the nurses at the "
     "walk-in clinic were amazing, thank you!"),
)  # fmt: skip
