"""The crisis label and crisis.cue findings (issue #3, point 2), on synthetic text only; plus
the reading of the two crisis evaluation datasets and a quality gate over their figures."""

from __future__ import annotations

import dataclasses
import pickle
import time
from functools import cache
from pathlib import Path

import pytest

from socialrx.classifiers import crisis_context, crisis_words
from socialrx.classifiers.crisis import assess, crisis, crisis_cues
from socialrx.errors import DatasetError
from socialrx.evaluation import cssrs, rhmd
from socialrx.evaluation.triage import Figure
from socialrx.model import Document
from socialrx.pipeline import Pipeline
from socialrx.policy import default_policy

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# (text, words of the why that should explain it)
CRISIS = [
    ("I want to die", "wish to be dead"),
    ("i cant do this anymore, ive written my goodbye letters", "last message"),
    ("thinking about ending it all", "suicidal thoughts"),
    ("honestly there is no reason to live", "hopelessness about living"),
    ("kms", "suicidal intent"),
    ("going to take all my pills tonight", "plan"),
    ("sucide is on my mind every day", "suicidal thoughts"),
    ("i want to dye", "wish to be dead"),
    ("i just wanna die", "wish to be dead"),
    ("i am so suicidal right now", "end one's life"),
    ("im feeling sucidal again", "end one's life"),
    ("everyone would be better off without me", "better off"),
    ("I won't be around much longer", "farewell"),
    ("saying goodbye", "farewell"),
    ("i dont want to be alive anymore", "not to be alive"),
    ("I wish I was never born", "wish to be dead"),
    ("going to kill myself tonight", "suicidal intent"),
    ("i want to end my life", "suicidal intent"),
    ("i keep cutting myself again", "hurting oneself"),
    ("I have enough pills to die", "plan"),
    ("I have thoughts of killing myself", "suicidal thoughts"),
    ("nobody would even miss me", "better off"),
    ("i hate myself and i cant go on", "hopelessness"),
    ("My dad has chest pain and can't breathe", "breathing"),
    ("my baby is not breathing", "breathing has stopped"),
    ("she's unconscious and won't wake up", "cannot be woken"),
    ("think I'm having a stroke, face drooping", "stroke"),
    ("my brother overdosed", "overdose"),
    ("severe allergic reaction, throat closing", "allergic"),
    ("my son swallowed bleach", "poisoning"),
    ("he is bleeding heavily and it wont stop", "bleeding"),
    ("my wife is having a seizure and won't stop shaking", "seizure"),
    ("my friend keeps saying she wants to die, what do i do", "someone else"),
    ("My teenage son is threatening to kill himself", "someone else"),
    ("I took a whole bottle of tylenol", "overdose"),
    ("i can't breathe please help", "breathing"),
    ("my throat is swelling after eating peanuts", "swelling"),
    ("this job makes me want to kill myself", "suicidal intent"),
    ("no one would care if i died", "better off"),
    ("my chest feels tight and my left arm is numb", "numb arm"),
    ("dad says his jaw hurts and his chest feels tight", "pressure in the chest"),
    ("chest feels heavy and im short of breath", "breathing"),
    ("my husband is having trouble speaking and his face looks weird", "stroke"),
    ("my dad suddenly can't move his right arm", "stroke"),
    ("she has trouble getting her words out and her face is droopy", "stroke"),
    ("my chest is tight and there's pain down my left arm", "numb arm"),
    ("she fell and hit her head and now she's confused and throwing up", "head injury"),
    ("my son is having an asthma attack and his inhaler isn't working", "asthma"),
    ("baby has a fever of 105 and is really floppy", "limp or hard to wake"),
    ("toddler has a temp of 40.5", "very high fever"),
    ("she's breathing but won't respond", "cannot be woken"),
    ("my friend is passed out and we can't wake him", "cannot be woken"),
    ("he took too much insulin and is shaking and sweating", "low blood sugar"),
    ("worst headache of my life, came on suddenly", "worst-ever headache"),
    ("my grandma fell and can't get up", "unable to get up"),
    ("my kid ate some of my pills", "poisoning"),
    ("my wife's lips are swelling after the new antibiotic", "allergic reaction"),
    # the means in hand, a jump with a time, an asthma attack that will not stop
    ("i have the pills in my hand right now", "at hand"),
    ("i'm going to jump tonight, i'm sorry", "plan"),
    ("my asthma attack isn't stopping even with my inhaler", "breathing"),
    ("i've decided tonight is my last night", "farewell"),
    ("my friend just texted me goodbye and said she's sorry for everything", "someone else's"),
    ("my daughter is having an allergic reaction, her face is swelling up fast", "allergic"),
    ("he fell off a ladder and isn't moving", "responds to nothing"),
    ("there's no reason for me to be alive", "hopelessness"),
    ("i bought a gun last week and i know what i'm going to do with it", "plan"),
    ("i keep googling how many pills it takes", "looking for a way"),
    ("i'm standing on the bridge", "plan"),
    ("my wife cant stop shaking and is foaming at the mouth", "seizure"),
    ("my son swallowed some of the dishwasher pods", "poisoning"),
    ("my mom's blood sugar is 40 and she's confused and sweaty", "low blood sugar"),
    ("my dad passed out in the bathroom and hit his head", "responds to nothing"),
    ("my husband suddenly can't speak properly and his arm went weak", "stroke"),
    ("got stung by a bee and my throat feels like it's closing", "allergic"),
    ("cant do this no more, im checking out for good", "intent"),
    ("i have a plan and a date", "plan"),
    ("thinking about jumping off my balcony", "plan"),
    ("nobody cares if i live or die", "better off"),
    ("i'm scared i'm going to do something to myself tonight", "despair"),
    ("my sister locked herself in the bathroom with a razor", "shut in"),
    ("my dad is clutching his chest and can't breathe", "heart attack"),
    ("there's blood everywhere, he cut his hand on the saw", "bleeding"),
    ("my kid got into the bleach under the sink", "poisoning"),
]

