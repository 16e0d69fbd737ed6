"""The context of the crisis classifier's phrases (registers nothing): despair vocabulary,
context markers (news, recovery, support, laughter …), who speaks, and negations.

Written from general knowledge, like ``crisis_words``; never mined from a dataset.
"""

from __future__ import annotations

# Despair vocabulary (PHQ-9 and Beck Hopelessness themes, interpersonal theory of suicide:
# entrapment, burdensomeness, not belonging; crisis-line risk indicators): many distinct such
# words in one first-person post is a risk sign even without a crisis phrase. ``DESPAIR_WEAK``
# words are also everyday complaints (pain, tiredness, worry); a post with only these needs two
# more of them.
DESPAIR = (
    "depressed depression hopeless hopelessness worthless useless empty numb alone lonely "
    "loneliness miserable misery suffering failure burden trapped unbearable pointless "
    "meaningless helpless desperate despair ashamed broken darkness unloved unwanted rejected "
    "abandoned isolated nobody die dying death dead suicide suicidal kill cut cutting pills "
    "overdose worthlessness unlovable pathetic disgusting loser agony sobbing drowning "
    "emptiness defeated scars razor wrists rope disappear escape goodbye hang gun blade jump "
    "hell gone"
)
DESPAIR_WEAK = (
    "exhausted crying cried cry shame guilt guilty insomnia hate hated tired sad sadness "
    "anxious anxiety panic pain hurts hurting scared afraid tears regret nightmare unhappy "
    "overwhelmed struggling struggle drained failed ruined lost"
)

# Context words, by what they tell about the crisis phrases near them (see crisis.py). Post-wide:
# news, recovery, support, info (symptom lists), chronic, acute, i and you (who the post is
# about); per sentence: past, recent, laugh.
MARKERS: dict[str, tuple[str, ...]] = {
    "news": ("study", "studies", "research", "researchers", "survey", "statistics", "stats",
             "rate", "rates", "prevention", "awareness", "according to", "published",
             "reported", "article", "journal", "percent", "cdc", "epidemic", "headline",
             "headlines", "news", "documentary", "celebrity", "podcast", "movie", "film",
             "episode", "character", "novel", "lawsuit", "policy", "funding", "campaign",
             "population", "deaths", "youth", "veterans"),
    "recovery": ("therapy helped", "therapy has helped", "days clean", "weeks clean",
                 "months clean", "years clean", "clean for", "clean since", "recovered",
                 "in recovery", "better now", "glad i'm still here", "glad i'm still alive",
                 "glad i failed", "glad i survived", "glad i didn't", "got help",
                 "grateful i'm still here", "grateful i'm alive", "grateful to be alive",
                 "thankful i'm still here", "glad to be alive", "happy to be alive",
                 "since my last attempt", "months since my last",
                 "got the help", "survivor", "made it through"),
    "support": ("reach out", "you're not alone", "you are not alone", "call 988", "text home",
                "here for you", "you matter", "stay safe", "sending hugs", "sending love",
                "dm me", "pm me", "message me", "you deserve", "proud of you", "text 988",
                "call or text", "please stay", "share some hope", "we need you here",
                "it gets better"),
    "info": ("symptoms include", "symptoms of", "symptom of", "symptoms like", "signs of",
             "warning signs", "know the signs", "may include", "can cause", "such as",
             "when to call", "call 911 if", "seek emergency care if", "seek immediate care if",
             "seek emergency help if", "seek immediate help if", "seek care", "go to the er if",
             "call your doctor if", "if your baby", "if your child", "if someone", "if a person",
             "learn the signs", "great article", "this article", "good article"),
    "chronic": ("for weeks", "for months", "for years", "chronic", "on and off", "every day",
                "every morning", "every night", "diagnosed", "doctor said", "doctor says",
                "years", "anxiety", "panic attack", "panic attacks"),
    "acute": ("right now", "911", "999", "112", "ambulance", "suddenly", "just now", "the er",
              "to the er", "in the er", "emergency room", "what do i do", "what should i do",
              "urgent", "hurry", "help me", "please help", "someone help", "need help",
              # "chest pressure … my left arm is numb, is this anxiety?" asks, not a diagnosis
              "is this anxiety", "is it anxiety", "could this be anxiety", "or is it anxiety"),
    "past": ("used to", "year ago", "years ago", "months ago", "a while ago", "long time ago",
             "back then", "back when", "in the past", "when i was", "as a kid", "as a teen",
             "as a teenager", "as a child", "in high school", "in middle school", "last year",
             "years back", "at my lowest", "got better", "recovered", "in recovery",
             "survived"),
    "recent": ("again", "still", "right now", "now", "tonight", "today", "lately",
               "these days", "anymore", "any more", "every day", "everyday", "this week",
               "this morning", "this evening", "yesterday", "last night", "currently",
               "can't stop"),
    "laugh": ("lol", "lool", "lolol", "loll", "lmao", "lmaoo", "lmfao", "rofl", "haha",
              "hahah", "hahaha", "hahahaha", "hehe", "jk", "just kidding", "xd", "laughing",
              "laughed", "hilarious"),
    "i": ("i", "i'm", "my", "me", "myself", "i've"),
    "you": ("you", "your", "you're", "u", "yourself"),
}  # fmt: skip
LAUGH_SIGNS = ("\U0001f602", "\U0001f923", "\U0001f480", "\U0001f606", "\U0001f605", "/s")

# Who speaks: the last of these words before a crisis phrase, in its clause.
FIRST = "i i'm i've i'd me my myself mine we"
SECOND = "you your you're u ur yourself ya yall y'all"
THIRD = "he she they him her them his their he's she's they're"
GENERIC = "people someone somebody anyone anybody everyone everybody person those others folks"
RELATION = (
    "friend friends son daughter brother sister mom mum mother dad father husband wife partner "
    "boyfriend girlfriend bf gf kid kids child cousin uncle aunt grandma grandpa roommate "
    "fiance fiancee niece nephew teen teenager student"
)
NEGATIONS = (
    "not never nor don't doesn't didn't won't wouldn't isn't wasn't aren't ain't can't cannot "
    "couldn't shouldn't haven't hasn't"
)
