"""disclosure.patient: outbound patient stories, staff/official negatives, strict review
replies, obfuscations, and the safe reply templates."""

from __future__ import annotations

import pickle

import pytest

import socialrx
from socialrx.detectors.disclosure import disclosure
from socialrx.model import Channel, Document
from socialrx.replies import REPLY_KINDS, safe_replies

CODE = "disclosure.patient"

DISCLOSES = [
    "Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!",
    "Mrs. Patterson is back in the ICU",
    "Room 4B finally got discharged",
    "our patient Emma (age 6)",
    "Our patient Theo Ramos is recovering from heart surgery.",
    "Shoutout to my patient Gloria who finally went home today!",
    "The 70-year-old from Elm Grove was admitted with a stroke last night.",
    "Mr. Haines had a heart attack on the way to his appointment.",
    "Patient J.S. in bed 7 was intubated overnight.",
    "One of our patients, Ruth Ames, passed away this morning.",
    "Welcome to the world, baby Nora Quinn, born here this morning!",
    "Had a patient today who came in with a broken arm after a skateboard fall.",
    "Our patient in room 12 is on a ventilator again.",
    # a name, then "our … patient"; "pt." before a name; "welcome home"; "X, the teen who …"
    "Ruby Jenkins, our youngest heart surgery patient, turned two in the pediatric unit.",
    "Janet Moore, one of our long-term dialysis patients, is having surgery tomorrow.",
    "Today our pt. Marcus Bell took his first steps with his new prosthetic leg!",
    "Welcome home, Frank Lucero! After 3 weeks in our burn unit you finally get to see your dog.",
    "Remember Tyler, the teen who was in a bad car crash? He just walked out of rehab.",
    # care events: a transplant anniversary, completing therapy, a delivery, care for a child
    "We celebrated Sam Whitaker's 1-year transplant anniversary with cake today.",
    "Proud of Jenna Wu, who completed 12 weeks of physical therapy after her ACL tear.",
    "Abigail Ross delivered her third baby with us today, a healthy boy.",
    "Thank you Mr. Okoro for the lovely card after your knee replacement.",
    "The Robinson family thanks our NICU for caring for their preemie daughter Zoe.",
    # second round: twins by surname, "Mr. B", initials that look like a time with an age, "my
    # 1:1 patient", a person placed by where they live, "we lost the …", "we admitted the …"
    "Shoutout to the Garcia twins, who went home from our NICU today after 8 weeks!",
    "Our favorite frequent flyer Mr. B is back on 6 North with another COPD flare.",
    "A.M., 16, is our first teen patient to finish the new eating disorder program.",
    "My 1:1 patient tonight is the teacher who tried to end her life. Please be kind to her.",
    "Still thinking about the girl from Oak Street who came in with burns after the fire.",
    "Hard shift. We lost the young mom in trauma bay 2 tonight.",
    "We admitted the famous local chef Tony R. last night with chest pains.",
    "Grandma Rose, 92, broke her hip last week and is already walking with our rehab team.",
    "Today we said goodbye to Harold, our longest-staying hospice patient.",
    "Congratulations to Kevin O. on completing cardiac rehab after his heart attack in March.",
    # third round, social-media style: a bare room number, "my kiddo on the unit", "Baby K",
    # "'s" after a first name, a public figure's own final days, graduating from a programme
    "when the sweet old man in 14 asks for his wife every hour and she passed last year",
    "pt in 7 (the one with the DKA) finally trusts me enough to check her sugars herself",
    "my fave kiddo on the unit (5yo, leukemia) gave me a drawing today",
    "Update on our little fighter Baby K: off CPAP and breathing on her own!",
    "It's Ellie's birthday! She's spending it on our transplant floor waiting for a new heart.",
    "We had the honor of caring for retired Judge Alan Brooks during his final days in hospice.",
    "So proud of J.T. for graduating from our inpatient psych program today!",
    "Ms. Henderson (bed 3) sent the sweetest thank-you note after her mastectomy.",
    "Our oncology team threw a surprise party for Marcus, 12, on his last day of radiation.",
    # 2026-11-21 round 4 (clinicians' case-style and practice posts): families
    "Interesting case: 45F, local kindergarten teacher, came in with a ruptured appendix.",
    "Patient is a retired firefighter from our town who finally quit smoking.",
    "The cyclist from Saturday's crash on Route 9 is off the ventilator in our ICU.",
    "We delivered the baby of the couple who own the diner on Oak Avenue this morning!",
    "Shoutout to Pastor Reed, our former bypass patient, who preached his first sermon back.",
    "She's been our patient for 30 years: happy 100th birthday, Rose Alvarez!",
    "Before and after: Tanya's rhinoplasty at 3 months.",
    "Caring for the principal's son this week reminded me why I love pediatrics.",
    "I treated a man today who used to be my high school coach. He's recovering from his stroke.",
    "A 9-year-old from Jefferson Middle is stable in our PICU after the bus accident.",
    "Hi Anna Lopez, our nurses can go over your test results with you at your next visit.",
    # a public answer to one person (an @handle or a greeting and a name opens the post)
    "@ana_r thanks for the kind words about your stay with us!",
    "Dear Mr. Patel, we are sorry about the wait during your appointment.",
    "@ana_r we are sorry to hear about your bill. Please DM us.",
    # a name and a care milestone ("our 1,000th patient", an ordinal baby, a recipient or
    # graduate of a treatment), an initial for a first name, a unit with its specialty
    "Congrats to Dana Walker, our 1,000th patient!",
    "Our 1,000th patient, Dana Walker, rang the bell today.",
    "Big day for Priya Nair: our 50th cardiac rehab graduate!",
    "Celebrating J. Morales, our 200th kidney transplant recipient.",
    "Meet Olivia Chen, the first baby born at St. Luke's in 2027!",
    "Our first New Year's baby, Sofia Ruiz, arrived at 12:04am!",
    "Our 10,000th COVID vaccine went to Margaret Olsen this morning!",
    "Mr. Ramirez was in our trauma ICU for three weeks and just walked out on his own.",
    "Mayor Greene's wife is resting comfortably in our cardiac ICU after surgery.",
    "Big thanks to Officer Ramirez's family for the cookies while he was in our trauma ICU.",
    # ringing the bell, beating a cancer named with its stage, walking again, a wedding in the
    # ICU, "his symptoms", a care team that will miss someone, a patient ambassador helped, a
    # titled surname with their own care, "frequent flyer", a named unit ("back on 6 West")
    "Please join us in cheering on Marcus Webb as he rings the bell on the oncology floor today!",
    "Spotlight: Ahmed Farouk beat stage 3 colon cancer with our team and is running the 5K.",
    "Vincent Ross was told he'd never walk again. Today he walked the halls of our rehab unit.",
    "We were honored to host a wedding in the ICU for Frank Dorsey and his bride last night.",
    "Harold Jensen's family thanks our stroke team for catching his symptoms in time.",
    "Rest easy, Dolores Chavez. Our dialysis team will miss your stories every Tuesday.",
    "Our patient ambassador Tina Moss shares how our bariatric team helped her lose 120 pounds.",
    "Thinking of Coach Barnes, who is recovering from open heart surgery in our CVICU.",
    "Shout out to our favorite frequent flyer Mr. Dunn, back on 6 West for the 5th time lol",
    "omg the sweetest 90 yo lady in 4B, Mrs. Kaplan, knitted hats for the whole nursing team",
    # living with a chronic condition, a relative's condition, "Dr. Hale's patient", "1 year
    # sober", a hospice friend, coming to our clinic since, "who we treated", a care journey,
    # a named person's vaccination here, pounds lost in our programme
    "Meet Karen Liu, who has lived with multiple sclerosis for 12 years.",
    "Our support group member Angela shared that her husband's dementia has gotten worse.",
    "Dr. Hale's patient, a 58-year-old Dayton firefighter, is the first to get our new heart valve.",
    "Congrats to our client Jenna on 1 year sober! So proud of you.",
    "Today we said goodbye to our dear hospice friend Arthur Bell. His family was by his side.",
    "Happy birthday to Ella (age 9), who has been coming to our allergy clinic since she was 2!",
    "Fun story: the mailman on Elm St, who we treated for a dog bite last week, brought donuts.",
    "We helped Chris Patel quit smoking after 30 years with our cessation program.",
    "Samantha Lee's IVF journey with our clinic ended with twins last month!",
    "Grandma Rose, 101, got her flu shot at our pharmacy today!",
    "Huge congrats to Latisha Grant, who lost 80 lbs in our medical weight loss program!",
]
# The same stories, evaded: the normaliser folds them before the detector looks.
OBFUSCATED = [
    "our p a t i e n t J0hn Sm1th rang the bell",
    "Our pat\u200bient Ma\u200bria Gonzalez went home after surgery",
    "Our раtient Маria Gonzalez was discharged today",  # Cyrillic look-alikes
    "M r s. Patterson is back in the ICU",
    "0ur pat1ent Br1an Ke11y was adm1tted with a stroke",
    "Our p-a-t-i-e-n-t Carlos Ruiz beat cancer!",
    "Ｏｕｒ ｐａｔｉｅｎｔ Emma is recovering from surgery",
]
CLEAN = [
    "Dr. Anita Rao joins our cardiology team.",
    "Please welcome nurse manager Tanya Brooks, who leads our ICU nurses.",
    "Mayor Linda Brooks toured our new ICU today.",
    "The Smith Family Cancer Center opens a new infusion suite on Monday.",
    "Our patients receive chemo in a brand-new infusion suite.",
    "Our patient portal now shows lab results within 24 hours.",
    "Join our patient and family advisory council!",
    "If you are our patient and need a refill, message your care team.",
    "Flu shots are available for everyone 6 months and older.",
    "Room 201 hosts the diabetes class on Tuesday.",
    "Happy retirement to Linda Hart, RN, after 38 years in our ICU!",
    "Dr. Marcus Reed performed the region's first robotic knee surgery.",
    "Congratulations to Dr. Elena Vasquez, our new chief of surgery.",
    "Kids ages 5-11 can get the updated vaccine at our pediatric offices.",
    "Help us find a cure for childhood cancer at Saturday's gala.",
    "Our Patient Safety Week starts Monday: come learn about hand hygiene.",
    "Maria Lopez, our patient advocate, can help with forms.",
    "Jane Doe, one of our patient navigators, will call you back.",
    "Dr. Anita Rao, one of our cardiologists, sees patients on Tuesdays.",
    "Welcome back, Dr. Kim! We missed you on the cardiology team.",
    "We always put the patient first. Dr. Lee said so at the meeting.",
    "Meet Rosa Diaz, the new manager of our outpatient pharmacy.",
    "Meet the Garcia Family Pediatric Wing, opening this fall.",
    "The clinic opens at 8 A.M. on Saturdays.",
    "Our speaker is a nurse from Dayton who leads our stroke program.",
    "We lost the game to the radiology team, 3-2.",
    "Congratulations to Maria Lopez on completing her nursing degree!",
    "Congratulations to Amy Chen on her 25 years in our cancer center!",
    "The man in 2020 who founded our clinic was a visionary.",
    "Our team in 3 days will open the new wing.",
    "Judge Alan Brooks spoke about his final days as a prosecutor.",
    "Our nurses on the unit are amazing.",
    "Mayor Linda Brooks toured our new ICU today.",
    "Welcome to our new colleague, a pharmacist from Ohio.",
    "We raised $34M for the new tower, thank you donors!",
    "The patient is a person first, not a diagnosis.",
    "The couple who run the bakery on Main Street donated cupcakes for Nurses Week!",
    "Our 90-year-old volunteer Frank still greets everyone at the front desk.",
    "Before and after: see how our lobby renovation turned out!",
    "I saw a patient today who reminded me why I became a nurse.",
    "He has been our patient advocate for 10 years: congrats on retiring, Tom Reed!",
    "A 6-year-old from Lincoln Elementary won our hand-washing poster contest!",
    "Thank you to the bus drivers who volunteered during the snowstorm.",
    "Hey Carla! A pharmacist can review your medications with you; call the pharmacy anytime.",
    "Hi Ana, thanks for the shout-out! See you at the 5K.",
    "Hi team, great job on the ER visit numbers this month!",
    "Dear Dr. Lee, thank you for 20 years with our cardiology team.",
    "@tom thanks for reaching out! Our urgent care is open until 9 tonight.",
    "Book your appointment online today! @OurClinic",
    "If a man who has a heart attack gets CPR within minutes, his chance of survival doubles.",
    # milestones of staff, donors and programmes; a unit named with no one in it
    "Jane Doe, our scholarship recipient, starts nursing school this fall.",
    "Congrats to Sam Lee, the first graduate of our new residency program!",
    "Congrats to Sam Lee, our 100th blood donor!",
    "Say hello to Dr. Mateo Diaz, our 100th physician to join the medical group!",
    "Our 10,000th COVID vaccine was given today at the community clinic. Thank you, Hamilton County!",
    "We delivered our 1,000th baby this year! Thank you to our labor and delivery team.",
    "Our first New Year's baby arrived at 12:04am, congrats to the family!",
    "J. Morales, our 200th blood drive donor, gave blood for the 50th time today.",
    "Mayor Greene toured our new cardiac ICU this morning.",
    "Thanks to Officer Ramirez's family for donating toys to our pediatric unit!",
    "Congrats to Grace Kim on finishing 12 weeks of chemo certification training!",
    # memorials of public figures and staff, bells and walking for everyone, coaches at work
    "Rest in peace, Betty White. Thank you for the laughs.",
    "Rest easy, Officer Kelly, who gave his life protecting our city.",
    "Rest easy, Dr. Chavez, our beloved surgeon of 30 years.",
    "Our PT team will help you walk again after knee surgery. Call to book.",
    "Dr. Webb will ring the bell to open the new cancer center Monday.",
    "Please join us in cheering on our nurses as they ring the bell for Nurses Week!",
    "Mayor Greene helped her neighbors walk to the polls on election day.",
    "Thinking of Coach Barnes and the team as they head to state finals.",
    "Our dialysis team will miss Dolores, who retires after 30 years.",
    # the same words about everyone, staff, officials and days of the week
    "People living with diabetes can join our free class on Tuesday.",
    "Our CEO Jane Park got her flu shot at our pharmacy today. Have you?",
    "Mayor Greene got her flu shot at our pharmacy today to kick off flu season.",
    "The mailman on Monday said the road was closed.",
    "Thanks to the barista on Main Street for the free coffee for our nurses!",
    "We helped our neighbors quit smoking: 200 people completed the program this year.",
    "Our weight loss journey starts January 5: join the staff challenge!",
    "Our dialysis team has been coming to the health fair every year since 2010.",
    "",
]
REPLIES_BLOCK = [
    "Sorry about your visit, we will look into your bill.",
    "We're glad your surgery went well!",
    "Our records show you were seen on March 3.",
    "Dr. Lee is so happy to hear you're feeling better.",
    "Please call our billing office about the charges from your stay.",
    "As a valued patient, you deserve better.",
    "Thanks! It was a pleasure caring for you.",
    "Your test results were sent to your doctor.",
    "y o u r  v i s i t matters to us",
    "We hear you. Being discharged at 2am is not the experience we want for anyone.",
    "Sorry the anesthesia left you so nauseous afterward, that must have been awful.",
    "Your feedback about the cold room in the recovery area has been shared with facilities.",
]
REPLIES_ALLOW = [
    "Thank you for your kind words! We'll share them with our team.",
    "Thank you for your feedback. Please contact our Patient Relations office so we can help.",
    "We're sorry to hear about your experience. Please send us a direct message.",
    "We appreciate you taking the time to write. Please call us so we can learn more.",
    "Thanks for the five-star review!",
    "Being treated with respect matters to us. Please call our patient relations team.",
    "Being seen quickly matters; we've added evening hours at urgent care.",
    "Anesthesia questions? Our website has a guide for anyone planning surgery.",
]