NOT_CRISIS = [
    "this migraine is killing me lol",
    "that talk killed me",
    "I'm dying to try the new cafe",
    "my feet are killing me",
    "dead tired after that shift",
    "I could kill for a coffee",
    "this exam will be the death of me",
    "study on suicide prevention published",
    "suicide rates rose in 2020",
    "please reach out, you're not alone, call 988",
    "I used to think about suicide but therapy helped, 5 years clean",
    "I'm not suicidal, just tired of my commute",
    "i want to dye my hair purple",
    "i'm having a stroke reading this thread lol",
    "this traffic makes me want to die lol",
    "if you are having thoughts of suicide, please call 988",
    "Heart attack symptoms include chest pain and shortness of breath; call 911 if you see them",
    "Great visit today, the nurses were lovely and parking was easy",
    "Why is my bill $400 when insurance covered it? Nobody calls back.",
    "saying goodbye to summer with a last beach day",
    "we are seizing the opportunity to open a new clinic",
    "the unconscious mind is fascinating",
    "I can't breathe, this humidity is unreal",
    "this song makes me want to die it's so good",
    "I'd rather die than go to that party",
    "we lost our dog today, saying goodbye was so hard",
    "I wrote a paper on suicide prevention for school",
    "i cant breathe through my nose since the cold",
    "throat is swollen and sore from strep",
    "i'm allergic to cats",
    "I'm having a heart attack lol",
    "my arm is numb from sleeping on it",
    "im short of breath after the stairs",
    "pain in my jaw from the dentist",
    "he won't respond to my emails",
    "i had an asthma attack as a kid",
    "fever of 101 since yesterday",
    "the worst headache of my week",
    "my son has trouble speaking english",
    "i hit my head on the cupboard lol",
    "my blood sugar was 95 this morning",
    "she fell asleep on the couch and can't get up early",
    "my dog ate my homework",
    "i have my pills in my hand but forgot if i took the morning dose",
    "we're going to jump right now into the lake",
    "im gonna jump tonight at the trampoline park",
    "my asthma attack last year was scary",
    "today is my last day at work, thanks everyone",
    "tonight is my last night in paris",
    "he said he's sorry for everything he did at the party",
    "she texted me goodbye before her flight",
    "she fell asleep and isn't moving much, just resting",
    "we're not moving house this year",
    "my dad is not moving to florida after all",
    "the traffic is not moving",
    "tell my kids i love them, i'll be home late",
    "there's no reason for me to be here at this meeting",
    "i'm standing on the bridge and the view is amazing",
    "he was foaming at the mouth with anger at the meeting",
    "how many pills it takes to feel better",
    "my blood sugar was 50 after my run, had a snack and feel fine",
    "my throat feels like it's closing when i get anxious",
    "my grandpa can't speak properly since his stroke years ago",
    "we have a plan and a date for the wedding",
    "jumping off the balcony into the pool was the best part of the trip",
    "holding my chest because i've been coughing all day",
    "there's blood everywhere after my nosebleed lol",
    "i'm checking out of the hotel tomorrow",
    "my son had a seizure as a toddler, he's fine now",
    # public education, not a person in trouble ("call 911 if …" informs)
    "Know the signs of stroke: trouble speaking, face drooping, arm weakness. Call 911.",
    "great article on asthma: if the inhaler isn't working, go to the ER",
    "If your baby is floppy or has a fever of 104, seek care right away",
    "my heart stopped when I saw the score",
    "i give up on this printer",
    "my phone battery is dying",
    "I nearly died laughing",
    "killing it at the gym today",
    "",
    " ",
    # look-alikes of the 2026-11-21 families (tests/inbox.toml, crisis round 5)
    "I gave away my dog because we moved to an apartment.",
    "I won't need my crutches anymore!",
    "my dad is diabetic and the manual is not making sense",
    "my mom is diabetic and she is confused about her new meal plan",
    "He is not making sense of the bill either",
    "took too much time to get an appointment, and the wait was long",
    "I'm standing on the bridge near the hospital taking sunset photos",
    "I just need the courage to ask for a raise.",
    "Thinking about driving into the city for my appointment",
    "I've got the pills ready for my trip",
    "I almost had a heart attack when I saw the bill, is this a stroke lol",
    # look-alikes of the round 6 families
    "I hope I don't wake up late for my surgery tomorrow!",
    "Our car was in the garage with the engine running for the emissions test.",
    "his words were slurred after the dental numbing wore off? normal?",
    "my baby is 6 weeks old, when does the fever from vaccines usually go away?",
    "pregnant and my feet are so swollen by the end of the day, normal?",
    "what's the glass test for a rash?",
    "My friend posted 'see you on the other side' before her flight to Australia",
    "he texted sorry I'm late and his phone is off now, probably driving",
    "can't feel my legs after that leg day at the gym",
    "took all my grandma's pills to the drug take-back day like you suggested, thanks!",
    "my wife collapsed on the couch after the marathon, she's so tired",
    "I want the pain to stop permanently, is surgery an option for my knee?",
]


