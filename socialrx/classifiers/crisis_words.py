"""The phrases of the crisis classifier (registers nothing): how people say they want to die, plan
to, hurt themselves, or that someone needs emergency care now.

Written from general knowledge (C-SSRS severity levels: wish to be dead, ideation, method,
intent, plan, preparatory behaviour, interrupted and aborted attempts, attempt; crisis-line
warning signs: farewells, burdensomeness, giving things away, researching ways to die, getting
the means, not feeling safe; common misspellings, run-together spellings and algospeak; lay
words for the emergencies a dispatcher asks about), never mined from a dataset.

Each ``Kind`` is a list of phrases matched on the lower-cased normalised text. In a phrase a
space stands for any white space and an apostrophe is optional and may be curly, so "can't"
also matches "cant" and "can’t". A kind is only scanned when the text holds a word one of its
phrases cannot match without (derived from the phrases themselves, see
``socialrx.detectors._required``); a kind has several entries with the same name where its
phrases share no rare word, so each entry is scanned only when it may match. The context the classifier weighs each
phrase by (markers, who-words, despair vocabulary) is in ``crisis_context``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Family = Literal["suicide", "emergency", "other"]

# Spelling variants: "suicide", "sucide", "suicde", "suiside", "suicidal", "sucidal" …
SUICIDE = r"(?:su[ie]?[cs]{1,2}i?de?s?|sewer ?slide)"  # and the "sewer slide" of algospeak
SUICIDAL = r"su[ie]?[cs]{1,2}i?d(?:i?al|el)"
DIE = r"(?:die|dye(?! (?:my|it|her|his|the|your|their)\b)|be dead|not be alive|not exist)"
PILLS = (
    r"(?:pills|meds|medications?|tablets|sleeping pills|painkillers|pain killers|tylenol|"
    r"paracetamol|acetaminophen|ibuprofen|aspirin|xanax|benadryl|insulin|antidepressants|"
    r"prescriptions?|oxy|oxycodone|opioids|sleeping tablets)"
)
FILL = r"(?:[a-z\x27\u2019]+ )"  # one word and the space after it


@dataclass(frozen=True)
class Kind:
    """A kind of crisis phrase: how much one such phrase says alone, and why, in words."""

    name: str
    family: Family
    weight: float  # how sure one such phrase alone makes us, before context
    why: str
    phrases: tuple[str, ...]
    subject: bool = True  # whether who says it matters (checked in the clause before)
    unsaid: float = 1.0  # how much it counts when the clause names nobody


KINDS: tuple[Kind, ...] = (
    # -- suicidal intent, ideation, plans (first person unless said otherwise) --------------
    Kind("self_kill", "suicide", 0.92, "first-person suicidal intent",
         (r"(?:kill|killin|killing|kil|kll|hang|hanging|shoot|shooting|off|offing|unalive|"
          r"unaliving|end|ending|drown|drowning|poison|poisoning|suffocate) "
          r"(?:my ?self|myslef|mysef)",
          r"kms"), subject=False),
    Kind("self_kill", "suicide", 0.92, "first-person suicidal intent",
         (r"(?:end|ending|take|taking|took) my (?:own )?life",), subject=False),
    Kind("suicide_act", "suicide", 0.85, "first-person suicidal thoughts or intent",
         (rf"(?:commit|commiting|committing|comit) {SUICIDE}",
          rf"(?:thinking|thought|think|thinkin) (?:a lot |so much |constantly )?(?:about|of) "
          rf"(?:{SUICIDE}|killing my ?self|ending (?:it|my life|things|everything)|dying|death|"
          rf"overdosing|od[\x27\u2019]?ing|not being (?:here|alive|around)(?! (?:for|on|at|in|when|"
          rf"during|tomorrow|next)))",
          rf"(?:considering|consider|contemplating|contemplate|planning|plan) {SUICIDE}",
          rf"{SUICIDE} (?:is|seems|feels) (?:like )?(?:the|my) (?:only|best|last) "
          rf"(?:way|option|answer|choice|way out)",
          rf"{SUICIDE} (?:plan|plans|method|methods)",
          rf"{SUICIDE} (?:is |has been |keeps |was )?(?:on|in|crossing|crossed) my (?:mind|head)",
          r"(?:death|dying) (?:is|seems|feels|would be) (?:like )?(?:the only|my only|a relief|"
          r"so much )?(?:better|easier|answer|option|way out|relief)",
          rf"(?:thoughts|urges|fantasies|fantasize|fantasizing|dreams|dreaming) (?:of|about) "
          rf"(?:{SUICIDE}|killing my ?self|dying|death|ending (?:it|my life|things)|not being "
          rf"(?:here|alive|around)(?! (?:for|on|at|in|when|during|tomorrow|next)))")),
    Kind("suicidal", "suicide", 0.85, "first-person wish to end one's life", (SUICIDAL,)),
    Kind("want_die", "suicide", 0.85, "first-person wish to be dead",
         (rf"(?:want|wanna|wana|wan|wanted|wishing|ready|deserve|deserved) (?:to |too |2 )?"
          rf"(?:just |really |fucking |honestly |literally )?{DIE}",
          r"wish (?:i|id|i'd) (?:was|were|had|would) (?:dead|died|never been born|not born|"
          r"never born|die|just die)",
          r"wish i (?:was|were)n't (?:alive|born)",
          r"wish i (?:could )?(?:just )?(?:die|not wake up|never wake up|fall asleep and never)",
          r"(?:hope|hoping) (?:i|to) (?:die|don't wake up|never wake up|not wake up)"
          r"(?! (?:early|late|before|at|in time|on time|with|during))",
          r"should (?:just )?(?:die|be dead)",
          r"(?:can't|cant|cannot) wait to die",
          r"(?:sleep|fall asleep|go to sleep) and (?:never|not) wake up",
          r"(?:wouldn't|would not|don't|do not|dont|wouldnt) (?:even )?(?:mind|care) (?:if i )?"
          r"(?:die|being dead|didn't wake up|never woke up|not waking up)",
          r"(?:hope|hoping|wish|pray|praying) (?:that )?(?:something|someone) kills? me",
          r"wish i (?:could )?(?:just )?(?:vanish|disappear|stop existing|cease to exist|not exist|never "
          r"existed|didn't exist)")),
    Kind("want_die", "suicide", 0.6, "first-person wish to be dead",
         (r"(?:someone|somebody|god|please|pls|plz) (?:just |please )?kill me",)),
    Kind("want_die", "suicide", 0.85, "first-person wish to be dead",
         (r"(?:wouldn't|would not|don't|do not|dont|wouldnt) (?:even )?(?:mind|care) (?:if i )?"
          r"(?:dying|died)",)),
    Kind("want_die", "suicide", 0.85, "first-person wish to be dead",
         (r"(?:want|ready|going|gonna|wanna) (?:to )?leave this (?:world|earth)",)),
    Kind("feel_dying", "suicide", 0.6, "first-person wish to be dead",
         (r"(?:feel|feeling|feels) like dying", r"(?:i'd|id|i would) rather (?:die|be dead)(?! than)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:can't|cannot|can not) (?:do|take|handle|deal with|bear) (?:this|it|life|anything|"
          r"this life) (?:anymore|any longer)",
          r"(?:no|lost all|lost) hope", r"(?:want|wanna|need) the pain to (?:stop|end)(?![^.!?\n]{0,40}\b(?:surgery|option|treatment|"
          r"procedure|injection|knee|back|hip|shoulder|tooth|joint|migraine|period|cramps))",
          r"(?:want|wanna) to (?:just )?(?:disappear|dissapear|disapear|dissappear)",
          r"(?:end|stop) (?:the|this|my) pain (?:forever|for good|permanently)",
          r"life is (?:so )?(?:pointless|meaningless|hopeless|a waste)",
          r"waste of (?:space|oxygen|air)", r"(?:tired of|can't keep) fighting",
          r"(?:don't|can't|cannot|do not) see (?:a|any) future", r"no future for me",
          r"what(?:'s| is) the point (?:anymore|of anything|of it all|of trying|in trying)",
          r"(?:when|after|once) i(?:'m| am) gone", r"(?:when|after|once) i die",
          r"i should (?:just )?(?:disappear|not exist)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:can't|cannot|can not) (?:go on|keep going|keep living|live like this)",
          r"(?:feel|feeling) like giving up",
          r"(?:giving|gave|give) up on (?:life|living|everything)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:want|wanna|need) (?:it|everything|it all) to (?:stop|end)",)),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:only|easy|easiest) way out", r"my life is over")),
    Kind("worthless", "suicide", 0.5, "self-hatred or signs of self-harm",
         (r"(?:i'm|im|i am|i feel|i feel like) (?:so |such )?(?:worthless|a burden|a failure|"
          r"hopeless|useless|empty inside)",
          r"i (?:fucking |really |just )?hate (?:myself|being alive|my existence)",
          r"razor blades?", r"my scars", r"(?:new|fresh|deep) cuts")),
    Kind("distress", "suicide", 0.4, "signs of distress",
         (r"relapsed", r"psych ward", r"(?:mental|psychiatric) hospital", r"inpatient",
          r"i (?:fucking |really |just )?hate my life",
          r"(?:no one|nobody|noone) (?:even )?cares? (?:about|if) me",
          r"(?:i'm|im|i am) (?:so |just |fucking )?done(?= ?(?:[.!\n]|$))")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:afraid|scared|worried) (?:that )?i(?:'ll| will| might| am going to|'m going to) "
          r"do something (?:stupid|drastic)",
          r"(?:afraid|scared|worried|terrified) (?:that )?(?:i'll|i will|i might|i am going to|i'm "
          r"going to|i'm gonna|im gonna|im going to) (?:do something to|hurt|harm|kill) my ?self"
          r"(?! (?:at|in|on|during|lifting|running|playing|doing|by accident))",
          r"(?:don't|do not) want to (?:do this|be like this|feel like this|feel this way) "
          r"(?:anymore|any more)")),
    Kind("farewell", "suicide", 0.75, "a farewell: not being around, giving things away",
         (r"(?:i'll|i will) be gone (?:soon|tomorrow|by|before)",
          r"(?:it'll|it will) (?:all )?be over soon")),
    Kind("distress", "suicide", 0.4, "signs of distress or self-harm",
         (r"i give up", r"tired of (?:everything|it all)")),
    Kind("not_live", "suicide", 0.82, "wish not to be alive",
         (r"(?:don't|do not) (?:even |really |just )?(?:want to|wanna) (?:live|be alive|exist|"
          r"be here|wake up|go on|keep going|keep living|be on this earth|be in this world)",
          r"(?:want|wanna) out of (?:this|my) (?:life|world)",
          r"(?:want|wanna) to (?:just )?(?:go to )?(?:sleep forever|never wake up|not wake up|"
          r"stop existing|"
          r"stop living|cease to exist|not be here|be gone forever)",
          r"why (?:am i|should i) (?:still )?(?:alive|here|live|living|keep going|go on|exist)",
          r"done with (?:life|living|everything|it all|this life)")),
    Kind("not_live", "suicide", 0.82, "wish not to be alive",
         (r"(?:can't|cannot|don't|do not) see myself (?:living|making it|being alive|being here) "
          r"(?:past|to|until|beyond|much longer)",
          r"(?:tired|sick) of (?:living|being alive|existing|life|this life)")),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life",
         (r"(?:end|ending) it all", r"end (?:it|everything) (?:tonight|today|now|soon|for good)",
          r"(?:want|wanna|going|gonna|ready|plan|planning|decided|about|need) (?:to |on )?"
          r"(?:end|ending) (?:it|everything|things)(?! with)",
          r"want (?:it|everything) (?:all )?to (?:end|be over)")),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life",
         (r"(?:end|stop|ending) (?:my|the|this) suffering",)),
    Kind("no_reason", "suicide", 0.8, "hopelessness about living",
         (r"no (?:reason|point|purpose) (?:in |to |for me to )?(?:live|living|be alive|being alive|"
          r"keep going|keep living|go on|going on|wake up|exist|existing|stay alive)",
          r"nothing (?:left )?to live for",
          r"(?:life|living) (?:is not|isn't|is no longer|isnt) worth (?:living|it)")),
    Kind("no_reason", "suicide", 0.6, "searching for a reason to stay alive",
         (r"(?:(?:can't|cannot|couldn't|could not|can not) (?:even )?)?(?:give|gives|find|gimme|show|tell) (?:me )?(?:a |one |any |some )?(?:good |single )?"
          r"reasons? (?:not to (?:kill my ?self|end it all|end my life|do it tonight)|to (?:keep (?:on )?"
          r"going(?! (?:to|back|out|with)\b)|keep living|stay alive|go on living|not kill my ?self|not end it))",)),
    Kind("no_reason", "suicide", 0.8, "hopelessness about living",
         (r"no point (?:in |to )?(?:live|living|be alive|being alive|keep going|go on|going on)",
          r"what(?:'s| is) the point (?:of|in) (?:me )?(?:living|life|being alive|going on|"
          r"existing|being here)")),
    Kind("burden", "suicide", 0.8, "others better off without the person",
         (r"better off (?:without me|if i (?:just )?(?:was|were|wasn't|weren't) (?:here|around|gone|"
          r"dead|alive)|if i died|if i was gone|dead)",
          r"(?:no one|nobody|noone|no-one) (?:cares|would care|will care) (?:if|whether) i (?:live|"
          r"lived) or (?:die|died)",
          r"(?:no one|nobody|noone|no-one) (?:would|will) (?:even )?(?:care|notice|miss me)"
          r" if i (?:died|was gone|disappeared|killed|wasn't here|was dead)",
          r"(?:don't|do not|dont) deserve to (?:live|be alive|be here|exist)",
          r"(?:no one|nobody|noone|no-one) (?:would|will) (?:even )?miss me",
          r"(?:would|will|'d|be|are|is) (?:so |much |a lot |all )?(?:better|happier) (?:off )?"
          r"without me(?! (?:at|in|on) (?:the|their|this|that|our|my) (?!lives?\b|world\b))",
          r"(?:world|everyone|everybody|family|they|people) (?:would|will|'d) (?:be )?(?:so |much )?"
          r"(?:better|happier) (?:off )?if i (?:just |simply )?(?:was|were|wasn't|weren't|was not|"
          r"were not) (?:gone|dead|here|around|alive|born)",
          r"(?:tired|sick|exhausted) of being (?:a|such a|everyone's|everybody's) burden"),
         subject=False),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         (r"(?:won't|will not|not going to|not gonna) be (?:around|here|alive) (?:much |very )?"
          r"(?:longer|anymore|any more|for long|tomorrow|next week|by)",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         (r"(?:won't|will not) be here (?:much |very )?(?:longer|anymore|for long|tomorrow)",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         (r"(?:saying|say|said) (?:my )?(?:goodbye|goodbyes|bye) (?:to (?:everyone|all|you all|"
          r"the world|everybody)|forever)",
          r"saying (?:my )?goodbyes", r"goodbye (?:everyone|world|cruel world|forever|all)",
          r"this is (?:my )?(?:goodbye|final (?:post|message|goodbye))",
          r"(?:giving|gave|give) away (?:all )?(?:of )?my (?:belongings|possessions)",
          r"(?:putting|put|getting) my affairs in order",
          r"last (?:day|night|week) (?:alive|on earth)")),
    Kind("farewell", "suicide", 0.45, "a farewell: not being around, giving things away",
         (r"tell (?:my )?(?:mom|mum|mother|dad|father|family|kids|children|wife|husband|sister|"
          r"brother|son|daughter|parents|girlfriend|boyfriend|partner|friends) (?:that )?i love "
          r"(?:her|him|them|you)(?! (?:when|if|at|for|on))",)),
    Kind("plan", "suicide", 0.85, "a plan, means or last message before ending one's life",
         (r"(?:gun|noose|pills)(?: [a-z]+){0,8}(?: and|,)? i know (?:exactly )?"
          r"what i'm (?:going to|gonna) do(?: with (?:it|them))?",)),
    Kind("method", "suicide", 0.7, "looking for a way or the means to end one's life",
         (rf"how many of (?:my|these|the|his|her|mom's|dad's) (?:{FILL}){{0,2}}{PILLS} (?:it takes|"
          rf"it would take|would it take|does it take)(?! (?:to|for) (?:feel|work|help|get|sleep|"
          rf"kick|fix|stop|calm|take effect))",
          rf"how many {PILLS} (?:it takes|it would take)(?! (?:to|for) (?:feel|work|help|get|sleep|"
          rf"kick|fix|stop|calm|take effect))",)),
    Kind("plan", "suicide", 0.7, "a plan, means or last message before ending one's life",
         (r"(?:i'm|im|i am) (?:standing|sitting) on (?:the |a )?(?:bridge|ledge|edge of the roof|"
          r"rooftop|railing|tracks|train tracks)(?: right now| now| alone| again)?"
          r"(?: (?:near|by|over|above|outside|behind|across from|next to) (?:[a-z]+ ){0,3}"
          r"[a-z]+)?(?=$|[.!])",)),
    Kind("means", "suicide", 0.85, "someone shut in with the means to hurt themselves",
         (r"(?:locked|shut|barricaded) (?:herself|himself|themselves|themself) in (?:the |a |her |his "
          r"|their )?(?:bathroom|room|bedroom|car|garage|basement)(?: [a-z]+){0,3} with (?:a |the |"
          r"her |his |their |some )?(?:razor|razors|knife|knives|blade|gun|pills|rope)",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         (r"(?:write|wrote|writing|written) (?:a |my )?(?:notes?|letters?) (?:to|for) my "
          r"(?:family|parents|mom|mum|dad|kids|friends|children|wife|husband)(?![\x27\u2019\w])",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         (r"this is (?:my )?last (?:post|message|goodbye)",
          r"by the time (?:you|anyone|someone) (?:read|reads|see|sees) this",
          r"(?:giving|gave|give) away (?:all )?(?:of )?my (?:stuff|things|pets)",
          r"last (?:day|night|week) of my life",
          r"(?:tonight|today|this) (?:is|will be) my last (?:night|day)(?! (?:at|in|on|of|with|"
          r"before|here|as|working|off))")),
    # someone else's farewell: a message a friend or relative sent (the poster is worried for them)
    # (the "other" family: "my friend texted me goodbye" is worrying because of the friend)
    Kind("farewell", "other", 0.75, "someone else's farewell message",
         (r"(?:texted|messaged|sent|wrote|told) me (?:a )?(?:goodbye|a goodbye (?:text|message|"
          r"note))(?! (?:before|at|after|from|as|when))",)),
    Kind("farewell", "suicide", 0.75, "someone else's farewell message",
         (r"(?:said|says|saying|texted|wrote) (?:that )?(?:she's|he's|they're|she is|he is|they are|"
          r"she was|he was) sorry for everything",)),
    Kind("goodbye", "suicide", 0.55, "a farewell message",
         (r"saying (?:my )?goodbyes?(?! to (?:(?:the|our|my|a|this|his|her) )?(?:summer|winter|"
          r"spring|fall|autumn|year|old|car|house|home|job|office|team|doctor|dr|favorite|dog|"
          r"cat|pet|grandma|grandpa|mom|dad|\d)| (?:was|is|has been|will be)\b)",)),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         (rf"(?:{SUICIDE}|goodbye|farewell) (?:note|notes|letter|letters)",
          r"(?:slit|slice|slitting|slicing|cut|cutting) (?:open )?my (?:wrists?|throat|veins)",
          r"(?:pull|pulling) the trigger", r"(?:bought|buy|got|tied|tying|made) (?:a )?"
          r"(?:rope|noose)", r"noose",
          r"(?:painless|easiest|quickest|fastest|best) (?:way|method|ways|methods) to "
          r"(?:die|kill|end it)")),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         (r"(?:jump|jumping) (?:off|from) (?:a|the|this|my|our) (?:bridge|building|roof|cliff|"
          r"balcony|overpass|tower)(?! (?:into|onto|in|to the|for (?:fun|a photo|the video)))",
          r"(?:jump|jumping) in front of (?:a|the) (?:train|bus|truck|car)")),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         (r"(?:gun|bullet|pistol) (?:to|in) my (?:head|mouth|temple)",)),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         (r"(?:going to|gonna|about to|planning to|plan to|want to|wanna|ready to|decided to)"
          r" (?:take|swallow|down|od on|overdose on) (?:all|every|a (?:whole )?bottle|the "
          r"(?:whole|entire) bottle|a (?:bunch|handful|fistful)|enough)",
          r"(?:going to|gonna|want to|wanna|plan to|planning to|about to|ready to|decided to) "
          r"(?:overdose|od|jump off|hang)(?! with| in| out)",
          r"(?:i'm|im|i am) (?:going to|gonna|about to|ready to) jump (?:tonight|right now|now|"
          r"today)(?! (?:at|with|in|into|on|for))")),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         (rf"enough {PILLS} to (?:die|kill|end|overdose|od)",
          rf"(?:saving|stockpiling|stockpiled|hoarding|hoarded|collecting|saved) (?:up )?(?:all )?"
          rf"(?:my |of my )?{PILLS}")),
    Kind("self_harm", "suicide", 0.8, "hurting oneself on purpose",
         (r"self[-\s]?harm(?:ing|ed)?",
          r"(?:cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming|scratch|"
          r"scratching) my ?self(?! (?:shaving|cooking|while|by accident|accidentally|on "
          r"(?:a|the)|with a knife while))",
          r"(?:started|start|relapsed|relapse) (?:cutting|self harming|on cutting)",
          r"cutting again", r"fresh cuts",
          r"(?:can't|cannot|cant) stop (?:cutting|burning my ?self|hurting my ?self|self harming)",
          r"(?:cuts?|cutting|it)(?: is| are| keeps?| keep)? (?:getting|going) deeper",
          r"(?:been|keep|kept|started|start) (?:cutting|burning) (?:again|myself)?")),
    Kind("self_harm", "suicide", 0.8, "hurting oneself on purpose",
         (r"i (?:cut|burned) (?:again|last night|today|yesterday|deep|deeper)",)),
    Kind("attempt", "suicide", 0.75, "an attempt to end one's life",
         (rf"(?:attempted|attempt|attempting) (?:to commit )?{SUICIDE}",
          rf"{SUICIDE} attempts?",
          rf"(?:my|last|first|second|previous|failed|recent|next) (?:{SUICIDE} )?attempts?")),
    Kind("attempt", "suicide", 0.75, "an attempt to end one's life",
         (r"(?:tried|trying|try) to (?:end it|kill|off|hang|overdose|od)",)),
    Kind("mention", "suicide", 0.5, "first-person talk of ending one's life",
         (rf"{SUICIDE}(?! (?:prevention|awareness|rates?|statistics|research|hotlines?|lifeline|"
          r"squad|forest|bomb|bomber|bombing|doors?|mission|pact|watch)\b)",), unsaid=0.8),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide",
         (r"(?:kill|killing|hang|hanging|shoot|shooting|hurt|hurting|cut|cutting) "
          r"(?:himself|herself|themselves|themself)",)),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide",
         (r"(?:end|ending) (?:his|her|their) (?:own )?life",)),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide",
         (rf"(?:wants|keeps saying|says|said|talking about|threatening|threatens) (?:to )?"
          rf"(?:{DIE}|{SUICIDE}|commit {SUICIDE})",)),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide",
         (r"(?:threatening|threatens) to end it",)),
    # -- ideation in other words: entrapment, burdensomeness, not belonging, unbearable pain,
    # self-harm urges and methods, passive wishes (general knowledge of how people say it) -----
    Kind("trapped", "suicide", 0.55, "feeling trapped with no way out",
         (r"(?:there's|there is|see|i see|with|have) no (?:other )?(?:way out|escape)",
          r"(?:feel|feeling|i'm|im|i am) (?:so |completely |totally )?(?:trapped|stuck) in "
          r"(?:my (?:own )?(?:life|head|mind|body)|this (?:life|hell|body))",
          r"(?:can't|cannot|cant) escape (?:this (?:life|pain|hell|feeling)|my (?:life|mind|head|"
          r"thoughts))")),
    Kind("unbearable", "suicide", 0.55, "pain that feels unbearable",
         (r"(?:the|this) pain is (?:too much|unbearable|too strong|too heavy)",
          r"(?:can't|cannot|cant) (?:take|stand|handle|bear) (?:the|this) pain (?:anymore|any "
          r"more|any longer)",
          r"(?:it|everything) hurts too much to (?:live|keep going|go on|be alive)",
          r"(?:make|stop) the pain (?:stop|go away) (?:forever|for good|permanently)")),
    Kind("limit", "suicide", 0.45, "at the end of one's strength",
         (r"(?:at|reached|hit) the end of my rope",
          r"(?:at|reached|hit) (?:my |a )?breaking point",
          r"(?:can't|cannot|cant) (?:keep )?(?:doing|living) (?:this|like this) (?:anymore|any "
          r"more|any longer)",
          r"i (?:just )?(?:can't|cannot|cant) (?:anymore|any more)(?= ?(?:[.!,\n]|$))",
          r"(?:can't|cannot|cant) (?:do|take) (?:this|it) no more")),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life",
         (r"(?:i'm|im|i am) (?:checking|gonna check|going to check) out (?:for good|permanently|"
          r"of (?:this|life) for good)",)),
    Kind("belong", "suicide", 0.5, "feeling alone and unwanted by everyone",
         (r"i (?:don't|dont|do not) belong (?:here|anywhere|in this world|on this earth)",
          r"(?:no one|nobody|noone|no-one) (?:wants|loves|cares about|would care about) me",
          r"(?:everyone|everybody) hates me",
          r"(?:no one|nobody|noone|no-one) would (?:even )?notice (?:if|when) i")),
    Kind("burden", "suicide", 0.6, "feeling a burden to others",
         (r"(?:just |only )?(?:a|such a) burden (?:to|on) (?:everyone|everybody|my family|my "
          r"friends|my parents|the people|others)",), subject=False),
    Kind("self_harm", "suicide", 0.8, "hurting oneself on purpose",
         (r"(?:urge|urges|urging|tempted|itching) to (?:cut|self harm|hurt myself|burn myself)",
          r"(?:trying|try|tried|struggling|fighting|hard|doing my best) not to (?:cut|self harm|"
          r"hurt my ?self|burn my ?self)(?! (?:my|the|a|your|it|off|out|down|back|in|corners)\b)",
          r"(?:want|wanna|need) to (?:cut|self harm)(?! (?:my|the|a|your|it|off|out|down|back|"
          r"ties|costs?|carbs|sugar)\b)",
          r"(?:cut|cutting|slit|slitting|slice|slicing) (?:my|both) wrists?",
          r"(?:cut|cutting|burn|burning|burned) my (?:arms?|thighs?|forearms?|legs?|skin) "
          r"(?:again|deeper|deep|every night|to feel)")),
    Kind("plan", "suicide", 0.9, "a plan, means or last message before ending one's life",
         (r"(?:tie|tied|tying|made|bought|buy) (?:a |the )?(?:noose|rope to hang)",
          r"(?:step|stepping|walk|walking) in front of (?:a|the) (?:train|bus|truck|car)",
          r"(?:crash|drive|driving|crashing) my car (?:into|off)")),
    Kind("want_die", "suicide", 0.65, "first-person wish to be dead",
         (r"(?:hope|hoping|wish|pray|praying) (?:that )?(?:a |the |some )?(?:car|bus|truck|train) "
          r"hits me",
          r"(?:hope|hoping|wish|pray|praying) (?:that )?(?:i get|i'd get|to get) hit by a "
          r"(?:car|bus|truck|train)",
          r"(?:hope|hoping|wish) (?:the|my) plane crashes")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:so )?(?:tired|exhausted|sick) of (?:trying|fighting|feeling (?:like )?this|being "
          r"me|waking up|this pain|everything)",)),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"nothing (?:will|is going to|is gonna) (?:ever )?(?:get|be) better",
          r"(?:things|it|life|my life) (?:will never|is never going to|'s never going to|are never "
          r"going to|won't ever|never gets) (?:get |be )?(?:any )?better",
          r"nothing (?:matters|makes sense) (?:anymore|any more)",
          r"(?:i have|i've got|i got|there's) nothing (?:left|to look forward to)(?! (?:to say|in "
          r"the|on the|for the))",
          r"(?:don't|dont|do not|can't|cant) see the point (?:of|in) (?:living|life|anything|going "
          r"on|being alive|trying|waking up)",
          r"(?:my )?life is (?:a )?(?:living )?hell")),
    Kind("belong", "suicide", 0.5, "feeling alone and unwanted by everyone",
         (r"i (?:have|got) (?:no one|nobody|noone|no-one)(?! (?:to blame|else to blame))",
          r"(?:so|completely|totally|utterly) alone in (?:this|the) world")),
    Kind("not_live", "suicide", 0.82, "wish not to be alive",
         (r"(?:want|wanna) to not (?:be here|exist|be alive|wake up|live)",
          r"(?:want|wanna) to (?:just )?(?:fade|go) away (?:forever|for good)")),
    # -- C-SSRS levels said indirectly: method, preparation, interrupted acts, intent to act;
    # crisis-line warning signs: a longing for permanent rest, indifference to living, others
    # happier without one; algospeak and run-together spellings (general knowledge) ----------
    Kind("method", "suicide", 0.85, "looking for a way or the means to end one's life",
         (r"(?:most |the |a )?(?:painless|quickest|quick|easiest|fastest|surest|least painful|best|"
          r"simplest) (?:way|ways|method|methods) (?:to|of) (?:die|dying|kill my ?self|killing "
          r"my ?self|end it|end my life|ending my life|commit suicide|off my ?self)",
          r"(?:which|what) (?:method|way) (?:should i|would be|is) (?:use|best|the best|the "
          r"easiest|the most painless|painless)")),
    Kind("method", "suicide", 0.7, "looking for a way or the means to end one's life",
         (rf"how (?:many|much) (?:{PILLS}|{FILL}{{1,2}}){{0,1}} ?(?:would it take|does it take|"
          rf"do i need|would i need) to (?:die|overdose|od|kill|end)",
          r"(?:look|looking|looked|search|searching|searched|google|googling|googled|research|"
          r"researching|researched|find|finding|found) (?:up )?(?:the |a )?(?:lethal|fatal|deadly) "
          r"(?:dose|amount|overdose)")),
    Kind("plan", "suicide", 0.85, "a plan, means or last message before ending one's life",
         (r"(?:i have|i've got|i got|i made|made|have|got) (?:a |my )?(?:whole |full )?plan "
          r"(?:to (?:die|end it(?! (?:with|between))|end my life|kill my ?self|go through with it)|"
          r"for (?:how|"
          r"when) (?:i'll|i will|to) (?:die|do it|end it))",
          r"(?:i have|i've got|ive got|i got|i made|i've made) (?:a |my )?plan and (?:a |the )?date"
          r"(?! (?:for|to (?:start|begin|move|meet|go)))",
          r"(?:set|picked|chose|chosen|have|got) (?:a |the )?date (?:to|for when i|when i)"
          r"(?:'ll| will)? (?:die|end it(?! (?:with|between))|end my life|kill my ?self)",
          r"(?:i've decided|i decided|decided) (?:how|when|where) (?:i'm going to|i'm "
          r"gonna|i'll|i will|to) (?:end it(?! (?:with|between))|die|kill my ?self)")),
    Kind("intent", "suicide", 0.8, "first-person intent to act on suicidal thoughts",
         (r"(?:act|acting) on (?:my|these|the|those) (?:suicidal )?(?:thoughts|urges|impulses)",
          r"(?:go|going|went) through with it (?:this time|tonight|soon|for real)")),
    Kind("interrupted", "suicide", 0.9, "an interrupted or aborted attempt",
         (r"(?:held|put|pointed|had|holding|pointing) (?:a |the |my )?(?:gun|knife|blade|razor) "
          r"(?:to|against|at|on) my (?:head|throat|wrists?|chest|temple|neck)",
          r"(?:put|had|tied|placed) (?:a |the )?(?:rope|noose|belt|cord) (?:around|round|on) my neck",
          r"(?:stood|standing|sat|sitting|was) on (?:the )?(?:edge|ledge) (?:of (?:a |the )?"
          r"(?:bridge|roof|building|cliff|balcony|platform) )?(?:ready|about|wanting|trying|"
          r"to jump)",
          r"(?:stopped|talked) my ?self (?:from|out of) (?:jumping|doing it|killing my ?self|"
          r"ending it|taking the pills|going through with it)",
          r"(?:got|had) my stomach pumped",
          r"woke up in (?:the |a )?(?:hospital|icu|er|psych ward) after (?:i |my )?(?:tried|"
          r"trying|overdosing|attempt|the attempt|taking)")),
    Kind("want_die", "suicide", 0.75, "a longing for death or permanent rest",
         (r"(?:want|wanna|need|crave|craving|long for|longing for|wish for|ready for) (?:the |an |"
          r"that )?(?:eternal|permanent|endless|final|everlasting) (?:sleep|rest|peace|silence|"
          r"slumber|nothingness)",
          r"(?:want|wanna|need) to (?:rest|sleep) (?:forever|for good|permanently|and never wake)")),
    Kind("want_die", "suicide", 0.7, "first-person wish to be dead",
         (r"(?:don't|do not|dont) (?:even )?care (?:if|whether) i (?:live|die|am alive|survive)",
          r"(?:don't|do not|dont) (?:even )?care (?:about )?(?:living|being alive|whether i live)",
          r"wish i (?:didn't|did not|hadn't|had not|never) (?:wake|woke|woken) up(?! (?:so |this |"
          r"that |too )?(?:early|late|at|before|in time|on time))",
          r"(?:disappointed|upset|annoyed) (?:that )?i (?:woke up|am still alive|'m still alive|"
          r"survived)")),
    Kind("self_kill", "suicide", 0.85, "first-person suicidal intent",
         (r"kill(?:my ?self|myslef)", r"unalive (?:my ?self|me)",
          r"(?:want|wanna|going|gonna|ready|plan|planning|decided) (?:to )?(?:ctb|catch the bus)"
          r"(?= ?(?:[.!?,\n]|$|tonight|soon|today|tomorrow))",
          r"(?:delete|deleting) my ?self(?! from)", r"self[- ]?delet(?:e|ing|ion)")),
    Kind("self_harm", "suicide", 0.75, "hurting oneself on purpose",
         (r"(?:cuting|cutted|cutt) (?:my ?self|again|my (?:arms?|wrists?|thighs?|legs?))",
          r"(?:relapsed|relapse) (?:and|&) (?:cut|burned|burnt|hurt my ?self|self harmed)",
          r"(?:been|keep|kept|started|start) (?:cutting|cuting) my (?:arms?|wrists?|thighs?|legs?|"
          r"stomach|hips?)",
          r"(?:hurting|harming) my ?self (?:again|on purpose|every (?:day|night)|to (?:feel|cope))")),
    Kind("death_wish", "suicide", 0.7, "a longing for death or permanent rest",
         (r"(?:death|dying|being dead) (?:sounds|seems|looks|feels) (?:so |really |more and more )?"
          r"(?:nice|peaceful|good|better|appealing|comforting|tempting|inviting|like a relief|"
          r"like (?:a |the )?(?:release|escape|mercy))",
          r"(?:death|dying) (?:would be|is|will be) (?:a |such a )?(?:mercy|welcome|release|"
          r"blessing|gift|sweet relief)",
          r"(?:welcome|welcoming|embrace|long for|longing for|look forward to|looking forward to|"
          r"yearn for|yearning for|crave|craving) (?:my )?(?:death|dying|being dead)",
          r"(?:planning|plotting|planned|researching|imagining|picturing|fantasizing about) "
          r"(?:my|my own) (?:death|suicide|exit|demise)")),
    Kind("death_wish", "suicide", 0.6, "imagining others after one's death",
         (r"(?:react|reaction|respond|cope|deal) to my (?:death|suicide|passing)",
          r"(?:who|would anyone|nobody|no one|noone) (?:would |will )?(?:even )?(?:come|show up|go)"
          r" to my funeral",
          r"my (?:death|suicide) (?:would|will) (?:hurt|affect|devastate|destroy|relieve|be "
          r"(?:easier|better|a relief))")),
    Kind("decide_die", "suicide", 0.75, "first-person decision to end one's life",
         (r"(?:decide|decided|deciding|choose|chose|choosing|chosen) to (?:die(?! on (?:this|that|"
          r"the|a) hill)|end it(?! (?:with|between|early|there|here))|end my life|kill my ?self|take "
          r"my (?:own )?life|not live|stop living)",)),
    Kind("means", "suicide", 0.45, "getting the means to end one's life",
         (r"(?:buy|buying|bought|purchase|purchasing|purchased|get|getting|got|order|ordered) "
          r"(?:a |the |my )?(?:gun|handgun|pistol|firearm|rope)(?! (?:license|licence|"
          r"range|show|safety|permit|class|course|for (?:work|hunting|protection|self defense|"
          r"camping|climbing)))",)),
    # "the only reason I haven't killed myself is …": the wish is there, held back by one thing
    Kind("holding_on", "suicide", 0.85, "staying alive for one reason only",
         (r"(?:only|one|main) (?:reason|thing) (?:why |that )?i (?:didn't|haven't|have not|did not|"
          r"don't|do not|won't|will not|wouldn't|would not) (?:yet |already )?(?:kill(?:ed)? my ?self|"
          r"end(?:ed)? (?:it|it all|my life)|commit(?:ted)? suicide|gone through with it|go through "
          r"with it|take my (?:own )?life|taken my (?:own )?life)",
          r"(?:only|one) (?:thing|reason) (?:keeping|that keeps|that's keeping|that is keeping|"
          r"stopping|that stops|that's stopping|holding) me (?:back )?from (?:killing my ?self|ending "
          r"it|ending my life|doing it|going through with it|taking my (?:own )?life)")),
    # the means at hand, right now (C-SSRS preparatory behaviour)
    Kind("means", "suicide", 0.6, "the means to end one's life at hand",
         (r"(?:a |the |my )?(?:gun|handgun|pistol|revolver|\.?357|glock) (?:is )?(?:in my lap|in my "
          r"hands?|in my mouth|to my head|against my (?:head|temple|chin))",
          r"(?:staring|stare|stared|sitting here looking|just looking) at (?:a |the |my |this )?"
          r"(?:gun|handgun|pistol|revolver|rope|noose|pills|razor|blade|bottle of pills)",
          r"(?:i have|i've got|i got|i'm holding|im holding|i am holding) (?:the|all the|all my|"
          r"enough|a handful of|a bottle of) (?:pills|tablets|rope|razor|razors|blade|blades|knife) "
          r"in my hands?")),
    # a night one may not survive, or a stay in hospital for one's own safety
    Kind("distress", "suicide", 0.5, "not sure of getting through the night",
         (r"(?:don't|do not|dont) (?:know|think) (?:if |whether |that )?i(?:'ll| will| can|'m going "
          r"to| am going to)? (?:make it|get) through (?:the|this|to|tonight)(?: night| weekend)?"
          r"(?! shift)",
          r"(?:something|someone|somebody) to get me through (?:the|this|tonight)(?: night)?"
          r"(?! shift)")),
    Kind("distress", "suicide", 0.5, "thinking of going into hospital for one's safety",
         (r"(?:check|checking|admit|admitting) my ?self (?:in\b|into (?:a |the )?(?:psych|"
          r"psychiatric|mental|hospital|ward|er|inpatient|behavioral))",)),
    Kind("interrupted", "suicide", 0.75, "an interrupted or aborted attempt",
         (r"pulled the trigger (?:but|and) (?:it|the gun|nothing)",)),
    Kind("interrupted", "suicide", 0.45, "an interrupted or aborted attempt",
         (r"(?:the |my )?(?:gun|pistol) (?:jammed|misfired|didn't fire|did not fire|wasn't loaded)",
          r"(?:the |my )?(?:rope|noose|belt) (?:broke|snapped|came loose)")),
    Kind("no_reason", "suicide", 0.8, "hopelessness about living",
         (r"(?:lost|losing|lose|have no|no|without (?:the|any)) (?:the |my |all )?(?:will|desire) "
          r"to (?:live|keep living|go on|be alive)",
          r"(?:lost|losing) (?:all )?(?:my |the )?(?:reasons?|motivation) to (?:live|keep living|"
          r"go on|stay alive)",
          r"why (?:even )?bother (?:living|being alive|staying alive|waking up|going on)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:i'm|im|i am) (?:just )?(?:a lost cause|beyond (?:help|saving|repair|fixing))",
          r"(?:can't|cannot|cant) cope (?:anymore|any more|any longer|with (?:life|living|being "
          r"alive))",
          r"(?:had|have had) enough of (?:life|living|this life|being alive|existing)",
          r"(?:i'm|im|i am|i've been|ive been) (?:in )?(?:such |a |a really |a very |the )?dark "
          r"(?:place|spot) (?:right now|again|lately|these days|mentally)")),
    Kind("unsafe", "suicide", 0.7, "not safe from oneself",
         (r"(?:i'm|im|i am|i feel like i'm|i feel like i am) (?:a )?(?:danger|dangerous|a risk|at "
          r"risk) to my ?self",)),
    Kind("method", "suicide", 0.85, "looking for a way or the means to end one's life",
         (r"(?:googling|googled|google|searching|searched|researching|researched|looking up|"
          r"looked up|looking into|looked into) (?:for )?(?:painless |easy |quick |quickest |"
          r"easiest |different |the )?(?:ways|way|methods|method|how) to (?:die|kill my ?self|end my "
          r"life|commit suicide|off my ?self)(?! (?:in|on) (?:minecraft|the game|a game|games|video "
          r"games|the show|movies|films))",)),
    Kind("farewell", "suicide", 0.75, "a farewell: not being around, giving things away",
         (r"(?:don't|dont|do not) think i(?:'ll| will|'m going to| am going to| will still) be "
          r"(?:around|here|alive) (?:much |very |for much )?(?:longer|for long|anymore|any more)",)),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:don't|dont|do not|can't|cant|cannot) see (?:the|any) point (?:anymore|any more|in "
          r"(?:living|life|anything|going on|being alive|trying anymore)|of (?:living|life|"
          r"anything|going on|being alive))",)),
    Kind("unsafe", "suicide", 0.7, "not safe from oneself",
         (r"(?:not|don't feel|dont feel|do not feel|never feel) safe (?:with|from|around|alone "
          r"with) my ?self",
          r"(?:don't|dont|do not|can't|cant|cannot) trust my ?self (?:anymore|tonight|alone|not "
          r"to|to stay safe|around)",
          r"(?:scared|afraid|terrified|worried) (?:of )?what i (?:might|will|could|would|am going "
          r"to|'m going to|'ll) do (?:to my ?self|tonight)")),
    Kind("farewell", "suicide", 0.7, "a farewell: not being around, giving things away",
         (r"(?:(?:it|nothing) (?:won't|will not|wont)|none of (?:this|it) (?:will|is going to)) "
          r"matter (?:soon|much longer|for long|after tonight|after tomorrow)",
          r"(?:won't|wont|will not) be (?:a|your|anyone's) (?:problem|burden) (?:for|to) (?:you|"
          r"anyone|anybody|them) (?:much |for )?(?:longer|anymore|much longer|long)")),
    Kind("death_wish", "suicide", 0.6, "imagining one's own death",
         (r"(?:wonder|wondering|imagine|imagining) (?:what it would be like|how it would feel|"
          r"what it's like) (?:to|if i) (?:die|died|be dead|was dead|were dead|not exist|stop "
          r"existing)",)),
    Kind("suicide_act", "suicide", 0.85, "first-person suicidal thoughts or intent",
         (r"(?:(?:don't|do not|can't|cannot) see (?:a|any|another)|there(?:'s| is) no|(?:i )?see "
          r"no|the only) (?:other )?way out (?:other than|except|but|besides|than) (?:dying|death|"
          r"suicide|to die|ending it|killing my ?self)",)),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life",
         (r"(?:feel|feeling|felt) like (?:ending|to end) (?:it|it all|everything|things|my life)"
          r"(?! (?:with|between))",)),
    Kind("plan", "suicide", 0.85, "a plan, means or last message before ending one's life",
         (r"(?:i have|i've got|i got|i've) (?:the|my|all the|all my|enough) (?:pills|rope|gun|"
          r"razor|razors|blade|blades|noose) (?:ready|hidden|saved|lined up|next to me|in front of "
          r"me)(?! (?:for|to take|to give|in case))",
          r"(?:turn|turning|use|using|point|pointing) (?:the |a |my )?(?:gun|knife|blade|razor) "
          r"on my ?self")),
    Kind("plan", "suicide", 0.9, "a plan, means or last message before ending one's life",
         (r"(?:i'm|im|i am) (?:standing |sitting )?(?:on|at) (?:the |a )?(?:bridge|roof|rooftop|"
          r"ledge|edge|tracks|cliff|balcony)(?: right now| now)?(?: and)? (?:i )?(?:want to|wanna|"
          r"ready to|about to|going to|gonna) jump(?! (?:in|into|on|onto|over|across|around))",)),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         (rf"(?:took|swallowed|downed|ate|taken) (?:like |about |around |over )?(?:1[5-9]|[2-9]\d|"
          rf"\d{{3}}|twenty|thirty|forty|fifty|a bunch of|a lot of|so many|loads of|dozens of|a "
          rf"ton of) (?:of )?(?:my |his |her |the )?{PILLS}(?! (?:of vitamin|a day|per day|over "
          rf"the|this (?:week|month)|in (?:a|one) (?:week|month)))",)),
    Kind("self_harm", "suicide", 0.75, "hurting oneself on purpose",
         (r"(?:i sh(?:'d|ed)|relapsed on sh) (?:again|last night|today|tonight)",
          r"(?:sh urges|urges? to sh)\b",
          r"only thing (?:that )?(?:helps|works|makes me feel (?:anything|better)) is (?:cutting|"
          r"self harm|hurting my ?self|sh)\b")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         (r"(?:don't|dont|do not) think i can (?:go on|keep going|keep living|last)(?: (?:much )?"
          r"(?:longer|anymore|any more))?(?! (?:to|back|with|on|at|in|for))",
          r"(?:i'm|im|i am) (?:so )?done trying to (?:live|stay alive|survive|get better|keep "
          r"going)")),
    Kind("farewell", "suicide", 0.7, "a farewell: not being around, giving things away",
         (r"sorry for everything[.,!]* (?:goodbye|bye|i love you|love you all|please forgive me)"
          r"(?! (?:for now|and thank|see you|til|till|until))",
          r"(?:goodbye|bye)[.,!]* (?:i'm|im|i am) sorry for everything",
          r"i love you all[.,!]* (?:goodbye|please forgive me)(?! (?:for now|and thank|see you|til|"
          r"till|until))",
          r"(?:i'm|im|i am) done[.,!]* (?:goodbye|bye)(?! (?:\d|for now|and thank|see you|til|till|"
          r"until))")),
    Kind("death_wish", "suicide", 0.6, "imagining one's own death",
         (r"(?:imagining|imagine|picturing|picture) my (?:own )?funeral(?! (?:playlist|song|music))",)),
    Kind("death_wish", "suicide", 0.45, "imagining one's own death",
         (r"(?:not|no longer) (?:afraid|scared) (?:of dying|to die|of death) (?:anymore|any more)",)),
    Kind("want_die", "suicide", 0.75, "first-person wish to be dead",
         (r"(?:courage|guts|nerve) to (?:end it|end my life|kill my ?self|pull the trigger)"
          r"(?! (?:with|on))",)),
    Kind("belong", "suicide", 0.5, "feeling alone and unwanted by everyone",
         (r"if i (?:died|disappeared|was gone|were gone|killed my ?self)(?: tomorrow| today| "
          r"tonight)?,? (?:no one|nobody|noone|no-one) would (?:even )?(?:notice|care|miss me)",)),
    # -- round 12 (2026-11-22): the indirect wording of long forum posts -----------------------
    # knowing the dose, heights and water as a method, the wheel let go of while driving
    Kind("method", "suicide", 0.7, "looking for a way or the means to end one's life",
         (r"know (?:exactly )?how (?:many|much) (?:it would take|it will take|it takes|i(?:'d| would) "
          r"need)(?=$|[.!,])",
          r"(?:bridges?|buildings?|parking garages?|cliffs?|overpass|balcony|rooftops?|roofs?)"
          r"\b[^.!?\n]{0,40}\b(?:are|is|would be) (?:high|tall) enough(?! (?:to (?:see|get|view|"
          r"watch|reach|fit|clear|pass)|for)\b)",
          r"(?:high|tall) enough to (?:die|kill (?:me|my ?self)|end it|not survive)",
          r"how long (?:does|would|will|did) it take (?:to|for me to|for someone to|for a person "
          r"to) (?:die|bleed out|starve(?: to death)?)(?! (?:of|from) (?:old age|natural))")),
    Kind("method", "suicide", 0.8, "looking for a way or the means to end one's life",
         (r"(?:walk|walking|swim|swimming|wade|wading) (?:out )?into the (?:ocean|sea|lake|river|"
          r"water|waves) and (?:just )?(?:keep going|keep walking|keep swimming|(?:never|not) "
          r"(?:come|coming) back|not stop|disappear)",
          r"(?:think|thinking|thought|tempted|want|wanted|urge|almost|nearly) (?:about |of |to )?"
          r"(?:just )?(?:let|letting) go of the (?:steering )?wheel")),
    # preparation found by someone else: the means hidden at home
    Kind("plan", "suicide", 0.8, "a plan, means or last message before ending one's life",
         (r"(?:found|find|finds|saw|discovered) (?:the|my) (?:rope|noose|razor blades|blades|"
          r"razors|stash of pills|pill stash)(?! (?:for|at the|in the (?:shed|garage|store|boat|"
          r"barn)))",), subject=False),
    # a note written again and again; "tonight I'm going to finally do it"; the end for me
    Kind("farewell", "suicide", 0.6, "a farewell: not being around, giving things away",
         (r"(?:(?:i've|i have|ive) (?:already )?written|rewr(?:ote|itten|iting)|(?:tore|tear|tearing|"
          r"ripped|rip) up) (?:the|my) (?:note|letter)(?! (?:to|for|from|on|about|that|with)\b)",
          r"this is the end (?:for|of) me(?! (?:at|here|with|in|as)\b)",
          r"(?:giving|gave|give|given) (?:all )?my (?:stuff|things|belongings|possessions) away"
          r"(?! (?:because|since|before (?:we|i) move|when (?:we|i) moved|to (?:the|a|your|our) "
          r"(?:donation|drive|charity|shelter|food bank|goodwill|salvation army|thrift)))")),
    Kind("intent", "suicide", 0.8, "first-person intent to act on suicidal thoughts",
         (r"(?:tonight|today|this weekend)[,]? (?:i'm|im|i am) (?:going to|gonna) (?:finally )?do "
          r"it(?=$|[.!])",
          r"(?:i'm|im|i am) (?:finally )?(?:going to|gonna) (?:finally )?do it (?:tonight|today)"
          r"(?=$|[.!])")),
    Kind("farewell", "suicide", 0.45, "a farewell: not being around, giving things away",
         (r"(?:just )?(?:wanted|want) (?:someone|somebody|anyone|one person) to know(?=$|[.!])",)),
    # still here without a reason; "ready to check out"; the world lighter without me
    Kind("not_live", "suicide", 0.82, "wish not to be alive",
         (r"(?:not sure|don't know|dont know|do not know|no idea) why (?:i'm|im|i am) still "
          r"(?:alive|breathing)",)),
    Kind("not_live", "suicide", 0.45, "wish not to be alive",
         (r"(?:not sure|don't know|dont know|do not know|no idea) why (?:i'm|im|i am) still (?:here|"
          r"around)(?! (?:at|in|on|after|waiting|for|with)\b)",
          r"no (?:reason|point) (?:for me )?to stay(?: alive| here| around)?(?=$|[.!?])")),
    Kind("end_it", "suicide", 0.55, "first-person intent to end one's life",
         (r"(?:i'm|im|i am) ready to check out(?=$|[.!])",), subject=False),
    Kind("burden", "suicide", 0.8, "others better off without the person",
         (r"(?:would|will|'d) be (?:so |much |a lot )?(?:lighter|easier|better) without me in it",)),
    # -- medical emergencies (anyone: the poster or someone with them) ----------------------
    Kind("breathing", "emergency", 0.45, "medical emergency: breathing",
         (r"(?:can't|cannot|cant|can not|couldn't|could not|unable to) (?:breathe|breath|catch "
          r"(?:my|his|her) breath|get (?:air|a breath))(?! (?:through|out of) (?:my|his|her|the) "
          r"nose)",
          r"(?:struggling|trouble|difficulty|hard time) (?:to )?breath(?:e|ing)",
          r"(?:short of breath|shortness of breath)")),
    Kind("breathing", "emergency", 0.7, "medical emergency: breathing",
         (r"(?:choking and|gasping for (?:air|breath))",)),
    Kind("not_breathing", "emergency", 0.9, "medical emergency: breathing has stopped",
         (r"(?:not|isn't|isnt|stopped|wasn't|barely|no longer) breathing",
          r"(?:turning blue|lips are blue|lips turning blue)")),
    Kind("chest", "emergency", 0.48, "medical emergency: pain or pressure in the chest",
         (r"(?:chest pains?|pain in (?:my|his|her|the) chest|chest (?:is |feels |feel |felt |is "
          r"feeling |keeps getting |is getting )?(?:so |really |very )?(?:tight|tightness|"
          r"pressure|heavy|hurts))",)),
    # with chest pain or breathlessness, the classic heart-attack signs; alone, too common
    Kind("arm", "emergency", 0.45, "medical emergency: numb arm or jaw pain with other signs",
         (r"(?:left )?arm (?:is |feels |went |keeps going |has gone |is going )?(?:completely |"
          r"so |really )?(?:numb|tingly|tingling|heavy and numb)",
          r"(?:numbness|tingling|pain) (?:in|down) (?:my|his|her) (?:left )?arm",
          r"(?:pain|ache|aching) in (?:my|his|her) jaw",
          r"(?:my|his|her) jaw (?:hurts|is hurting|aches|is aching)")),
    Kind("chest", "emergency", 0.75, "medical emergency: pain or pressure in the chest",
         (r"crushing (?:chest )?pain",
          r"(?:pain|pressure) (?:radiating|spreading|going) (?:to|down|into) (?:my|his|her|the) "
          r"(?:left )?(?:arm|jaw|shoulder)")),
    Kind("cardiac", "emergency", 0.75, "medical emergency: heart attack or stroke",
         (r"(?:think|might be|may be|scared|afraid|worried) (?:i'm|im|i am|he's|hes|she's|shes|he is|"
          r"she is|(?:he|she|i) (?:might|may) be)? ?having a (?:heart attack|stroke)"
          r"(?! (?:reading|trying|looking|watching))",)),
    Kind("cardiac", "emergency", 0.8, "medical emergency: heart attack or stroke",
         (r"(?:clutching|grabbing) (?:his|her|my|their) chest(?! (?:laughing|with laughter))",)),
    Kind("cardiac", "emergency", 0.45, "medical emergency: heart attack or stroke",
         (r"(?:i'm|im|i am|he's|hes|she's|shes|he is|she is|is) having a (?:heart attack|stroke)"
          r"(?! (?:reading|trying|looking|watching))",
          r"(?:heart|pulse) (?:stopped|has stopped)")),
    Kind("unconscious", "emergency", 0.85, "medical emergency: cannot be woken or responds to nothing",
         (r"unconscious(?! mind| bias| thought)", r"unresponsive", r"lost consciousness",
          r"(?:passed out|collapsed) and (?:won't|isn't|is not|can't|not)",
          r"(?:passed out|collapsed|fainted|blacked out)(?: [a-z]+){0,5} and hit (?:his|her|my|"
          r"their) head",
          r"(?:he|she|they|dad|mom|husband|wife|son|daughter|baby) (?:just )?collapsed"
          r"(?! (?:on|onto|into|in) (?:the |a |my |his |her |their )?(?:couch|sofa|bed|chair|"
          r"recliner|hammock)| (?:from|with) (?:exhaustion|laughter|tiredness))")),
    Kind("unconscious", "emergency", 0.85, "medical emergency: cannot be woken or responds to nothing",
         (r"(?:won't|will not|can't|cannot|wont|isn't|is not) (?:wake|waking) (?:up|her up|him up)",
          r"(?:not|isn't|stopped) responding",
          r"(?:he|she|he's|she's|they|they're|dad|mom|mum|husband|wife|son|daughter|baby|grandpa|"
          r"grandma) (?:isn't|is not|isnt|is|'s)? ?(?:not|stopped) moving(?! (?:much|around|a lot|"
          r"well|properly|as|in|out|house|to|forward|on))",
          r"(?:fell(?! asleep| in love| behind| apart)|fallen(?! asleep| behind)|collapsed(?! on the "
          r"couch| on the sofa| into bed| in bed)|hit "
          r"(?:his|her|their) head)(?: [a-z]+){0,6} and (?:isn't|is not|isnt|not|stopped) "
          r"(?:moving|responding)(?! (?:much|around|a lot|well|properly|as))")),
    Kind("stroke", "emergency", 0.88, "medical emergency: stroke signs",
         (r"(?:face|mouth|smile) (?:is )?(?:drooping|droops|droopy|drooped)",
          r"(?:slurred|slurring) (?:speech|(?:his|her|my) words)",
          r"(?:one side|left side|right side) of (?:my|his|her) (?:face|body) (?:is |went |feels )?"
          r"(?:numb|weak|paralyzed|drooping)")),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         (r"(?:overdosed|overdosing|od[\x27\u2019]e?d|took an overdose)",
          r"(?:swallowed|drank|ate|drinking) (?:some |a |an |a few )?(?:of (?:the|my|our) )?(?:bleach|"
          r"antifreeze|poison|rat poison|detergent|drain cleaner|batteries|a battery|button batter"
          r"(?:y|ies)|magnets|a magnet|laundry pods?|dishwasher (?:pods?|tablets?|detergent)|washing powder|"
          r"lamp oil|lighter fluid|weed killer|pesticide)")),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         (rf"(?:took|swallowed|downed|ate) (?:a (?:whole )?bottle of|the (?:whole|entire) bottle"
          rf" of|a handful of|a fistful of|too many|way too many|all (?:of )?(?:my|the|her|his)) "
          rf"(?:{FILL}{{0,2}}){PILLS}(?! to (?:the|a|your|our|my|his|her) )(?! back\b)",)),
    Kind("allergy", "emergency", 0.85, "medical emergency: dangerous allergic reaction",
         (r"anaphyla(?:xis|ctic)",
          r"(?:throat|airway) (?:is )?(?:closing|tightening|closing up)",
          r"(?:throat|airway) (?:feels|feel) like (?:it's|its|it is) (?:closing|swelling shut|"
          r"closing up)(?! (?:when|whenever|every time|if|sometimes))",
          r"(?:severe|serious|bad) allergic reaction",
          r"(?:need|used|use|using|gave|give) (?:my |his |her |an )?epi ?pen")),
    Kind("swelling", "emergency", 0.45, "medical emergency: swelling of the throat or tongue",
         (r"(?:throat|airway|tongue|lips) (?:is |are )?(?:swelling|swollen)",)),
    Kind("allergic", "emergency", 0.3, "medical emergency: signs of an allergy",
         (r"allergic(?: reaction)?", r"(?:ate|eaten|eating) (?:a |some )?(?:peanuts?|nuts|shellfish)",
          r"(?:stung|sting) by a (?:bee|wasp|hornet)")),
    Kind("bleeding", "emergency", 0.8, "medical emergency: severe bleeding",
         (r"(?:bleeding|bleeds) (?:heavily|profusely|a lot|badly|everywhere|won't stop|"
          r"wont stop|so much)",
          r"(?:won't|wont|can't|cant|will not) stop (?:the )?bleeding",
          r"(?:losing|lost) (?:so much|a lot of|too much) blood",
          r"(?:coughing|vomiting|throwing) up blood",
          r"(?:vomiting|vomited|puking|puked|threw up|coughing|coughed) (?:up )?(?:a lot of |so much |"
          r"bright red )?blood",
          r"(?:there's|there is|blood is) (?:blood )?(?:everywhere|all over the (?:floor|place|"
          r"bathroom|kitchen))(?! (?:in the (?:movie|film|show|game)))")),
    # dispatcher questions written as people post them (general knowledge of emergency triage:
    # FAST stroke signs, head injury red flags, asthma, infants, low blood sugar, poisoning)
    Kind("stroke", "emergency", 0.88, "medical emergency: stroke signs",
         (r"(?:speech|talking) (?:is |was |sounds )?(?:slurred|slurring|garbled)",
          r"(?:suddenly |all of a sudden )?(?:can't|cannot|cant|can not|unable to|couldn't) "
          r"(?:move|lift|feel) (?:his|her|my) (?:left|right) (?:arm|leg|side|hand)",
          r"suddenly (?:can't|cannot|cant|can not|couldn't|could not) (?:speak|talk) (?:properly|"
          r"right|clearly|normally|at all)",
          r"(?:can't|cannot|cant|can not) (?:speak|talk) (?:properly|right|clearly|normally)(?: [a-z]+)"
          r"{0,3} and (?:his|her|my|one) (?:arm|leg|side|hand) (?:went|is|feels|has gone|suddenly "
          r"went) (?:weak|limp|numb|dead)",
          r"(?:trouble|difficulty|problems?) (?:speaking|talking|getting (?:his|her|my) words out)"
          r"(?: and (?:his|her|my) face)?(?! (?:english|french|spanish|in public|to people))",
          r"(?:his|her|my) face (?:looks|is|went|is looking) (?:weird|droopy|crooked|lopsided|"
          r"uneven)")),
    Kind("head_injury", "emergency", 0.8, "medical emergency: head injury with warning signs",
         (r"(?:hit|banged|bumped|struck) (?:his|her|my|their) head (?:and|now) (?:(?:is|she's|he's|"
          r"i'm|im|now|keeps|has been|started|can't stop|seems|and) ){0,2}(?:so |really |very )?"
          r"(?:confused|throwing up|vomiting|passed out|unconscious|not making sense|"
          r"sleepy|drowsy|blacked out|can't remember|cant remember|bleeding)",)),
    Kind("asthma", "emergency", 0.5, "medical emergency: breathing (asthma)",
         (r"(?:having|has|is having|in the middle of) (?:an? |another |a bad |a severe |a really "
          r"bad )?asthma attack(?! (?:last|years|when|as a))",)),
    Kind("asthma", "emergency", 0.8, "medical emergency: breathing (asthma)",
         (r"(?:inhaler|puffer) (?:isn't|is not|isnt|not|doesn't|does not|is no longer|stopped) "
          r"(?:working|helping|doing anything)",
          r"asthma attack (?:isn't|is not|isnt|won't|will not|wont|doesn't|does not) (?:stopping|"
          r"stop|going away|go away|getting better|get better|easing|ease)")),
    Kind("infant", "emergency", 0.85, "medical emergency: a child limp or hard to wake",
         (r"(?:baby|newborn|infant|toddler|son|daughter|kid|child|little one) (?:is|seems|looks|"
          r"has gone|went|is acting|is being) (?:really |very |so |all |a bit )?(?:floppy|limp|"
          r"lethargic)",
          r"(?:is|seems|looks|went|has gone|is going) (?:really |very |so |all )?floppy")),
    Kind("fever", "emergency", 0.55, "medical emergency: a very high fever",
         (r"(?:fever|temp|temperature) (?:of |is |at |is at |hit |reached |over )?(?:10[4-9]|"
          r"4[0-2](?:[.,]\d)?) ?(?:f|c|°|degrees)?(?![0-9])",)),
    Kind("unconscious", "emergency", 0.85, "medical emergency: cannot be woken or responds to nothing",
         (r"(?:won't|wont|will not|doesn't|does not|isn't|is not) respond(?:ing)?(?! to (?:emails?|"
          r"texts?|messages?|calls?|my (?:emails?|texts?|messages?|calls?)|treatment|the "
          r"medication))",
          r"(?:can't|cannot|can not|cant|couldn't|could not) wake (?:him|her|them|my \w+)(?: up)?")),
    Kind("hypoglycaemia", "emergency", 0.75, "medical emergency: low blood sugar or too much "
         "insulin",
         (r"(?:took|taken|injected|gave (?:him|her|myself)) (?:too much|double (?:the|his|her|my)?|"
          r"an extra) (?:dose of )?insulin",
          r"(?:blood )?sugar (?:is |was |dropped to |at |of )(?:really |very |dangerously )?(?:low|"
          r"[1-4]\d|[1-2]\.\d)(?![0-9])")),
    Kind("thunderclap", "emergency", 0.85, "medical emergency: a sudden, worst-ever headache",
         (r"worst headache (?:of|in) (?:my|his|her) (?:entire |whole )?life(?! (?:after|from|since) "
          r"(?:that|the|a|last|my) (?:concert|party|night|game|wedding|shift|flight|drinks?|"
          r"hangover|bender|festival|show|exam))",)),
    Kind("fall", "emergency", 0.7, "medical emergency: a fall, unable to get up",
         (r"(?:fell|has fallen|had a fall|fallen) (?:down )?(?:and|and now) (?:can't|cannot|cant|"
          r"can not|is unable to|couldn't) (?:get up|stand|move|walk)",)),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         (r"(?:baby|toddler|son|daughter|kid|child|little one|grandson|granddaughter) (?:just )?"
          r"(?:ate|swallowed|drank|got into) (?:some |a few |one |two |all )?(?:of )?(?:my |the |his "
          r"|her |grandma's |grandpa's |our )?(?:pills|medicine|medication|meds|tablets|gummies|"
          r"vitamins|edibles|bleach|cleaning products|detergent|laundry pods|dishwasher pods|"
          r"antifreeze|rat poison|drain cleaner|lighter fluid|lamp oil)",)),
    Kind("allergy", "emergency", 0.8, "medical emergency: dangerous allergic reaction",
         (r"(?:lips|tongue|throat|face) (?:is |are )?(?:swelling|swollen|puffing) (?:up )?(?:after|"
          r"since|from)",
          r"(?:lips|tongue|throat|face) (?:is |are )?(?:swelling|puffing) up (?:fast|quickly|really "
          r"fast|so fast|badly)")),
    Kind("seizure", "emergency", 0.8, "medical emergency: seizure",
         (r"(?:having|had) a seizure(?! (?:last|years|months|when|reading|watching|as a|in (?:the "
          r"past|\d{4})|once|before|back))",
          r"seizing(?! (?:the|an?|control|power|on|upon|opportunit))",
          r"convulsing", r"seizure (?:won't|wont|isn't|hasn't) stop",
          r"foaming at the mouth(?! (?:about|over|with|mad|angry))")),
    # -- 2026-11-21 round 5 (fresh inbox items, measured untouched first) -----------------
    Kind("plan", "suicide", 0.85, "a plan, means or last message before ending one's life",
         (r"(?:thinking (?:about|of)|think about|want to|wanna|going to|gonna|tempted to|"
          r"urge to|might just|could just) (?:just )?(?:drive|driving|crash|crashing|swerve|"
          r"swerving|steer|steering) (?:my car |the car )?(?:into|off) (?:a |the |an )?(?:tree|wall|"
          r"bridge|pole|truck|semi|river|lake|cliff|oncoming traffic|overpass|barrier|ditch)",
          r"(?:so|make) it (?:looks?|seem|seems) like an accident",
          r"(?:i have|i've got|ive got|i got) the (?:rope|noose|gun|pills)(?=$|[.!,])")),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         (r"(?:won't|will not|wont|don't|dont) need (?:it|them|this|that|these|those|anything|"
          r"money|my [a-z]+) (?:where i'm going|after tonight|after this week|after today)",)),
    Kind("farewell", "suicide", 0.45, "a farewell: not being around, giving things away",
         (r"(?:giving|gave|give) away (?:all )?(?:of )?my (?:cat|cats|dog|dogs|pets?|guitar|car|"
          r"clothes|books|games|collection|savings|jewelry|things|stuff)(?! (?:because|since|"
          r"before (?:we|i) move|when (?:we|i) moved|to (?:the|a|your|our) (?:donation|drive|"
          r"charity|shelter|nicu|hospital|food bank|goodwill|salvation army|thrift)))",)),
    Kind("want_die", "suicide", 0.5, "first-person wish to be dead",
         (r"(?:just )?need (?:the |some )?(?:courage|nerve|guts)(?=$|[.!])",)),
    Kind("hypoglycaemia", "emergency", 0.75, "medical emergency: low blood sugar or too much "
         "insulin",
         (r"(?:diabetic|diabetes|insulin|blood sugar)\b[^.!?\n]{0,60}\b(?:he's|she's|he is|she is|"
          r"he|she|they're|they are) (?:(?:suddenly|really|very|all|now|so|just) )?(?:not making "
          r"(?:any )?sense(?! (?:of|to))|shaking|sweating|passing out|passed out|slurring|"
          r"confused and (?:shaking|sweating|pale|slurring))",)),
    Kind("confusion", "emergency", 0.6, "medical emergency: sudden confusion",
         (r"(?:he's|she's|he is|she is|they're|they are|husband is|wife is|mom is|mum is|dad is|"
          r"grandma is|grandpa is|son is|daughter is) (?:suddenly |really |very |so )?(?:not making "
          r"(?:any )?sense(?! (?:of|to|about))|talking nonsense|confused and (?:shaking|sweating|"
          r"pale|slurring))",)),
    Kind("overdose", "emergency", 0.6, "medical emergency: overdose or poisoning",
         (r"(?:took|taken|did|used|shot up|snorted) (?:way |far |waaay |wayyy )?too (?:much|many)"
          r"(?=[,.!]| and| of (?:it|them|my|the)|$)",)),
    # -- 2026-11-21 round 6 (fresh inbox items, measured untouched first) -----------------
    Kind("want_die", "suicide", 0.75, "first-person wish to be dead",
         (r"if i (?:don't|do not|never|didn't) wake up(?: (?:tomorrow|tmrw|tmr|tomorow|in the "
          r"morning))?,? (?:that's|that is|it's|it is|it would be|i'd be|i would be) (?:fine|ok|"
          r"okay|alright|for the best)",
          r"(?:hope|hoping|wish|praying) (?:that )?i (?:just )?(?:don't|do not|never) wake up(?! (?:early|late|"
          r"before|at|in time|on time|with))",
          r"(?:not|don't|do not) (?:planning|plan|intend|intending|expecting|expect) (?:on |to )?"
          r"(?:waking|wake) up(?! (?:early|late|before|at|in time|on time))",
          r"(?:i've|i have|i) (?:decided|feel|know) (?:that )?i(?:'ve| have) lived long enough")),
    Kind("method", "suicide", 0.85, "looking for a way or the means to end one's life",
         (r"(?:sit|sitting|sat|lie|lying|sleep|sleeping|wait|waiting) (?:in (?:the|my) car )?(?:in|"
          r"inside) the (?:closed )?garage with the (?:engine|car|motor) (?:running|on)",)),
    Kind("psychosis", "suicide", 0.9, "voices telling the person to harm themselves or others",
         (r"(?:voices?|voice in my head) (?:are |is |keep |keeps )?(?:telling|tell|told|saying|say) "
          r"(?:me )?(?:to|that i should|i should|i need to|i have to|i must) (?:hurt|kill|harm|jump|"
          r"die|end|cut|stab|drown)",)),
    Kind("farewell", "other", 0.8, "someone else's farewell, and they cannot be reached",
         (r"(?:sent|texted|messaged|posted|wrote|said)\b[^.!?\n]{0,60}\b(?:sorry (?:for everything|"
          r"mom|mum|dad|everyone)|love you|goodbye|see you on the other side|take care of)\b[^\n]{0,80}\b(?:phone is (?:off|dead)|"
          r"(?:isn't|isnt|is not|not|won't|wont) (?:answering|picking up|responding)|(?:can't|cant|"
          r"cannot) (?:reach|find|get (?:a )?hold of) (?:him|her|them)|(?:nobody|no one|noone) can "
          r"(?:reach|find) (?:him|her|them))",)),
    Kind("not_breathing", "emergency", 0.95, "medical emergency: found hanging or not breathing",
         (r"(?:belt|rope|cord|sheet|scarf|noose) (?:around|round) (?:his|her|their) neck",
          r"(?:found|find) (?:him|her|them|my [a-z]+) (?:hanging|unresponsive|not breathing|"
          r"unconscious)")),
    Kind("stroke", "emergency", 0.88, "medical emergency: stroke signs",
         (r"(?:can't|cannot|cant|can not|unable to|couldn't) (?:lift|raise|move) (?:his|her|my) "
          r"(?:arm|leg)(?! (?:above|over|past|since|after|because))",
          r"(?:his|her|my) (?:words|speech) (?:are|is|were|was|came out|come out|sound|sounds) "
          r"(?:all )?(?:jumbled|garbled|slurred|mixed up|wrong)(?! (?:after|from) (?:the |a |his |"
          r"her |my )?(?:dental|numbing|novocaine|drinks?|drinking|anesthesia|anaesthesia|"
          r"sedation|wisdom|dentist|beers?|wine))")),
    Kind("drowning", "emergency", 0.9, "medical emergency: drowning",
         (r"(?:fell|fallen|went|slipped|was) (?:in|into|under) (?:the )?(?:pool|water|lake|river|"
          r"bathtub|tub|pond)\b[^.!?\n]{0,40}\b(?:underwater|under water|not breathing|limp|blue|"
          r"coughing|unresponsive)",
          r"(?:pulled|got) (?:him|her|them|my [a-z]+) out of the (?:pool|water|lake|river|tub|"
          r"bathtub)")),
    Kind("infant", "emergency", 0.8, "medical emergency: a child limp or hard to wake",
         (r"(?:he's|she's|he is|she is|baby is|is now) (?:(?:coughing|pale|blue|cold|and|now|so|"
          r"really|very|totally|completely|all),? ){0,4}(?:limp|floppy)\b(?! (?:from|since|after|when))",
          r"(?:newborn|baby|infant)\b[^.!?\n]{0,40}\b(?:won't|wont|will not|isn't|is not|not) "
          r"(?:feed|feeding|eating|nursing|waking)\b",
          r"(?:fever|temp(?:erature)?) (?:of |is |was |at )?(?:10[0-5]|3[89]|40)\b[^\n]{0,60}\b(?:[1-9]|"
          r"1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:weeks?|days?)"
          r"[- ]old",
          r"(?:[1-9]|1[0-2]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) "
          r"(?:weeks?|days?)[- ]old\b[^\n]{0,60}\b(?:fever|temp(?:erature)?) (?:of |is |was |at )?"
          r"(?:10[0-5]|3[89]|40)\b")),
    Kind("preeclampsia", "emergency", 0.85, "medical emergency: pregnancy warning signs",
         (r"pregnant\b[^\n]{0,100}\b(?:seeing spots|blurry vision|vision is blurry|blurred vision|"
          r"worst headache|severe headache|headache (?:that )?(?:won't|wont) go away)",)),
    Kind("swelling", "emergency", 0.6, "medical emergency: swelling of the throat or tongue",
         (r"throat (?:feels |is |getting |got )?(?:so |really |very )?(?:tight|tightening)"
          r"(?! (?:from|after) (?:crying|yelling|singing|screaming|nerves|stress))",
          r"covered in hives")),
    Kind("spine", "emergency", 0.8, "medical emergency: cannot feel or move the legs",
         (r"(?:can't|cannot|cant|can not|couldn't) (?:feel|move) (?:my|his|her) (?:legs|feet|arms|"
          r"body)\b[^.!?\n]{0,40}\b(?:fall|fell|accident|crash|injury|hit (?:my|his|her) (?:head|back|"
          r"neck)|my back|his back|her back|neck|spine)",
          r"(?:fall|fell|accident|crash|injury|hurt (?:my|his|her) (?:back|neck))\b[^.!?\n]{0,40}\b"
          r"(?:can't|cannot|cant|can not|couldn't) (?:feel|move) (?:my|his|her) (?:legs|feet|arms|body)",
          r"(?:i'm|im|i am|he's|she's|he is|she is) (?:stuck )?on the floor and (?:can't|cannot|cant) "
          r"(?:get up|move)")),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         (r"(?:drank|swallowed|ate|drinking|swallowing|eating|got into) (?:some |a |an |a few |a bit "
          r"|the )?(?:of )?(?:the |my |our |his |her )?(?:dishwasher|laundry|washing|cleaning|drain|"
          r"toilet|bleach) (?:liquid|soap|detergent|pods?|tablets?|cleaner|fluid|powder)",)),
    Kind("meningitis", "emergency", 0.85, "medical emergency: a rash that does not fade (sepsis)",
         (r"(?:rash|spots)\b[^.!?\n]{0,40}\b(?:doesn't|does not|won't|wont|don't|dont|didn't|did "
          r"not) (?:fade|go away|disappear|blanch)\b[^.!?\n]{0,40}\bglass",)),
    Kind("want_die", "suicide", 0.65, "first-person wish to be dead",
         (r"(?:want|need) the pain to (?:stop|end) (?:permanently|forever|for good)(?![^.!?\n]{0,40}"
          r"\b(?:surgery|option|treatment|procedure|injection|knee|back|hip|shoulder|tooth|joint))",)),
    # -- 2026-11-22 round 7 (fresh inbox items, measured untouched first) -----------------
    Kind("method", "suicide", 0.85, "looking for a way or the means to end one's life",
         (r"(?:googling|googled|google|searching|searched|looking up|looked up|researching|"
          r"researched|reading about|read about) how (?:long|much|many [a-z]+) (?:it takes|does it "
          r"take|would it take|it would take) (?:to )?(?:bleed out|die|overdose|od|hang|drown|"
          r"suffocate|kill (?:my ?self|someone))",)),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life",
         (r"(?:rather|would rather|i[\x27\u2019]d rather|id rather) (?:just )?(?:end (?:it all|my "
          r"life)|be dead)",
          r"end (?:it|my life|things) on my own terms")),
    Kind("plan", "suicide", 0.75, "a plan, means or last message before ending one's life",
         (r"(?:thinking (?:about|of)|think about|tempted to|urge to) (?:just )?(?:crashing|crash|"
          r"wrecking|wreck) my (?:car|truck)(?![^.!?\n]{0,30}\b(?:last (?:winter|year|week|month|"
          r"night)|on the ice|in the snow|years? ago|that time))",)),
    Kind("farewell", "suicide", 0.45, "a farewell: not being around, giving things away",
         (r"deleted (?:all )?(?:of )?my (?:accounts|social media|socials|profiles)",)),
    Kind("means", "other", 0.85, "someone with the means who says they will use them on themselves",
         (r"(?:use|turn|point) (?:it|the gun|a gun|his gun|her gun|the knife|a knife|them) on "
          r"(?:him|her|them)(?:self|selves)",)),
    Kind("unconscious", "emergency", 0.85, "medical emergency: cannot be woken or responds to nothing",
         (r"(?:she[\x27\u2019]s|he[\x27\u2019]s|they[\x27\u2019]re|shes|hes|she is|he is|they are) "
          r"not (?:waking|wakin) up(?! (?:early|late|before|at|in time|on time|for|until|till|"
          r"anymore|any more|easily|so early|on (?:his|her|their) own|to (?:an|the|his|her)))",)),
    Kind("chest", "emergency", 0.48, "medical emergency: pain or pressure in the chest",
         (r"(?:elephant|weight|ton of bricks|something heavy|someone) (?:is )?(?:sitting|sat|"
          r"standing|pressing|squeezing) on (?:my|his|her) chest",
          r"chest feels like (?:it[\x27\u2019]?s |it is )?(?:being )?(?:squeezed|crushed|in a vice)",
          r"chest feels like (?:an? )?(?:elephant|weight|ton of bricks|something heavy) (?:is )?"
          r"(?:sitting|sat|standing|pressing) on it")),
    Kind("hypoglycaemia", "emergency", 0.75, "medical emergency: low blood sugar or too much "
         "insulin",
         (r"(?:sugar|glucose|meter|glucometer|reading)\b[^.!?\n]{0,20}\b(?:says|reads|shows|showing|"
          r"reading) lo\b(?! ?bat)",)),
    Kind("clot", "emergency", 0.85, "medical emergency: a blood clot's signs",
         (r"(?:leg|calf)\b[^.!?\n]{0,30}\b(?:swollen|red|hot|painful)\b[^\n]{0,60}\b(?:short of "
          r"breath|can[\x27\u2019]?t breathe|chest pain|coughing (?:up )?blood)",)),
    Kind("head", "emergency", 0.85, "medical emergency: a head injury with confusion",
         (r"hit (?:my|his|her) head\b[^.!?\n]{0,60}\b(?:can[\x27\u2019]?t|cannot|doesn[\x27\u2019]?t|"
          r"does not|don[\x27\u2019]?t) (?:remember (?:anything|what (?:day|happened|year)|where "
          r"(?:i am|i was|he is|she is)|who)|know (?:where|what day|who))",)),
    Kind("bleeding", "emergency", 0.85, "medical emergency: heavy bleeding after a birth",
         (r"soak(?:ing|ed|s)? through (?:a |my |her )?(?:pads?|maxi pads?) (?:every|in (?:less than )?"
          r"(?:an|one|a|\d+))",)),
)  # fmt: skip