def _found(text: str, channel: Channel = "outbound") -> list[str]:
    return [f.code for f in disclosure(Document(text, channel))]


@pytest.mark.parametrize("text", DISCLOSES + OBFUSCATED)
def test_flags_patient_disclosures(text: str) -> None:
    assert CODE in _found(text)


@pytest.mark.parametrize("text", DISCLOSES + OBFUSCATED)
def test_disclosures_are_blocked_by_default_policy(text: str) -> None:
    assert socialrx.analyze(text).decision.action == "block"


@pytest.mark.parametrize("text", [t for t in CLEAN if t])
def test_clean_posts_are_not_disclosures(text: str) -> None:
    assert _found(text) == []


def test_empty_text() -> None:
    assert _found("") == []
    assert _found("", "reply") == []


@pytest.mark.parametrize("text", REPLIES_BLOCK)
def test_replies_confirming_care_are_flagged(text: str) -> None:
    assert CODE in _found(text, "reply")
    assert socialrx.analyze(text, channel="reply").decision.action == "block"


@pytest.mark.parametrize("text", REPLIES_ALLOW)
def test_safe_replies_pass(text: str) -> None:
    assert _found(text, "reply") == []


def test_reply_rules_apply_only_to_replies() -> None:
    text = "We are sorry about the wait at your visit."
    assert _found(text, "outbound") == []
    assert _found(text, "reply")