def _score(text: str) -> float:
    return assess(Document(text, "inbound")).score


@pytest.mark.parametrize(("text", "why"), CRISIS)
def test_crisis_is_flagged_with_a_cue(text: str, why: str) -> None:
    doc = Document(text, "inbound")
    [label] = crisis(doc)
    assert label.name == "crisis" and label.score >= 0.5, label
    findings = list(crisis_cues(doc))
    assert findings, "a crisis points at its words"
    assert any(why in f.why for f in findings), [f.why for f in findings]
    for f in findings:  # a why explains in words and never quotes the post
        if f.span is not None:
            assert text[f.span.start : f.span.end].lower() not in f.why.lower()


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_not_crisis(text: str) -> None:
    doc = Document(text, "inbound")
    assert next(iter(crisis(doc))).score < 0.5
    assert list(crisis_cues(doc)) == []


@pytest.mark.parametrize(
    ("plain", "lowered"),
    [
        ("I want to kill myself", "I would never kill myself"),
        ("I want to die", "I don't want to die"),
        ("I am suicidal", "I was suicidal years ago but therapy helped"),
        ("i want to die", "i want to die lol"),
        ("I want to die", "you said you want to die, please talk to someone"),
        ("my dad has chest pain and can't breathe", "he had chest pain for years on and off"),
    ],
)
def test_context_lowers_the_score(plain: str, lowered: str) -> None:
    assert _score(lowered) < _score(plain)


