"""The care vocabulary of the disclosure detector (registers nothing): care events (something
happened to a person: admitted, discharged, rang the bell …) and care topics (chemo, dialysis,
a diagnosis …), as verbose-style alternations of lower-case phrases for ``literal_trie``.
"""

from __future__ import annotations

# Care events: something happened to a person (strong), and care topics (weaker).
_EVENT = r"""
    (?:rang|rings|ringing|ring|rung)\s+the\s+(?:\w+\s+){0,2}bell
  | (?:is|was|were|got|been|being|just|finally|has|had|gets|get)\s+(?:just\s+|finally\s+|been\s+|now\s+)?
    (?:admitted|readmitted|discharged|diagnosed|intubated|extubated|transferred|airlifted|
       rushed|released|transported|resuscitated|sedated|stabili[sz]ed|treated|operated|
       induced|hospitali[sz]ed|delivered|amputated)
  | (?:admitted|readmitted)\s+(?:to|for|with|into|last|this|on|again|overnight|yesterday|today)
  | (?:discharged|released)\s+(?:from|home|today|yesterday|this|last|after)
  | diagnosed\s+with | treated\s+(?:for|in\s+our) | recovering\s+from | recovered\s+from
  | back\s+(?:in|on)\s+(?:the\s+|our\s+)?(?:icu|nicu|picu|ccu|er|ed|hospital|or|ward|unit|floor|
       emergency)
  | tested\s+positive | positive\s+for\s+(?:covid|tb|flu|influenza|strep|hiv|mrsa|c\.?\s?diff|
       rsv|hepatitis|cancer) | flare(?:-?up)?s? | born\s+to\b
  | (?:he|she|they)\s+passed\b | passed\s+(?:on|peacefully|last|this|yesterday|today|overnight)
  | care\s+(?:he|she|they)\s+(?:received|got)
  | (?:is|was|are|were|remains|remained|still|now|currently|days?|weeks?|months?|nights?|stay|
       stays|stayed|spent\s+(?:his|her|their)\s+\w+|recovering|resting|staying|sleeping|
       hospitali[sz]ed)\s+(?:(?:comfortably|quietly|peacefully|well|now|still)\s+)?(?:in|at)\s+
       (?:the|our)\s+UNITS
  | (?:after|from|with|following|to)\s+(?:a|an|his|her|their)\s+(?:massive\s+|severe\s+|sudden\s+)?
       (?:heart\s+attack|stroke|seizure|cardiac\s+arrest|overdose|aneurysm|concussion|fall|
       car\s+crash|crash|accident|aortic\s+dissection|infection|blood\s+clot|gunshot\s+wound)
  | (?:went|going|moved|transferred|sent|admitted)\s+to\s+(?:inpatient\s+)?hospice
  | (?:celebrated|celebrating|spent|spending|turned|turning)\s+(?:\w+\s+){0,3}(?:on|in)\s+(?:the|
       our)\s+(?:\w+\s+)?(?:floor|unit|ward|icu|nicu|picu)
  | (?:moved|taken|brought|sent|rushed|transferred|wheeled|airlifted|flown)\s+(?:back\s+)?
       (?:to|into)\s+(?:the|our)\s+UNITS
  | (?:out\s+of|home\s+from)\s+(?:the|our)\s+UNITS
  | (?:in|at)\s+(?:the|our)\s+UNITS\s+(?:last\s+night|today|tonight|yesterday|this\s+morning|
       again|overnight)
  | (?:got|received|gets|getting)\s+(?:a|her|his|their)\s+new\s+(?:kidney|heart|liver|lungs?|hip|
       knee|cornea|pancreas|organ)
  | (?:came|come|comes|walked|rolled|wheeled|stumbled)\s+(?:in|into)\s+(?:to\s+)?(?:the|our)\s+UNITS
  | (?:\d{1,4}|one|two|three|six)\s+(?:days?|weeks?|months?|years?)\s+sober | relapsed | detox\s+unit
  | (?:broken|fractured|shattered|(?:broke|fractured|shattered|dislocated)\s+(?:his|her|their|a))\s+
    (?:leg|arm|hip|wrist|ankle|neck|back|ribs?|nose|jaw|collarbone|pelvis|femur|skull|shoulder)
  | (?:his|her|their|hers|your)\s+(?:[\w'’]+\s+)?(?:TOPIC)
  | (?:his|her|their|hers|your)\s+(?:\w+\s+){0,2}?
    (?:chemo(?:therapy)?|radiation|surgery|surgeries|transplant|treatments?|dialysis|diagnosis|
       biopsy|scans?|infusions?|procedure|operation|amputation|c-?section|delivery|hospital\s+stay|
       icu\s+stay|nicu\s+stay|prognosis|cancer|tumou?r|leukemia|lymphoma|stroke|heart\s+attack|
       overdose|illness|injur(?:y|ies)|seizures?|labou?r|pregnancy|miscarriage|meds|medications?|
       recovery|rehab|admission|discharge|condition|wounds?|fracture|mri|ct|x-?rays?|symptoms|
       ventilator|feeding\s+tube|cast|stitches|sutures|diabetes|dementia|alzheimer'?s|
       depression|addiction|hiv|aids|covid|infection|pneumonia|sepsis|transfusions?|
       prosthesis|pacemaker|ostomy|tracheostomy|trach|ivf|biopsies|results?|test\s+results)
  | (?:beat|beats|beating|fighting|battling|survived|surviving|conquered)\s+
    (?:\w+\s+){0,3}?(?:cancer|leukemia|lymphoma|covid|sepsis|the\s+odds|breast\s+cancer|a\s+stroke)
  | lost\s+(?:his|her|their)\s+(?:\w+\s+){0,1}(?:battle|fight)
  | passed\s+away | (?:died|coded|flatlined|overdosed|od'?d)\b
  | (?:had|suffered|survived|has)\s+(?:a\s+|an\s+|his\s+|her\s+)?(?:massive\s+|severe\s+|mild\s+|second\s+)?
    (?:stroke|heart\s+attack|seizure|cardiac\s+arrest|miscarriage|overdose|breakdown|
       c-?section|surgery|transplant|amputation|fall|concussion|aneurysm|(?:hip\s+|leg\s+|wrist\s+)?
       fracture|pneumonia|sepsis|covid|cancer|mastectomy)
  | born\s+(?:here|in\s+our|at\s+our|at\s+\d|on\s+our|this\s+morning|today|last\s+night|
            early|premature|at\s+\d\d?\s+weeks)
  | (?:gave|give|giving)\s+birth | delivered\s+(?:a\s+|her\s+|their\s+)?(?:first\s+|second\s+|
       third\s+|fourth\s+|fifth\s+|healthy\s+|new\s+)?(?:baby|twins|triplets|son|daughter)
  | welcomed?\s+(?:baby|twins|triplets) | in\s+labou?r\b
  | went\s+home | going\s+home | (?:on|off)\s+(?:a\s+|the\s+)?(?:ventilator|vent|life\s+support|
       hospice|comfort\s+care|dialysis|oxygen|ecmo|feeding\s+tube|cpap|bipap|high\s+flow)
  | (?:we|i)\s+lost\s+(?:our|my|a|sweet|dear|the)\b
  | came\s+in\s+(?:with|for|after|by\s+ambulance|unresponsive|unconscious|coding|not\s+breathing|
       in\s+cardiac\s+arrest|in\s+labou?r) | (?:in|is\s+in)\s+(?:critical|stable|serious|
       fair|guarded)\s+condition
  | (?:icu|nicu|picu|transplant|burn|stroke|cancer|heart|trauma)\s+(?:unit\s+)?(?:grad|graduate|survivor|
       warrior|baby|babies|stay|recipient)
  | cancer[- ]free | in\s+remission | last\s+(?:(?:round|day|session|dose)\s+of\s+)?(?:chemo|radiation|
       treatment|infusion|dialysis)
  | first\s+steps\s+after | (?:took|taking|takes)\s+(?:his|her|their)\s+first\s+steps
  | (?:came\s+to\s+us|arrived|was\s+born)\s+at\s+\d\d?\s+weeks
  | (?:transplant|surgery|cancer-?free|stroke|heart\s+attack)\s+anniversary
  | (?:completed|completing|finished|finishing|finish|complete)\s+(?:\w+\s+){0,4}?(?:chemo(?:therapy)?|
       radiation|treatment|dialysis|physical\s+therapy|rehab|detox|infusions?|(?:eating\s+disorder|
       recovery|treatment|rehab|addiction|detox)\s+program)(?!\s+(?:certification|certified|
       training|course|class|classes|competenc\w*|provider|education|exam|module))
  | tried\s+to\s+(?:end|take)\s+(?:her|his|their)\s+(?:own\s+)?life | (?:attempted|tried)\s+suicide
  | suicide\s+attempt
  | (?:we|i|they)\s+(?:admitted|discharged|intubated|extubated|treated|transferred|stitched|
       operated\s+on|resuscitated)\s+(?:the|a|an|our|my|him|her|them)\b
  | (?:caring|cared)\s+for\s+(?:their|his|her)\s+(?:\w+\s+)?(?:daughter|son|baby|twins|
       mother|mom|mum|father|dad|wife|husband|grandmother|grandfather)
  | (?:fight|battle|stay|recovery)\s+in\s+(?:the|our)\s+UNITS
  | walked\s+out\s+of\s+(?:rehab|the\s+hospital|our\s+hospital|the\s+icu|our\s+icu)
  | (?:graduated|graduating|graduates)\s+from\s+(?:our|the)\s+(?:\w+\s+){0,2}(?:program|rehab|unit|
       nicu|icu|picu)
  | (?:one|two|three|four|five|\d)\s+codes\s+(?:in|on|during|tonight|today)
  | (?:final|last)\s+(?:days|hours|weeks)\s+(?:in|at)\s+(?:our\s+|the\s+)?(?:hospice|icu|hospital)
  | (?:from|off)\s+(?:the\s+|a\s+)?(?:ventilator|vent|life\s+support|wheelchair)\s+to\b | (?:stitched|patched)\s+(?:him|her|them)\s+up
  | (?:room|bed)\s+(?:\w+\s+){0,1}(?:coded|went\s+home|is\s+going\s+home|passed)
  | before\s*(?:and|&|/|-)\s*after
  | (?:in|at)\s+(?:clinic|the\s+office|my\s+chair|the\s+chair|surgery|the\s+or|the\s+er|
       the\s+ed)\s+(?:today|this\s+morning|tonight|yesterday|this\s+week)
  | (?:caring|cared)\s+for\s+the\s+(?:[\w-]+(?:'s|’s)\s+)(?:\w+\s+)?(?:daughter|son|baby|
       mother|mom|mum|father|dad|wife|husband|grandmother|grandfather|kids?|children)
  | collapsed\s+(?:on|at|in|during|while|after)
  | delivered\s+the\s+(?:twins|triplets|baby)
  | (?:is|remains|now)\s+(?:in\s+)?stable\b
  | (?:vaccine|vaccination|shot|dose|jab|booster)\s+went\s+to\b
  | LIVING_WITH
  | (?:get|got|gets|getting|received|receives|receive)\s+(?:a|her|his|their|our)\s+new\s+(?:heart\s+
       valve|valve|pacemaker|defibrillator|stent|implant|hip|knee|prosthetic|cochlear\s+implant)
  | (?:been\s+)?(?:coming|comes|came)\s+to\s+(?:our|the)\s+(?:\w+\s+){0,2}(?:clinic|office|
       practice|center|centre|unit|hospital)\s+(?:since|for\s+(?:\d+|years|months)|every)\b
  | who\s+(?:we|i)\s+(?:treated|saw|admitted|cared\s+for|operated\s+on|stitched\s+up|delivered|
       patched\s+up)\b
  | (?:said|say|saying)\s+(?:goodbye|farewell)\s+to\s+(?:our|my)\s+(?:dear\s+|beloved\s+|sweet\s+)?
       (?:hospice|icu|nicu|dialysis|oncology|infusion)\s+(?:friend|guest|resident|patient|warrior)
  | (?:helped|help|helping)\s+(?:\w+\s+){1,2}?(?:quit\s+smoking|quit\s+drinking|get\s+sober|
       lose\s+\d+)
  | (?:ivf|cancer|transplant|weight[- ]loss|fertility|treatment|sobriety|chemo|dialysis|
       rehab|stroke|surgery)\s+journey
  | (?:got|gets|getting|received|had)\s+(?:her|his|their)\s+(?:first\s+|second\s+|annual\s+|
       covid\s+|flu\s+|rsv\s+|shingles\s+)*(?:flu\s+shot|vaccine|vaccination|booster|shot|jab)s?
       \s+(?:at|with|in)\s+(?:our|the)\b
  | lost\s+\d+\s*(?:lbs?|pounds|kg|kilos)\s+(?:in|with|through|on|at)\s+(?:our|the)\b
  | (?:helped|helping|help)\s+(?:him|her|them)\s+(?:lose|walk|breathe|recover|heal|regain|
       beat|quit|get\s+back\s+on)\b
  | (?:would|could|might|'d|’d)\s+never\s+walk\s+again | walk(?:ed|ing)?\s+again\b
  | (?:wedding|vow\s+renewal|birthday\s+party|prom)\s+(?:in|on)\s+(?:the|our)\s+UNITS
  | (?:our|the)\s+(?:dialysis|oncology|chemo|infusion|hospice|rehab|wound\s+care|transplant|icu|
       nicu|picu|radiation|cancer\s+center)\s+(?:team|nurses|staff|unit|family)\s+will\s+
       (?:miss|never\s+forget|always\s+remember)\s+(?:you|your|him|his|her|them|their)\b
  | (?:back|recovering|resting|admitted|improving|doing\s+(?:well|better|great))\s+(?:in|on)\s+
       \d{1,2}\s?(?:west|east|north|south)\b
"""
_UNITS = r"""(?:(?:(?:trauma|cardiac|cardiovascular|cardiothoracic|coronary|surgical|medical|neuro|
    neurosurgical|neurological|pediatric|paediatric|neonatal|respiratory|burn|shock|adult)\s+)?
    (?:icu|nicu|picu|ccu|er\b|ed\b)|cvicu|sicu|micu|cticu|nsicu|trauma\s+bay|emergency\s+(?:room|department)|
    psych(?:iatric)?\s+(?:ward|unit)|burn\s+unit|cath\s+lab|operating\s+room|step-?down|
    hospital|maternity\s+(?:ward|unit)|cancer\s+center|hospice)"""