def test_spans_point_at_the_cues_in_the_original_text() -> None:
    text = "our p a t i e n t J0hn Sm1th rang the bell"
    spans = [f.span for f in disclosure(Document(text)) if f.span]
    assert [text[s.start : s.end] for s in spans] == [
        "our p a t i e n t J0hn Sm1th",
        "rang the bell",
    ]


def test_why_never_repeats_the_text() -> None:
    text = "Congrats to our patient Maria Gonzalez, who rang the bell after her last chemo!"
    for finding in disclosure(Document(text)):
        assert "Maria" not in finding.why
        assert "chemo" not in finding.why


def test_detector_pickles() -> None:
    assert pickle.loads(pickle.dumps(disclosure)) is disclosure


def test_safe_reply_templates_cover_every_kind() -> None:
    templates = safe_replies()
    assert {t.kind for t in templates} == set(REPLY_KINDS)
    assert all(safe_replies(kind) for kind in REPLY_KINDS)


@pytest.mark.parametrize("template", safe_replies(), ids=lambda t: t.kind)
def test_safe_reply_templates_are_allowed(template: object) -> None:
    from socialrx.replies import ReplyTemplate

    assert isinstance(template, ReplyTemplate)
    for text in (template.text, template.render("Lakeside Health", "us at 555-0100")):
        analysis = socialrx.analyze(text, channel="reply")
        assert analysis.decision.action == "allow", [f.code for f in analysis.findings]


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("@ana_r thanks!", True),
        ("Hi Ana, thanks!", True),
        ("Dear Mr. Patel, thank you.", True),
        ("Replying to Mark: thanks", True),
        ("Sarah, thanks for coming.", True),
        ("Hi team, great job!", False),
        ("Hi everyone! Flu shots today.", False),
        ("Dear Dr. Lee, thank you.", False),
        ("Book now @OurClinic", False),
        ("Boston, we're coming!", False),
    ],
)
def test_posts_that_open_to_one_person(text: str, opens: bool) -> None:
    from socialrx.detectors.addressed import opens_to_one

    assert opens_to_one(Document(text, "outbound")) is opens