def test_spans_are_original_offsets_through_evasions() -> None:
    text = "ok so... i w\u200bant to d\u200bie tonight"
    doc = Document(text, "inbound")
    [finding] = [f for f in crisis_cues(doc) if f.span is not None]
    assert finding.span is not None
    assert text[finding.span.start : finding.span.end].replace("\u200b", "") == "want to die"
    assert "want" not in finding.why


def test_long_despairing_post_is_flagged_without_a_phrase() -> None:
    text = (
        "I have been so depressed for months. I feel hopeless and worthless, completely alone, "
        "and I am exhausted all the time. I cry every night and feel trapped in my own head."
    )
    doc = Document(text, "inbound")
    assert _score(text) >= 0.5
    findings = list(crisis_cues(doc))
    assert any(f.span is None and "despair" in f.why for f in findings), findings


# Ideation said in other words (entrapment, unbearable pain, burdensomeness, not belonging,
# self-harm urges and methods, passive wishes): (text, words of the why)
IDEATION = [
    ("i feel so trapped in my own life and there is no way out", "trapped"),
    ("theres no escape from this, im stuck in this hell", "trapped"),
    ("the pain is unbearable, i cant take this pain anymore", "unbearable"),
    ("i feel like such a burden to everyone", "burden"),
    ("nobody wants me, i dont belong anywhere", "alone and unwanted"),
    ("i have no one. nothing will ever get better", "despair"),
    ("i have an urge to cut again", "hurting oneself"),
    ("want to self harm so bad tonight", "hurting oneself"),
    ("thinking i will slit my wrists", "hurting oneself"),
    ("i tied a noose last night", "plan"),
    ("might just step in front of a train", "plan"),
    ("i hope a car hits me on my way home", "wish to be dead"),
    ("i want to not wake up tomorrow", "not to be alive"),
    ("so tired of fighting, reached my breaking point", "hopelessness"),
    ("i dont see the point of living", "hopelessness"),
    ("planning on ending it this weekend", "intent"),
]

NOT_IDEATION = [
    "i wanna cut my hair short",
    "cut my arm on a fence while hiking",
    "no way out of this traffic jam",
    "things will get better, hang in there",
    "this back pain is too much lol",
    "i have no one to blame but myself for this sunburn",
    "i am at my limit with this billing department",
    "i feel trapped in this contract with my phone company",
    "I just want to cut costs this year",
    "I crashed my car into a pole yesterday, everyone is fine",
    "my life is hell since the renovation started lol",
    "i can't anymore with this heat",
    "I failed my exam, I am overwhelmed and my weekend is ruined",
    "I lost my keys and I am so tired and sad today",
    "you are not a burden, reach out, here for you",
    "i hope a car hits the pothole so the city fixes it",
]