_TOPIC = r"""
    chemo(?:therapy)? | radiation\s+(?:therapy|treatment) | cancer | leukemia | lymphoma |
    tumou?rs? | diabetes | dialysis | surgery | transplant | icu | nicu | picu | hospice |
    stroke | hiv | hepatitis | pregnan(?:t|cy) | depression | schizophreni\w* | bipolar |
    (?:swallow|stress|sleep|hearing|pregnancy|drug|covid|flu|strep)\s+tests? |
    addiction | rehab | overdose | fracture | covid | pneumonia | sepsis | seizures? |
    heart\s+attack | dementia | alzheimer'?s | autism | ptsd | anorexia | bulimia |
    admitted | discharged | diagnos(?:is|ed) | treatment | chemotherapy | infusion | biopsy |
    miscarriage | c-?section | labou?r\s+and\s+delivery | prognosis | ventilator | er\s+visit
    | meds | medications? | morphine | opioids? | antibiotics | insulin | pain\s+killers? |
    oxygen | wheelchair | stitches | cast | iv\b | (?:knee|hip|joint|shoulder|valve)\s+replacement
    | physical\s+therapy | prosthe(?:tic|sis) | acl\s+(?:tear|surgery|reconstruction) | preemie
    | premature | cardiac\s+rehab | burn\s+unit | eating\s+disorders? | suicide\s+attempt
    | mastectomy | lumpectomy | hysterectomy | appendectomy | tonsillectomy | colectomy | dka
    | copd | gsw | gunshot\s+wound | aortic\s+dissection | cardiac\s+arrest | psych\b
    | veneers | smile\s+makeover | face\s?lift | rhinoplasty | nose\s+job | tummy\s+tuck
    | liposuction | breast\s+(?:augmentation|reduction|lift|implants) | botox | fillers
    | root\s+canal | dental\s+implants? | invisalign | bypass | ruptured\s+\w+
    | rest\s+(?:easy|in\s+peace)
"""


# "has lived with multiple sclerosis for 12 years": a person's chronic condition
LIVING_WITH = r"""(?:has\s+|have\s+)?(?:lived|living|lives)\s+with\s+(?:type\s+[12]\s+)?
    (?:multiple\s+sclerosis|ms|diabetes|cancer|hiv|crohn'?s|lupus|parkinson'?s|als|copd|
       heart\s+failure|dementia|alzheimer'?s|epilepsy|sickle\s+cell|cystic\s+fibrosis|
       kidney\s+disease|bipolar|schizophrenia|ptsd|chronic\s+pain|fibromyalgia|
       rheumatoid\s+arthritis|psoriasis|long\s+covid|celiac|colitis|endometriosis|pcos|
       migraines|a\s+rare\s+disease|(?:stage\s+\w+\s+)?(?:breast|lung|colon|prostate)\s+cancer)
    \b"""
EVENT = _EVENT.replace("LIVING_WITH", LIVING_WITH).replace("UNITS", _UNITS).replace("TOPIC", _TOPIC)
TOPIC = _TOPIC
