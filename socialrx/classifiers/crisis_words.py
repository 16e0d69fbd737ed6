"""The phrases of the crisis classifier (registers nothing): how people say they want to die, plan
to, hurt themselves, or that someone needs emergency care now.

Written from general knowledge (C-SSRS severity levels: wish to be dead, ideation, intent, plan,
preparatory behaviour, attempt; crisis-line warning signs: farewells, burdensomeness, giving
things away; lay words for the emergencies a dispatcher asks about), never mined from a dataset.

Each ``Kind`` is a list of phrases matched on the lower-cased normalised text. In a phrase a
space stands for any white space and an apostrophe is optional and may be curly, so "can't"
also matches "cant" and "can’t". ``words`` are the gate: a kind is only scanned when one of
them starts a word of the text (as four-letter stems, see ``socialrx.detectors._match``), so
every phrase holds one of its kind's words; a kind whose phrases need different gate words is
split into several entries with the same name. The context the classifier weighs each
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
    words: str  # gate words
    phrases: tuple[str, ...]
    subject: bool = True  # whether who says it matters (checked in the clause before)
    unsaid: float = 1.0  # how much it counts when the clause names nobody


KINDS: tuple[Kind, ...] = (
    # -- suicidal intent, ideation, plans (first person unless said otherwise) --------------
    Kind("self_kill", "suicide", 0.92, "first-person suicidal intent",
         "myself self kms myslef mysef",
         (r"(?:kill|killin|killing|kil|kll|hang|hanging|shoot|shooting|off|offing|unalive|"
          r"unaliving|end|ending|drown|drowning|poison|poisoning|suffocate) "
          r"(?:my ?self|myslef|mysef)",
          r"kms"), subject=False),
    Kind("self_kill", "suicide", 0.92, "first-person suicidal intent", "life",
         (r"(?:end|ending|take|taking|took) my (?:own )?life",), subject=False),
    Kind("suicide_act", "suicide", 0.85, "first-person suicidal thoughts or intent",
         "suicide sucide suicde suiside suside suicid myself self ending dying death sewer "
         "sewerslide",
         (rf"(?:commit|commiting|committing|comit) {SUICIDE}",
          rf"(?:thinking|thought|think|thinkin) (?:a lot |so much |constantly )?(?:about|of) "
          rf"(?:{SUICIDE}|killing my ?self|ending (?:it|my life|things|everything)|dying|death)",
          rf"(?:considering|consider|contemplating|contemplate|planning|plan) {SUICIDE}",
          rf"{SUICIDE} (?:is|seems|feels) (?:like )?(?:the|my) (?:only|best|last) "
          rf"(?:way|option|answer|choice|way out)",
          rf"{SUICIDE} (?:plan|plans|method|methods)",
          rf"{SUICIDE} (?:is |has been |keeps |was )?(?:on|in|crossing|crossed) my (?:mind|head)",
          r"(?:death|dying) (?:is|seems|feels|would be) (?:like )?(?:the only|my only|a relief|"
          r"so much )?(?:better|easier|answer|option|way out|relief)",
          rf"(?:thoughts|urges|fantasies|fantasize|fantasizing|dreams|dreaming) (?:of|about) "
          rf"(?:{SUICIDE}|killing my ?self|dying|death|ending (?:it|my life|things))")),
    Kind("suicidal", "suicide", 0.85, "first-person wish to end one's life",
         "suicidal sucidal suisidal", (SUICIDAL,)),
    Kind("want_die", "suicide", 0.85, "first-person wish to be dead",
         "die dye dead died alive exist born wake woke waking asleep vanish disappear kills",
         (rf"(?:want|wanna|wana|wan|wanted|wishing|ready|deserve|deserved) (?:to |too |2 )?"
          rf"(?:just |really |fucking |honestly |literally )?{DIE}",
          r"wish (?:i|id|i'd) (?:was|were|had|would) (?:dead|died|never been born|not born|"
          r"never born|die|just die)",
          r"wish i (?:was|were)n't (?:alive|born)",
          r"wish i (?:could )?(?:just )?(?:die|not wake up|never wake up|fall asleep and never)",
          r"(?:hope|hoping) (?:i|to) (?:die|don't wake up|never wake up|not wake up)",
          r"should (?:just )?(?:die|be dead)",
          r"(?:can't|cant|cannot) wait to die",
          r"(?:sleep|fall asleep|go to sleep) and (?:never|not) wake up",
          r"(?:wouldn't|would not|don't|do not|dont|wouldnt) (?:even )?(?:mind|care) (?:if i )?"
          r"(?:die|being dead|didn't wake up|never woke up|not waking up)",
          r"(?:hope|hoping|wish|pray|praying) (?:that )?(?:something|someone) kills? me",
          r"wish i (?:could )?(?:just )?(?:vanish|disappear|stop existing|cease to exist|not exist|never "
          r"existed|didn't exist)")),
    Kind("want_die", "suicide", 0.6, "first-person wish to be dead", "kill",
         (r"(?:someone|somebody|god|please|pls|plz) (?:just |please )?kill me",)),
    Kind("want_die", "suicide", 0.85, "first-person wish to be dead", "dying died",
         (r"(?:wouldn't|would not|don't|do not|dont|wouldnt) (?:even )?(?:mind|care) (?:if i )?"
          r"(?:dying|died)",)),
    Kind("want_die", "suicide", 0.85, "first-person wish to be dead", "world earth",
         (r"(?:want|ready|going|gonna|wanna) (?:to )?leave this (?:world|earth)",)),
    Kind("feel_dying", "suicide", 0.6, "first-person wish to be dead", "dying dead die",
         (r"(?:feel|feeling|feels) like dying", r"(?:i'd|id|i would) rather (?:die|be dead)(?! than)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         "anymore longer hope future fighting waste disappear pain pointless meaningless "
         "hopeless point gone die exist",
         (r"(?:can't|cannot|can not) (?:do|take|handle|deal with|bear) (?:this|it|life|anything|"
          r"this life) (?:anymore|any longer)",
          r"(?:no|lost all|lost) hope", r"(?:want|wanna|need) the pain to (?:stop|end)",
          r"(?:want|wanna) to (?:just )?disappear",
          r"(?:end|stop) (?:the|this|my) pain (?:forever|for good|permanently)",
          r"life is (?:so )?(?:pointless|meaningless|hopeless|a waste)",
          r"waste of (?:space|oxygen|air)", r"(?:tired of|can't keep) fighting",
          r"(?:don't|can't|cannot|do not) see (?:a|any) future", r"no future for me",
          r"what(?:'s| is) the point (?:anymore|of anything|of it all|of trying|in trying)",
          r"(?:when|after|once) i(?:'m| am) gone", r"(?:when|after|once) i die",
          r"i should (?:just )?(?:disappear|not exist)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         "can cant cannot give gave giving",
         (r"(?:can't|cannot|can not) (?:go on|keep going|keep living|live like this)",
          r"(?:feel|feeling) like giving up",
          r"(?:giving|gave|give) up on (?:life|living|everything)")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair", "want wanna need",
         (r"(?:want|wanna|need) (?:it|everything|it all) to (?:stop|end)",)),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair", "only easy easiest over",
         (r"(?:only|easy|easiest) way out", r"my life is over")),
    Kind("worthless", "suicide", 0.5, "self-hatred or signs of self-harm",
         "worthless burden failure hopeless useless empty razor scars cuts hate",
         (r"(?:i'm|im|i am|i feel|i feel like) (?:so |such )?(?:worthless|a burden|a failure|"
          r"hopeless|useless|empty inside)",
          r"i (?:fucking |really |just )?hate (?:myself|being alive|my existence)",
          r"razor blades?", r"my scars", r"(?:new|fresh|deep) cuts")),
    Kind("distress", "suicide", 0.4, "signs of distress",
         "relapsed psych psychiatric inpatient hate cares care done",
         (r"relapsed", r"psych ward", r"(?:mental|psychiatric) hospital", r"inpatient",
          r"i (?:fucking |really |just )?hate my life",
          r"(?:no one|nobody|noone) (?:even )?cares? (?:about|if) me",
          r"(?:i'm|im|i am) (?:so |just |fucking )?done(?= ?(?:[.!\n]|$))")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair", "stupid drastic anymore",
         (r"(?:afraid|scared|worried) (?:that )?i(?:'ll| will| might| am going to|'m going to) "
          r"do something (?:stupid|drastic)",
          r"(?:don't|do not) want to (?:do this|be like this|feel like this|feel this way) "
          r"(?:anymore|any more)")),
    Kind("farewell", "suicide", 0.75, "a farewell: not being around, giving things away", "gone soon",
         (r"(?:i'll|i will) be gone (?:soon|tomorrow|by|before)",
          r"(?:it'll|it will) (?:all )?be over soon")),
    Kind("distress", "suicide", 0.4, "signs of distress or self-harm", "give tired",
         (r"i give up", r"tired of (?:everything|it all)")),
    Kind("not_live", "suicide", 0.82, "wish not to be alive", "don dont do want wanna why done",
         (r"(?:don't|do not) (?:even |really |just )?(?:want to|wanna) (?:live|be alive|exist|"
          r"be here|wake up|go on|keep going|keep living|be on this earth|be in this world)",
          r"(?:want|wanna) out of (?:this|my) (?:life|world)",
          r"(?:want|wanna) to (?:just )?(?:go to )?(?:sleep forever|never wake up|not wake up|"
          r"stop existing|"
          r"stop living|cease to exist|not be here|be gone forever)",
          r"why (?:am i|should i) (?:still )?(?:alive|here|live|living|keep going|go on|exist)",
          r"done with (?:life|living|everything|it all|this life)")),
    Kind("not_live", "suicide", 0.82, "wish not to be alive", "myself tired sick",
         (r"(?:can't|cannot|don't|do not) see myself (?:living|making it|being alive|being here) "
          r"(?:past|to|until|beyond|much longer)",
          r"(?:tired|sick) of (?:living|being alive|existing|life|this life)")),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life", "end ending",
         (r"(?:end|ending) it all", r"end (?:it|everything) (?:tonight|today|now|soon|for good)",
          r"(?:want|wanna|going|gonna|ready|plan|planning|decided|about|need) (?:to |on )?"
          r"(?:end|ending) (?:it|everything|things)(?! with)",
          r"want (?:it|everything) (?:all )?to (?:end|be over)")),
    Kind("end_it", "suicide", 0.8, "first-person intent to end one's life", "suffering",
         (r"(?:end|stop|ending) (?:my|the|this) suffering",)),
    Kind("no_reason", "suicide", 0.8, "hopelessness about living",
         "reason purpose nothing worth",
         (r"no (?:reason|point|purpose) (?:in |to )?(?:live|living|be alive|being alive|keep "
          r"going|keep living|go on|going on|wake up|exist|existing)",
          r"nothing (?:left )?to live for",
          r"(?:life|living) (?:is not|isn't|is no longer|isnt) worth (?:living|it)")),
    Kind("no_reason", "suicide", 0.8, "hopelessness about living", "point",
         (r"no point (?:in |to )?(?:live|living|be alive|being alive|keep going|go on|going on)",
          r"what(?:'s| is) the point (?:of|in) (?:living|life|being alive|going on)")),
    Kind("burden", "suicide", 0.8, "others better off without the person",
         "better nobody noone one deserve",
         (r"better off (?:without me|if i (?:was|were|wasn't|weren't) (?:here|around|gone|"
          r"dead|alive)|if i died|if i was gone|dead)",
          r"(?:no one|nobody|noone|no-one) (?:would|will) (?:even )?(?:care|notice|miss me)"
          r" if i (?:died|was gone|disappeared|killed|wasn't here|was dead)",
          r"(?:don't|do not|dont) deserve to (?:live|be alive|be here|exist)",
          r"(?:no one|nobody|noone|no-one) (?:would|will) (?:even )?miss me"), subject=False),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         "around alive",
         (r"(?:won't|will not|not going to|not gonna) be (?:around|here|alive) (?:much |very )?"
          r"(?:longer|anymore|any more|for long|tomorrow|next week|by)",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away", "here",
         (r"(?:won't|will not) be here (?:much |very )?(?:longer|anymore|for long|tomorrow)",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away",
         "goodbye goodbyes bye affairs earth final belongings possessions",
         (r"(?:saying|say|said) (?:my )?(?:goodbye|goodbyes|bye) (?:to (?:everyone|all|you all|"
          r"the world|everybody)|forever)",
          r"saying (?:my )?goodbyes", r"goodbye (?:everyone|world|cruel world|forever|all)",
          r"this is (?:my )?(?:goodbye|final (?:post|message|goodbye))",
          r"(?:giving|gave|give) away (?:all )?(?:of )?my (?:belongings|possessions)",
          r"(?:putting|put|getting) my affairs in order",
          r"last (?:day|night|week) (?:alive|on earth)")),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away", "notes note letters letter",
         (r"(?:write|wrote|writing|written) (?:a |my )?(?:notes?|letters?) (?:to|for) my "
          r"(?:family|parents|mom|mum|dad|kids|friends|children|wife|husband)",)),
    Kind("farewell", "suicide", 0.82, "a farewell: not being around, giving things away", "last read reads away",
         (r"this is (?:my )?last (?:post|message|goodbye)",
          r"by the time (?:you|anyone|someone) (?:read|reads|see|sees) this",
          r"(?:giving|gave|give) away (?:all )?(?:of )?my (?:stuff|things|pets)",
          r"last (?:day|night|week) of my life")),
    Kind("goodbye", "suicide", 0.55, "a farewell message", "saying",
         (r"saying (?:my )?goodbyes?(?! to (?:(?:the|our|my|a|this|his|her) )?(?:summer|winter|"
          r"spring|fall|autumn|year|old|car|house|home|job|office|team|doctor|dr|favorite|dog|"
          r"cat|pet|grandma|grandpa|mom|dad|\d)| (?:was|is|has been|will be)\b)",)),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         "suicide sucide suicde suiside goodbye farewell wrist wrists throat veins trigger "
         "rope noose painless",
         (rf"(?:{SUICIDE}|goodbye|farewell) (?:note|notes|letter|letters)",
          r"(?:slit|slice|slitting|slicing|cut|cutting) (?:open )?my (?:wrists?|throat|veins)",
          r"(?:pull|pulling) the trigger", r"(?:bought|buy|got|tied|tying|made) (?:a )?"
          r"(?:rope|noose)", r"noose",
          r"(?:painless|easiest|quickest|fastest|best) (?:way|method|ways|methods) to "
          r"(?:die|kill|end it)")),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life", "jump jumping",
         (r"(?:jump|jumping) (?:off|from) (?:a|the|this) (?:bridge|building|roof|cliff|"
          r"balcony|overpass|tower)",
          r"(?:jump|jumping) in front of (?:a|the) (?:train|bus|truck|car)")),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life", "gun bullet pistol",
         (r"(?:gun|bullet|pistol) (?:to|in) my (?:head|mouth|temple)",)),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         "bottle handful fistful bunch enough overdose od hang pills tablets",
         (r"(?:going to|gonna|about to|planning to|plan to|want to|wanna|ready to|decided to)"
          r" (?:take|swallow|down|od on|overdose on) (?:all|every|a (?:whole )?bottle|the "
          r"(?:whole|entire) bottle|a (?:bunch|handful|fistful)|enough)",
          r"(?:going to|gonna|want to|wanna|plan to|planning to|about to|ready to|decided to) "
          r"(?:overdose|od|jump off|hang)(?! with| in| out)")),
    Kind("plan", "suicide", 0.95, "a plan, means or last message before ending one's life",
         "pills tablets painkillers tylenol paracetamol acetaminophen ibuprofen xanax benadryl "
         "antidepressants opioids",
         (rf"enough {PILLS} to (?:die|kill|end|overdose|od)",
          rf"(?:saving|stockpiling|stockpiled|hoarding|hoarded|collecting|saved) (?:up )?(?:all )?"
          rf"(?:my |of my )?{PILLS}")),
    Kind("self_harm", "suicide", 0.8, "hurting oneself on purpose", "self selfharm myself cutting cuts burning",
         (r"self[-\s]?harm(?:ing|ed)?",
          r"(?:cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming|scratch|"
          r"scratching) my ?self(?! (?:shaving|cooking|while|by accident|accidentally|on "
          r"(?:a|the)|with a knife while))",
          r"(?:started|start|relapsed|relapse) (?:cutting|self harming|on cutting)",
          r"cutting again", r"fresh cuts",
          r"(?:been|keep|kept|started|start) (?:cutting|burning) (?:again|myself)?")),
    Kind("self_harm", "suicide", 0.8, "hurting oneself on purpose", "cut burned",
         (r"i (?:cut|burned) (?:again|last night|today|yesterday|deep|deeper)",)),
    Kind("attempt", "suicide", 0.75, "an attempt to end one's life",
         "attempt attempted attempting attempts suicide sucide suicde suiside",
         (rf"(?:attempted|attempt|attempting) (?:to commit )?{SUICIDE}",
          rf"{SUICIDE} attempts?",
          rf"(?:my|last|first|second|previous|failed|recent|next) (?:{SUICIDE} )?attempts?")),
    Kind("attempt", "suicide", 0.75, "an attempt to end one's life", "tried trying try",
         (r"(?:tried|trying|try) to (?:end it|kill|off|hang|overdose|od)",)),
    Kind("mention", "suicide", 0.5, "first-person talk of ending one's life",
         "suicide sucide suicde suiside suside suicid suicides sewer sewerslide",
         (rf"{SUICIDE}(?! (?:prevention|awareness|rates?|statistics|research|hotlines?|lifeline|"
          r"squad|forest|bomb|bomber|bombing|doors?|mission|pact|watch)\b)",), unsaid=0.8),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide",
         "himself herself themselves themself",
         (r"(?:kill|killing|hang|hanging|shoot|shooting|hurt|hurting|cut|cutting) "
          r"(?:himself|herself|themselves|themself)",)),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide", "end ending",
         (r"(?:end|ending) (?:his|her|their) (?:own )?life",)),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide",
         "die dye dead exist alive suicide sucide suicde suiside",
         (rf"(?:wants|keeps saying|says|said|talking about|threatening|threatens) (?:to )?"
          rf"(?:{DIE}|{SUICIDE}|commit {SUICIDE})",)),
    Kind("other_risk", "other", 0.6, "someone else at risk of suicide", "threatening threatens",
         (r"(?:threatening|threatens) to end it",)),
    # -- ideation in other words: entrapment, burdensomeness, not belonging, unbearable pain,
    # self-harm urges and methods, passive wishes (general knowledge of how people say it) -----
    Kind("trapped", "suicide", 0.55, "feeling trapped with no way out",
         "way escape trapped stuck",
         (r"(?:there's|there is|see|i see|with|have) no (?:other )?(?:way out|escape)",
          r"(?:feel|feeling|i'm|im|i am) (?:so |completely |totally )?(?:trapped|stuck) in "
          r"(?:my (?:own )?(?:life|head|mind|body)|this (?:life|hell|body))",
          r"(?:can't|cannot|cant) escape (?:this (?:life|pain|hell|feeling)|my (?:life|mind|head|"
          r"thoughts))")),
    Kind("unbearable", "suicide", 0.55, "pain that feels unbearable",
         "pain hurts hurt unbearable",
         (r"(?:the|this) pain is (?:too much|unbearable|too strong|too heavy)",
          r"(?:can't|cannot|cant) (?:take|stand|handle|bear) (?:the|this) pain (?:anymore|any "
          r"more|any longer)",
          r"(?:it|everything) hurts too much to (?:live|keep going|go on|be alive)",
          r"(?:make|stop) the pain (?:stop|go away) (?:forever|for good|permanently)")),
    Kind("limit", "suicide", 0.45, "at the end of one's strength",
         "rope breaking anymore longer",
         (r"(?:at|reached|hit) the end of my rope",
          r"(?:at|reached|hit) (?:my |a )?breaking point",
          r"(?:can't|cannot|cant) (?:keep )?(?:doing|living) (?:this|like this) (?:anymore|any "
          r"more|any longer)",
          r"i (?:just )?(?:can't|cannot|cant) (?:anymore|any more)(?= ?(?:[.!,\n]|$))")),
    Kind("belong", "suicide", 0.5, "feeling alone and unwanted by everyone",
         "belong wants loves cares care hates notice",
         (r"i (?:don't|dont|do not) belong (?:here|anywhere|in this world|on this earth)",
          r"(?:no one|nobody|noone|no-one) (?:wants|loves|cares about|would care about) me",
          r"(?:everyone|everybody) hates me",
          r"(?:no one|nobody|noone|no-one) would (?:even )?notice (?:if|when) i")),
    Kind("burden", "suicide", 0.6, "feeling a burden to others", "burden",
         (r"(?:just |only )?(?:a|such a) burden (?:to|on) (?:everyone|everybody|my family|my "
          r"friends|my parents|the people|others)",), subject=False),
    Kind("self_harm", "suicide", 0.8, "hurting oneself on purpose",
         "urge urges cut cutting slit slice burn burning burned",
         (r"(?:urge|urges|urging|tempted|itching) to (?:cut|self harm|hurt myself|burn myself)",
          r"(?:want|wanna|need) to (?:cut|self harm)(?! (?:my|the|a|your|it|off|out|down|back|"
          r"ties|costs?|carbs|sugar)\b)",
          r"(?:cut|cutting|slit|slitting|slice|slicing) (?:my|both) wrists?",
          r"(?:cut|cutting|burn|burning|burned) my (?:arms?|thighs?|forearms?|legs?|skin) "
          r"(?:again|deeper|deep|every night|to feel)")),
    Kind("plan", "suicide", 0.9, "a plan, means or last message before ending one's life",
         "noose rope front crash drive driving",
         (r"(?:tie|tied|tying|made|bought|buy) (?:a |the )?(?:noose|rope to hang)",
          r"(?:step|stepping|walk|walking) in front of (?:a|the) (?:train|bus|truck|car)",
          r"(?:crash|drive|driving|crashing) my car (?:into|off)")),
    Kind("want_die", "suicide", 0.65, "first-person wish to be dead", "hit hits crashes crash",
         (r"(?:hope|hoping|wish|pray|praying) (?:that )?(?:a |the |some )?(?:car|bus|truck|train) "
          r"hits me",
          r"(?:hope|hoping|wish|pray|praying) (?:that )?(?:i get|i'd get|to get) hit by a "
          r"(?:car|bus|truck|train)",
          r"(?:hope|hoping|wish) (?:the|my) plane crashes")),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair", "tired exhausted sick",
         (r"(?:so )?(?:tired|exhausted|sick) of (?:trying|fighting|feeling (?:like )?this|being "
          r"me|waking up|this pain|everything)",)),
    Kind("hopeless", "suicide", 0.5, "hopelessness or despair",
         "nothing better point hell",
         (r"nothing (?:will|is going to|is gonna) (?:ever )?(?:get|be) better",
          r"(?:things|it|life|my life) (?:will never|is never going to|'s never going to|are never "
          r"going to|won't ever|never gets) (?:get |be )?(?:any )?better",
          r"nothing (?:matters|makes sense) (?:anymore|any more)",
          r"(?:i have|i've got|i got|there's) nothing (?:left|to look forward to)(?! (?:to say|in "
          r"the|on the|for the))",
          r"(?:don't|dont|do not|can't|cant) see the point (?:of|in) (?:living|life|anything|going "
          r"on|being alive|trying|waking up)",
          r"(?:my )?life is (?:a )?(?:living )?hell")),
    Kind("belong", "suicide", 0.5, "feeling alone and unwanted by everyone", "nobody noone one alone",
         (r"i (?:have|got) (?:no one|nobody|noone|no-one)(?! (?:to blame|else to blame))",
          r"(?:so|completely|totally|utterly) alone in (?:this|the) world")),
    Kind("not_live", "suicide", 0.82, "wish not to be alive", "here exist alive wake live away",
         (r"(?:want|wanna) to not (?:be here|exist|be alive|wake up|live)",
          r"(?:want|wanna) to (?:just )?(?:fade|go) away (?:forever|for good)")),
    # -- medical emergencies (anyone: the poster or someone with them) ----------------------
    Kind("breathing", "emergency", 0.45, "medical emergency: breathing",
         "breathe breath breathing choking gasping air",
         (r"(?:can't|cannot|cant|can not|couldn't|could not|unable to) (?:breathe|breath|catch "
          r"(?:my|his|her) breath|get (?:air|a breath))(?! (?:through|out of) (?:my|his|her|the) "
          r"nose)",
          r"(?:struggling|trouble|difficulty|hard time) (?:to )?breath(?:e|ing)")),
    Kind("breathing", "emergency", 0.7, "medical emergency: breathing", "choking gasping",
         (r"(?:choking and|gasping for (?:air|breath))",)),
    Kind("not_breathing", "emergency", 0.9, "medical emergency: breathing has stopped",
         "breathing blue",
         (r"(?:not|isn't|isnt|stopped|wasn't|barely|no longer) breathing",
          r"(?:turning blue|lips are blue|lips turning blue)")),
    Kind("chest", "emergency", 0.48, "medical emergency: pain or pressure in the chest", "chest crushing",
         (r"(?:chest pains?|pain in (?:my|his|her|the) chest|chest (?:is )?(?:tight|tightness|"
          r"pressure|hurts))",)),
    Kind("chest", "emergency", 0.75, "medical emergency: pain or pressure in the chest",
         "crushing radiating spreading",
         (r"crushing (?:chest )?pain",
          r"(?:pain|pressure) (?:radiating|spreading|going) (?:to|down|into) (?:my|his|her|the) "
          r"(?:left )?(?:arm|jaw|shoulder)")),
    Kind("cardiac", "emergency", 0.75, "medical emergency: heart attack or stroke",
         "think might",
         (r"(?:think|might be|may be|scared|afraid|worried) (?:i'm|im|i am|he's|hes|she's|shes|he is|"
          r"she is|(?:he|she|i) (?:might|may) be)? ?having a (?:heart attack|stroke)"
          r"(?! (?:reading|trying|looking|watching))",)),
    Kind("cardiac", "emergency", 0.45, "medical emergency: heart attack or stroke",
         "attack stroke heart pulse",
         (r"(?:i'm|im|i am|he's|hes|she's|shes|he is|she is|is) having a (?:heart attack|stroke)"
          r"(?! (?:reading|trying|looking|watching))",
          r"(?:heart|pulse) (?:stopped|has stopped)")),
    Kind("unconscious", "emergency", 0.85, "medical emergency: cannot be woken or responds to nothing",
         "unconscious unresponsive consciousness collapsed",
         (r"unconscious(?! mind| bias| thought)", r"unresponsive", r"lost consciousness",
          r"(?:passed out|collapsed) and (?:won't|isn't|is not|can't|not)",
          r"(?:he|she|they|dad|mom|husband|wife|son|daughter|baby) (?:just )?collapsed")),
    Kind("unconscious", "emergency", 0.85, "medical emergency: cannot be woken or responds to nothing",
         "wake waking responding",
         (r"(?:won't|will not|can't|cannot|wont|isn't|is not) (?:wake|waking) (?:up|her up|him up)",
          r"(?:not|isn't|stopped) responding")),
    Kind("stroke", "emergency", 0.88, "medical emergency: stroke signs",
         "drooping droops droopy drooped slurred slurring numb weak paralyzed",
         (r"(?:face|mouth|smile) (?:is )?(?:drooping|droops|droopy|drooped)",
          r"(?:slurred|slurring) (?:speech|(?:his|her|my) words)",
          r"(?:one side|left side|right side) of (?:my|his|her) (?:face|body) (?:is |went |feels )?"
          r"(?:numb|weak|paralyzed|drooping)")),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         "overdosed overdosing od bleach antifreeze poison detergent cleaner batteries battery "
         "pods",
         (r"(?:overdosed|overdosing|od[\x27\u2019]e?d|took an overdose)",
          r"(?:swallowed|drank|ate|drinking) (?:some )?(?:bleach|antifreeze|poison|rat poison|"
          r"detergent|drain cleaner|batteries|a battery|laundry pods?)")),
    Kind("overdose", "emergency", 0.85, "medical emergency: overdose or poisoning",
         "pills tablets painkillers tylenol paracetamol acetaminophen ibuprofen xanax benadryl "
         "antidepressants opioids",
         (rf"(?:took|swallowed|downed|ate) (?:a (?:whole )?bottle of|the (?:whole|entire) bottle"
          rf" of|a handful of|a fistful of|too many|way too many|all (?:of )?(?:my|the|her|his)) "
          rf"(?:{FILL}{{0,2}}){PILLS}",)),
    Kind("allergy", "emergency", 0.85, "medical emergency: dangerous allergic reaction",
         "anaphylaxis anaphylactic throat airway tongue lips allergic epipen epi",
         (r"anaphyla(?:xis|ctic)",
          r"(?:throat|airway) (?:is )?(?:closing|tightening|closing up)",
          r"(?:severe|serious|bad) allergic reaction",
          r"(?:need|used|use|using|gave|give) (?:my |his |her |an )?epi ?pen")),
    Kind("swelling", "emergency", 0.45, "medical emergency: swelling of the throat or tongue",
         "throat airway tongue lips",
         (r"(?:throat|airway|tongue|lips) (?:is |are )?(?:swelling|swollen)",)),
    Kind("allergic", "emergency", 0.3, "medical emergency: signs of an allergy",
         "allergic peanut peanuts nuts shellfish stung sting",
         (r"allergic(?: reaction)?", r"(?:ate|eaten|eating) (?:a |some )?(?:peanuts?|nuts|shellfish)",
          r"(?:stung|sting) by a (?:bee|wasp|hornet)")),
    Kind("bleeding", "emergency", 0.8, "medical emergency: severe bleeding",
         "bleeding bleeds blood",
         (r"(?:bleeding|bleeds) (?:heavily|profusely|a lot|badly|everywhere|won't stop|"
          r"wont stop|so much)",
          r"(?:won't|wont|can't|cant|will not) stop (?:the )?bleeding",
          r"(?:losing|lost) (?:so much|a lot of|too much) blood",
          r"(?:coughing|vomiting|throwing) up blood")),
    Kind("seizure", "emergency", 0.8, "medical emergency: seizure",
         "seizure seizing convulsing",
         (r"(?:having|had) a seizure(?! (?:last|years|months|when|reading|watching))",
          r"seizing(?! (?:the|an?|control|power|on|upon|opportunit))",
          r"convulsing", r"seizure (?:won't|wont|isn't|hasn't) stop")),
)  # fmt: skip