# C-SSRS levels and crisis-line warning signs said indirectly, in lower case or misspelled
# (issue 3): (text, words of the why). Synthetic, written for these tests.
INDIRECT = [
    ("looked up the most painless way to die", "way or the means"),
    ("how many pills would it take to die", "way or the means"),
    ("i have a plan to end my life", "plan"),
    ("i picked the date to end it", "plan"),
    ("im scared ill act on these thoughts", "intent to act"),
    ("i held a knife to my wrist last night", "interrupted"),
    ("i put the rope around my neck but stopped", "interrupted"),
    ("talked myself out of jumping again", "interrupted"),
    ("pulled the trigger but nothing happened", "interrupted"),
    ("i just want eternal sleep", "longing for death"),
    ("death sounds so peaceful right now", "longing for death"),
    ("i dont care if i live or die", "wish to be dead"),
    ("wish i didnt wake up this morning", "wish to be dead"),
    ("my family would be happier without me", "better off"),
    ("i want to killmyself", "suicidal intent"),
    ("thinking of self deleting tonight", "suicidal intent"),
    ("i want to unalive myself", "suicidal intent"),
    ("relapsed and cut again", "hurting oneself"),
    ("ive been cutting my thighs", "hurting oneself"),
    ("i keep cuting myself", "hurting oneself"),
    ("trying not to cut tonight", "hurting oneself"),
    ("ive lost the will to live", "hopelessness about living"),
    ("why bother waking up", "hopelessness about living"),
    ("im not safe with myself right now", "not safe"),
    ("i dont trust myself tonight", "not safe"),
    ("scared of what i might do to myself", "not safe"),
    ("i wont be a burden to anyone much longer", "farewell"),
    ("none of this will matter soon", "farewell"),
    ("i decided to end my life", "decision"),
    ("i keep planning my death", "longing for death"),
    ("how would my parents react to my death", "after one's death"),
    ("i just want to dissapear", "hopelessness"),
    ("honestly i dont see a way out other than dying", "suicidal thoughts"),
    ("i feel like ending things", "intent to end"),
    ("i have the pills ready", "plan"),
    ("im on the roof and i want to jump", "plan"),
    ("i took 30 pills an hour ago", "overdose"),
    ("i swallowed a bunch of pills", "overdose"),
    ("the only thing that helps is cutting", "hurting oneself"),
    ("i dont think i can keep going", "hopelessness"),
    ("im done. goodbye", "farewell"),
    ("goodbye. im sorry for everything", "farewell"),
    ("i have thoughts about not being here", "suicidal thoughts"),
    ("thinking about od'ing tonight", "suicidal thoughts"),
    ("i wish i had the courage to end it", "wish to be dead"),
    ("i keep imagining my own funeral", "own death"),
    ("if i died tomorrow no one would notice", "alone and unwanted"),
    ("whats the point of me being alive", "hopelessness about living"),
    ("the only reason i havent killed myself is my dog", "one reason only"),
    ("only thing stopping me from ending it is my mom", "one reason only"),
    ("sitting here with the gun in my lap", "at hand"),
    ("i do have my .357 in my lap", "at hand"),
    ("been staring at the pills for an hour", "at hand"),
    ("dont know if ill make it through the night", "getting through the night"),
    ("thinking about checking myself into the psych ward", "hospital for one's safety"),
    ("nobody can even give me a reason to keep going", "reason to stay alive"),
    ("im a danger to myself right now", "not safe"),
    ("ive been googling ways to die", "way or the means"),
    ("i dont think ill be around much longer", "farewell"),
    ("honestly i dont see the point anymore", "hopelessness"),
    # round 12 (2026-11-22): the indirect wording of long forum posts
    ("i count my pills every night. i know how many it would take.", "way or the means"),
    ("been checking which bridges near me are high enough", "way or the means"),
    ("how long does it take to die from starvation? i stopped eating", "way or the means"),
    ("i keep picturing walking into the sea and never coming back", "way or the means"),
    ("when i drive i think about letting go of the wheel", "way or the means"),
    ("my dad found the noose in my room", "a plan, means"),
    ("i've rewritten my note five times", "farewell"),
    ("i think this is the end for me", "farewell"),
    ("i've been giving my things away to friends", "farewell"),
    ("tonight i'm going to finally do it.", "intent to act"),
    ("i don't know why i'm still alive", "wish not to be alive"),
    ("not sure why im still here. there's no reason to stay.", "wish not to be alive"),
    ("everyone keeps saying it gets better. i'm ready to check out.", "intent to end"),
    ("my family would be lighter without me in it", "better off without"),
]

NOT_INDIRECT = [
    "what's the best way to go to the airport",
    "how many pills do i take for a headache",
    "lethal dose of caffeine is about 10 grams, says the article",
    "i have a plan to end it with him tonight",
    "i choose to die on this hill",
    "decided to end it with my boyfriend",
    "the team is better without me on the field, i'm benching myself",
    "i bought a gun for hunting season",
    "the gun jammed at the range today",
    "wish i didn't wake up so early today",
    "i'm going to do it this time, i'm finally running a marathon",
    "i've been scratching my arms, this eczema is awful",
    "i wonder what it would be like to live in japan",
    "i'm trying not to cut corners on this project",
    "i haven't cut myself in 2 years",
    "i would never kill myself",
    "i didn't kill myself, i just fell off the ladder",
    "death metal sounds so good live",
    "i can't cope with this cold weather",
    "i feel like ending it with her, we fight all the time",
    "i have the pills ready for grandma's morning dose",
    "i'm standing on the roof and want to jump into the pool lol",
    "took 20 pills of vitamin c over the month",
    "i'm done trying to fix this printer",
    "i love you all, goodbye for now, see you after my vacation",
    "sorry for everything, goodbye and thanks for all the fish",
    "i don't think i can keep going to this gym",
    "thoughts about not being here for the holidays make me sad",
    "i couldn't take it anymore so i left the party early",
    "imagine my funeral playlist lol",
    "i had the guts to go through with it and quit my job",
    "the only reason i didn't go to the party is my cold",
    "the only reason i'm still here is the great nurses on 4 west",
    "she had the gun in her holster at the range",
    "the cat is asleep in my lap again",
    "staring at the screen all day gives me headaches",
    "need coffee to get me through the night shift",
    "i checked myself in at the front desk for my appointment",
    "give me a reason to keep going to this gym",
    "he's a danger to himself on that skateboard",
    "i looked up ways to die in minecraft for the speedrun",
    "i don't see the point of this meeting",
    "1000 ways to die is my favourite show",
    # round 7 (2026-11-22): look-alikes of its families
    "googling how long it takes to recover from knee surgery",
    "I'd rather end things on a good note: thanks for a great year, team!",
    "she's not waking up early anymore since school ended",
    "the weight sitting on my chest is the stress of finals lol",
    "my meter says lo battery again, where do I get a new one?",
    "hit my head on the cabinet, can't remember the last time I did that lol",
    "deleted all my accounts for a digital detox, feeling great",
    "i keep thinking about crashing my car last winter on the ice, so scary",
    "i wrote letters to my kids' teachers to thank them, such a great year",
    "worst headache of my life after that concert last night, never again lol",
    # round 12 (2026-11-22): look-alikes of its families
    "i know how many it takes to fill the van for the blood drive",
    "the bridge isn't high enough for trucks, take the other road to the clinic",
    "is the roof high enough to see the fireworks from the ward?",
    "how long does it take to dye my hair at the salon",
    "walking into the ocean and swimming to the buoy is my morning routine",
    "my teen keeps letting go of the wheel to text, so scary",
    "my son found the rope for the tire swing in the garage",
    "i've written the note to my landlord about the leak",
    "this is the end for me at this job, i start at your hospital monday!",
    "we're giving our things away to the thrift store before the move",
    "tonight i'm going to finally do it: clean out the garage",
    "i just wanted someone to know how kind your nurses were",
    "not sure why i'm still here at the clinic, i've waited three hours",
    "i'm ready to check out of the hotel, is the shuttle running?",
    "the house would be quieter without me in it this weekend",
    "i wanted to die when my team lost in overtime, worst night ever",
    "last year i tried to end my life and today i'm grateful i'm still here. call or text 988",
    "it's been two years since my last attempt and i just got my first job",
]


# Short messages the hand-written gate word lists let through unscanned (each scored 0): the
# gates are now derived from the phrases (tests/test_required.py proves them sound).
GATE_HOLES = [
    ("i took too many meds", "overdose"),
    ("i have enough meds to die", "plan"),
    ("my dad may be having a stroke", "stroke"),
    ("this is my last day alive", "farewell"),
    ("my toddler swallowed a laundry pod", "poisoning"),
    ("i am gonna take all of them tonight", "plan"),
    ("pain going down my left arm and sweating", "chest"),
]


@pytest.mark.parametrize(("text", "why"), IDEATION + INDIRECT + GATE_HOLES)
def test_ideation_in_other_words_is_flagged(text: str, why: str) -> None:
    doc = Document(text, "inbound")
    assert _score(text) >= 0.5, text
    findings = list(crisis_cues(doc))
    assert any(why in f.why for f in findings), [f.why for f in findings]
    assert all(text not in f.why for f in findings)


@pytest.mark.parametrize("text", NOT_IDEATION + NOT_INDIRECT)
def test_near_misses_of_ideation_are_not_flagged(text: str) -> None:
    assert _score(text) < 0.5, text


@pytest.mark.parametrize(
    ("text", "denied"),
    [
        # struggling against an urge, or failing at the act, is not a denial
        ("i'm trying not to kill myself", "i'm not going to kill myself"),
        ("i couldn't kill myself, my mom would find me", "i would never kill myself"),
        ("i haven't been this suicidal in years", "i haven't been suicidal in years"),
        ("i don't know why i want to die", "i don't want to die"),
    ],
)
def test_what_is_not_a_denial(text: str, denied: str) -> None:
    assert _score(text) >= 0.5 > _score(denied), (_score(text), _score(denied))


def test_a_past_attempt_counts_unless_recovered() -> None:
    assert _score("I attempted suicide years ago") >= 0.5
    assert _score("I attempted suicide years ago, therapy helped and I'm in recovery") < 0.5
    assert _score("i had a seizure years ago") < 0.5


def test_everyday_complaint_words_alone_need_more_to_count_as_despair() -> None:
    weak = "I am tired and sad, I feel anxious and my head hurts"
    strong = "I am tired and sad, I feel hopeless and my head hurts"
    assert _score(weak) < 0.5 <= _score(strong)


def test_phrase_lists_are_well_formed() -> None:
    for kind in crisis_words.KINDS:
        assert 0.0 < kind.weight <= 1.0 and kind.phrases, kind.name
        assert kind.family in ("suicide", "emergency", "other"), kind.name
        for phrase in kind.phrases:
            assert phrase == phrase.lower(), (kind.name, phrase)
    assert all(p == p.lower() for ps in crisis_context.MARKERS.values() for p in ps)


def test_classifier_and_detector_share_one_assessment() -> None:
    doc = Document("I want to die", "inbound")
    list(crisis(doc))
    first = doc.memo("crisis.assessment")
    assert first is not None
    list(crisis_cues(doc))
    assert doc.memo("crisis.assessment") is first
    clone = pickle.loads(pickle.dumps(doc))
    assert clone.memo("crisis.assessment") is None
    assert next(iter(crisis(clone))) == next(iter(crisis(doc)))


def test_long_posts_stay_linear() -> None:
    text = ("i am tired and sad and i want to " * 2000) + "die"
    result = assess(Document(text, "inbound"))
    assert len(result.cues) <= 9  # the strongest phrases are weighed, plus despair


@pytest.mark.parametrize(
    "unit",
    ["kill my self ", "trying not to ", "how many pills ", "would be better ", "suicide "],
)
def test_megabyte_of_repeated_phrase_starts_stays_fast(unit: str) -> None:
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    started = time.perf_counter()
    assess(Document(text, "inbound"))
    assert time.perf_counter() - started < 2.0


def test_pipeline_record_carries_label_cue_and_escalation() -> None:
    record = Pipeline().analyze_text("my baby is not breathing", "inbound").to_record()
    assert [lb["name"] for lb in record["labels"]][:1] == ["crisis"]
    cues = [f for f in record["findings"] if f["code"] == "crisis.cue"]
    assert cues and cues[0]["text"] == "not breathing"
    assert record["escalation"] is not None


# -- evaluation readers, on synthetic files --------------------------------------------------


def _cssrs_file(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["User,Post,Label"]
    for n, (cell, label) in enumerate(rows):
        lines.append(f'user-{n},"{cell}",{label}')
    (tmp_path / cssrs.FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def _crisis_only() -> Pipeline:
    policy = dataclasses.replace(
        default_policy(), detectors=("crisis_cues",), classifiers=("crisis",)
    )
    return Pipeline(policy)


def test_cssrs_reads_lists_and_salvages_cut_cells(tmp_path: Path) -> None:
    folder = _cssrs_file(
        tmp_path,
        [
            ("['i want to die tonight', 'nothing else']", "Ideation"),
            ("['you are not alone, please reach out']", "Supportive"),
            ("['one complete post', 'another complete one', 'cut in the mid", "Behavior"),
            ("['how was your day']", "Indicator"),
        ],
    )
    users = list(cssrs.load(folder))
    assert [u.label for u in users] == ["Ideation", "Supportive", "Behavior", "Indicator"]
    assert users[2].truncated and users[2].posts == ("one complete post", "another complete one")
    figures = cssrs.figures(folder, _crisis_only())
    assert [f.value for f in figures] == [0.5, 0.0]
    assert [f.direction for f in figures] == [">=", "<="]
    assert "want" not in figures[0].detail


@pytest.mark.parametrize(
    "rows",
    [
        [("['a post']", "Unknown")],
        [("not a list at all", "Ideation")],
    ],
)
def test_cssrs_malformed_rows_raise(tmp_path: Path, rows: list[tuple[str, str]]) -> None:
    with pytest.raises(DatasetError) as info:
        list(cssrs.load(_cssrs_file(tmp_path, rows)))
    assert "post" not in str(info.value).split(":")[-1].lower() or "Post cell" in str(info.value)


def test_rhmd_reads_and_scores(tmp_path: Path) -> None:
    (tmp_path / rhmd.FILE).write_text(
        "Text,Label\n"
        '"this exam is killing me lol",0\n'
        '"my feet are killing me",0\n'
        '"new study on migraine treatment",1\n'
        '"my dad has chest pain and cant breathe right now",2\n',
        encoding="utf-8",
    )
    [figure] = rhmd.figures(tmp_path, _crisis_only())
    assert figure.value == 0.0 and figure.direction == "<="
    assert "label 2 (personal) flagged 1/1" in figure.detail
    (tmp_path / rhmd.FILE).write_text('Text,Label\n"x",7\n', encoding="utf-8")
    with pytest.raises(DatasetError):
        rhmd.figures(tmp_path, _crisis_only())


# -- quality gate over the real datasets (skipped where they are absent) ---------------------


@cache
def _figures(folder: str) -> list[Figure]:
    path = DATA / folder
    if not path.is_dir():
        pytest.skip(f"dataset not present at {path}")
    if folder == cssrs.NAME:
        return cssrs.figures(path, _crisis_only())
    return rhmd.figures(path, _crisis_only())


def test_quality_cssrs() -> None:
    """Issue target: at-risk users ≥ 90% flagged, Supportive ≤ 50%. The rules reach about
    89% on at-risk users (a development-set figure, see docs/quality.md); this gate guards
    against regressions."""
    at_risk, supportive = _figures(cssrs.NAME)
    assert at_risk.value >= 0.88, at_risk.as_dict()
    assert supportive.passed, supportive.as_dict()


def test_quality_rhmd_figurative() -> None:
    [figurative] = _figures(rhmd.NAME)
    assert figurative.passed, figurative.as_dict()
