#!/usr/bin/env python3
"""Generate corpus_block.jsonl: HARMFUL evaluation items for the text classifier.

Python 3 standard library only. Deterministic (fixed SEED). Running

    python3 make_block.py

rewrites corpus_block.jsonl next to this script, validates it and prints a
table of counts per category x evasion class.

How the corpus is built
-----------------------
* Hand-written BASE phrases per category (short social-media posts) in which
  every harmful term is marked with braces: "{self harm}" in titles/captions,
  "{self|harm}" in hashtags ('|' marks a word boundary used by some spacing
  transforms; it is removed on output).
  - class `plain`      : a base rendered unchanged.
  - class `misspelling`: marked terms get 1-2 typo edits (known real variants
                         from REGULATION.md first, then generated edits).
  - class `leetspeak`  : digits/symbols for letters.
  - class `homoglyph`  : look-alike Unicode letters, invisible characters,
                         combining marks, mixed per item (exact code points
                         below, never typed by hand).
  - class `spacing`    : separators / masking inside words, split hashtags.
* Hand-written `euphemism` and `emoji` items (need context / code knowledge).
* `label_only` items: neutral text plus ONE upstream label spelled in some
  other platform's taxonomy.

Content rule: vocabulary, hashtags and vague statements only. No methods,
quantities, places or encouragement details.

The term lists of the classifier (policies/, src/) were deliberately NOT
consulted when writing this file.
"""

import json
import os
import random
import re
import sys
import unicodedata

SEED = 20250717
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus_block.jsonl")

CATEGORIES = {
    "suicide": "block",
    "self_harm": "block",
    "eating_disorder": "block",
    "misogyny": "block",
    "body_image": "limit",
    "dieting": "limit",
    "violence": "limit",
}
CLASSES = [
    "plain",
    "label_only",
    "misspelling",
    "leetspeak",
    "homoglyph",
    "spacing",
    "euphemism",
    "emoji",
]
PER_CELL = 10       # validation minimum per category x class
GEN_PER_CELL = 11   # items generated per cell for the generated classes
KEYS = ["id", "title", "caption", "hashtags", "labels", "expect",
        "category", "class", "note"]

# ---------------------------------------------------------------------------
# Base phrases (used by plain, misspelling, leetspeak, homoglyph, spacing).
# Every harmful term is marked; unmarked text must stay free of the
# category's core vocabulary so the transformed items test the evasion only.
# ---------------------------------------------------------------------------

BASES = {
    "suicide": [
        ("{suicidal} again", "3am thoughts, nobody notices", ["vent"]),
        ("night", "thinking about {suicide} more and more lately", ["sadedit"]),
        ("pov", "me pretending im fine while i want to {end my life}", ["fyp"]),
        ("ok", "i just {want to die} honestly", ["3am"]),
        ("tired", "", ["{suicidal}", "{want|to|die}"]),
        ("done", "{suicidal thoughts} won't stop. no point anymore", []),
        ("rant", "school, home, everything. i wanna {kill myself}", ["vent"]),
        ("mood", "", ["fyp", "{suicide}", "sadtok"]),
        ("update", "still {suicidal}. idk what to say", []),
        ("i wanna {kill myself}", "that's it. that's the post", []),
        ("lol", "joking but not joking, {suicide} sounds peaceful", ["darkhumor"]),
        ("every day", "i think about {suicide} every single day", []),
        ("no caption", "", ["{suicidal|thoughts}", "numb"]),
        ("{unalive} szn", "i want to {unalive} myself lol", []),
        ("same", "when the {suicidal} urges hit during class", ["relatable"]),
        ("bye", "ready to {end it all}", []),
        ("quiet", "nobody would care if i {killed myself}", []),
        ("pov", "", ["{kms}", "fyp", "sad"]),
        ("idk", "{kms} fr this time", []),
        ("ok", "{death} is all i think about now", ["numb"]),
    ],
    "self_harm": [
        ("relapsed", "{self harm} again after a long streak", ["vent"]),
        ("ok", "{cutting} again tonight", ["{self|harm}"]),
        ("vent", "the urge to {self harm} is so loud today", []),
        ("pov", "hiding my {self harm} scars all summer", ["longsleeves"]),
        ("day 1", "", ["{self|harm}", "{cutting}"]),
        ("nobody knows", "i {self harm} and nobody knows", []),
        ("again", "{self injury} again, i'm so tired", ["numb"]),
        ("mood", "my {cuts} are healing and i hate it", []),
        ("{self harm} relapse", "back to day zero", []),
        ("coping", "{self harming} to cope again", ["sadtok"]),
        ("long sleeves season", "gotta hide the {self harm}", []),
        ("quiet", "", ["fyp", "{self|injury}", "tw"]),
        ("3am", "can't stop {cutting}", []),
        ("{selfharm} check in", "still here, still bad", []),
        ("honest", "i miss {self harm} ngl", []),
        ("hoodie szn", "perfect for covering {self harm} scars", ["hoodie"]),
        ("pov", "you relapsed into {self harm} and have gym class tomorrow", []),
        ("ok", "", ["{self|harm|scars}", "sad"]),
        ("again", "{cutting} is the only thing that feels real lately", []),
        ("tw", "{self-harm} vent post", []),
    ],
    "eating_disorder": [
        ("{pro-ana} tips", "", ["{pro|ana}"]),
        ("daily {thinspo}", "for motivation", []),
        ("goals", "new {thinspiration} board", ["{thin|spiration}"]),
        ("{pro mia}", "girls only", []),
        ("truth", "{anorexia} is a lifestyle not a disease", []),
        ("pov", "my {thigh gap} is finally back", []),
        ("summer", "{starving myself} till i'm small enough", []),
        ("looking for", "{pro ana} buddy, must be serious", []),
        ("lol", "{bulimic} and proud", ["{pro|mia}"]),
        ("collarbones", "", ["{thin|spo}", "aesthetic"]),
        ("day 3", "{pro ana} lifestyle check in", []),
        ("motivation", "", ["{thin|spiration}", "{thigh|gap}"]),
        ("reminder", "{starving} is self control", []),
        ("dream body", "{thinspo} dump", []),
        ("{anorexic} goals", "", []),
        ("honest", "i want {anorexia} so bad", []),
        ("fyp", "", ["{pro|ana}", "{pro|mia}"]),
        ("new", "{thinspiration} for the girls who need it", []),
        ("{purging} again", "nobody can know", []),
        ("reminder", "{pro-ana} forever", []),
    ],
    "misogyny": [
        ("{incel} truth", "women only want one thing", []),
        ("{femoids}", "will never understand us", []),
        ("facts", "{women are inferior} and it's science", []),
        ("pov", "{i hate women}", []),
        ("ok", "{women belong in the kitchen} not the office", []),
        ("{incels} unite", "", []),
        ("truth", "{women are worthless} without a man", []),
        ("rant", "every {femoid} is the same", []),
        ("hot take", "{misogynist} and proud", []),
        ("{femoid} moment", "typical", []),
        ("lol", "", ["{incel}", "{femoids}"]),
        ("based", "being a {misogynist} is just being honest", []),
        ("{woman hater}", "and proud of it", []),
        ("female logic", "proof {women are stupid}", []),
        ("listen", "{femoids} don't deserve rights", []),
        ("truth", "", ["{misogyny}", "facts"]),
        ("{incel} rage", "they made me like this", []),
        ("dating", "{women are trash} fr", []),
        ("pov", "you finally see {femoids} for what they are", []),
        ("real", "{misogynistic} content for the boys", []),
    ],
    "body_image": [
        ("{am i fat}", "be honest", []),
        ("ugh", "i'm so {ugly and fat}", ["{i|hate|my|body}"]),
        ("before summer", "need a {flat stomach} or i'm not going out", []),
        ("why", "why can't i have the {perfect body}", []),
        ("truth", "{fat people are lazy}", []),
        ("{tiny waist}", "is the only acceptable body type", []),
        ("mirror", "my body is {disgusting}", []),
        ("{rate my body}", "1-10, be brutal", []),
        ("morning", "{body check} before school", []),
        ("comparing", "{comparing my body} to hers all day", []),
        ("{skinny legs}", "or nothing", []),
        ("{hate my body}", "today and every day", []),
        ("summer", "", ["{body|goals}", "{flat|stomach}"]),
        ("{looksmaxxing}", "or stay invisible", []),
        ("honest", "{too fat} for shorts this year", []),
        ("ok", "", ["{body|check}", "fyp"]),
        ("goals", "{perfect body} or bust", []),
        ("{body goals}", "why not me", []),
        ("ok", "someone tell me if i look {overweight}", []),
        ("real", "{fat girls} don't deserve cute clothes", []),
    ],
    "dieting": [
        ("day 12", "{weight loss journey} update", []),
        ("prom", "{crash diet} starts now", []),
        ("this week", "{low calorie} meals only", ["{diet}"]),
        ("tea", "{fat burner} tea actually works", []),
        ("season", "", ["{shred}", "{diet}"]),
        ("cleanse", "{juice cleanse} week starting monday", []),
        ("{lose weight fast}", "challenge accepted", []),
        ("haul", "{skinny tea} haul", []),
        ("{counting calories}", "every single meal", []),
        ("check in", "{intermittent fasting} check in", []),
        ("weigh in", "{dieting} hard this month", []),
        ("{calorie deficit}", "day 20", []),
        ("no more", "", ["{weight|loss}", "{dieting}"]),
        ("goal", "{lose weight} before the trip", []),
        ("meal prep", "{low carb} {low cal} everything", []),
        ("summer", "{diet} mode on", []),
        ("pov", "you're on a {diet} and mom made pasta", []),
        ("starting", "{fasting} again tomorrow", []),
        ("{weight loss}", "progress pic", []),
        ("ok", "", ["{calorie|deficit}", "fyp"]),
    ],
    "violence": [
        ("{gore}", "", []),
        ("{street fight}", "caught on camera", []),
        ("{brutal knockout}", "compilation", []),
        ("{school fight}", "got wild", []),
        ("warning", "{graphic violence} lol", []),
        ("sheesh", "dude got {beat up} so bad", []),
        ("full video", "{brawl} at the game", []),
        ("{fight video}", "he got {stomped}", []),
        ("part 2", "{bloody} {fight} compilation", []),
        ("{hood fights}", "part 3", []),
        ("after school", "kid got {jumped}", []),
        ("lmao", "", ["{street|fight}", "{knock|out}"]),
        ("no blur", "{gore} compilation", []),
        ("crazy", "{beatdown} in the parking lot", []),
        ("{knocked out}", "cold", []),
        ("wild", "", ["{fight|comp}", "viral"]),
        ("pov", "you saw the {school fight} before it got deleted", []),
        ("real", "{gore} channel in bio", []),
        ("{violent}", "and uncut", []),
        ("friday", "{bloody} {brawl} full clip", []),
    ],
}

# Known real-world misspellings (REGULATION.md evasion notes, Chancellor et
# al. 2016, platform reports). Keyed by the marked span with '|' removed.
KNOWN_MISSPELLINGS = {
    "selfharm": ["selfharn", "selfharmmm"],
    "self harm": ["self harn", "slef harm"],
    "thinspo": ["thynspo", "thinspoo"],
    "suicide": ["sucide", "suiciide"],
    "anorexia": ["anerexia"],
    "thigh gap": ["thigh gapp"],
    "thighgap": ["thyghgap", "thightgap"],
    "femoids": ["femoidz"],
    "incel": ["inccel"],
    "misogyny": ["mysogyny"],
    "body check": ["bodycheckk"],
    "bodycheck": ["bodycheckk"],
    "calorie deficit": ["calorie defecit"],
    "caloriedeficit": ["caloriedefecit"],
    "thinspiration": ["thinspiraton"],
}

# ---------------------------------------------------------------------------
# Hand-written euphemism / algospeak items: (title, caption, hashtags, note)
# ---------------------------------------------------------------------------

EUPHEMISM = {
    "suicide": [
        ("sewerslide szn", "thinking about sewerslide again", ["sewerslide"], "algospeak 'sewerslide' = suicide"),
        ("ctb", "might ctb soon idk", ["ctb"], "'ctb' = catch the bus (suicide)"),
        ("tired of everything", "ready to catch the bus. nobody would miss me", ["catchthebus"], "'catch the bus' + hopeless context"),
        ("pov", "when you want to unalive but have school tmrw", ["unalive"], "algospeak 'unalive'"),
        ("lmao", "kms no but fr", ["kms"], "'kms' = kill myself"),
        ("sleepy", "just want to take a permanent nap", ["permanentnap"], "'permanent nap' = wish to die"),
        ("night", "hoping i don't wake up tomorrow", ["tired"], "passive ideation, no keyword"),
        ("delete", "want to delete myself fr", ["deleteme"], "'delete myself' = suicide"),
        ("2am", "unalive thoughts hitting different", ["unalivethoughts"], "'unalive thoughts'"),
        ("sui", "sui thoughts again, same as always", ["suitwt"], "'sui' abbreviation + #suitwt"),
        ("game over", "ready to log off from life for good", ["logoff"], "'log off from life' = suicide"),
    ],
    "self_harm": [
        ("ugh", "my cat scratched me again, long sleeves it is", ["cat"], "'cat scratches' + hiding context"),
        ("fam", "", ["blithe", "secretsociety123"], "code tags #blithe #secretsociety123"),
        ("welcome", "new here, be nice", ["MySecretFamily"], "code tag #MySecretFamily"),
        ("healing slow", "barcode arms szn", ["barcode"], "'barcode arms' = rows of cuts"),
        ("oops", "got beans again, hiding them from mom", ["beans"], "'beans' = cuts, with hiding context"),
        ("streak", "reset my clean streak, nobody can know", ["shtwt"], "relapse wording + #shtwt"),
        ("ehtilb", "", ["ehtilb"], "reversed 'blithe' code tag"),
        ("the cat again", "cat got me again, new scratches to hide before gym", ["cat"], "'cat' code with hiding context"),
        ("moots?", "shtwt moots needed, interact", ["shtwt"], "'shtwt' = self-harm twitter"),
        ("secret society", "123 forever", ["secretsociety"], "'secret society 123' code"),
        ("relapse", "sh relapse, back to day 0", ["sh"], "'sh' abbreviation + relapse"),
    ],
    "eating_disorder": [
        ("ana coach", "ana says skip dinner tonight", ["ana"], "'ana' persona + skipping meals"),
        ("mia again", "mia visited after dinner, nobody heard", ["mia"], "'mia' persona = bulimia"),
        ("meanspo pls", "send meanspo, need to stay strong", ["meanspo"], "'meanspo' = insulting thinspo"),
        ("goals", "", ["bonespo", "edtwt"], "#bonespo #edtwt"),
        ("edtwt moots", "looking for ana buddies to fast with", ["edtwt"], "#edtwt + 'ana buddies'"),
        ("honestly", "wannarexic and proud", ["wannarexic"], "'wannarexic'"),
        ("by summer", "thighgap goals", ["thighgapgoals"], "'thighgap goals'"),
        ("who's in", "skip dinner challenge starts today", ["skipdinnerchallenge"], "'skip dinner challenge'"),
        ("gw", "me and ana vs my goal weight", ["ana"], "'ana' + goal weight"),
        ("ugw", "almost at ugw, ana would be proud", ["ugw"], "'ugw' (ultimate goal weight) + ana"),
        ("besties", "ana and mia are my only friends. skipping lunch again", ["anamia"], "ana/mia personas + skipping meals"),
        ("fasting buddy", "need a fasting buddy, thin by summer", ["fastingbuddy"], "fasting buddy + thin goal"),
    ],
    "misogyny": [
        ("awalt", "never forget: awalt", ["awalt"], "'AWALT' = all women are like that"),
        ("foid moment", "typical foid", ["foid"], "'foid' slur"),
        ("hypergamy", "hypergamy explains everything about them", ["hypergamy"], "'hypergamy' manosphere term"),
        ("lol", "she's just a roastie", ["roastie"], "'roastie' slur"),
        ("chad and stacy", "stacys only want chad, the rest of us are invisible", ["chad", "stacy"], "'chad and stacy' incel frame"),
        ("high value man", "a high value man never lets her talk back", ["highvalueman"], "'high value man' manosphere"),
        ("woke up", "took the red pill about dating", ["redpill"], "'red pill' manosphere"),
        ("blackpill", "blackpill truth: they decide everything by looks", ["blackpill"], "'blackpill' incel ideology"),
        ("sigma", "sigma grindset: women are a distraction", ["sigmagrindset"], "'sigma grindset women are'"),
        ("mgtow", "going my own way because they're all parasites", ["mgtow"], "'mgtow' + dehumanising"),
        ("the wall", "she hit the wall at 30 lmao", ["thewall"], "'hit the wall' manosphere trope"),
        ("80/20", "80 20 rule explains why they're shallow", ["8020rule"], "'80/20 rule' manosphere trope"),
    ],
    "body_image": [
        ("morning", "body check, still not there", ["bodycheck"], "'body check'"),
        ("be honest", "", ["glowuporgiveup"], "'glow up or give up'"),
        ("transformation", "ugly to pretty, proof ugly ppl never win", ["uglytopretty"], "'ugly to pretty'"),
        ("pick me apart", "be honest, what's wrong with me", ["pickmeapart"], "'pick me apart'"),
        ("hourglass or bust", "no other shape counts", ["hourglass"], "'hourglass or bust' body ideal"),
        ("mirror check", "before school, still not enough", ["mirrorcheck"], "'mirror check' body checking"),
        ("looksmax", "mew and looksmax or stay a 3/10 forever", ["looksmax", "mewing"], "'looksmax'/'mewing'"),
        ("bc", "bc: stomach edition", ["bc"], "'bc' = body check"),
        ("roast me", "tell me everything wrong with my body", ["roastme"], "solicited body criticism"),
        ("that girl", "becoming that girl or nothing", ["thatgirl"], "'that girl' body ideal"),
        ("no pretty privilege", "no pretty privilege = no life", ["prettyprivilege"], "'pretty privilege' stigma"),
    ],
    "dieting": [
        ("WIEIAD", "", ["wieiad"], "'WIEIAD' = what i eat in a day"),
        ("what i eat in a day", "realistic, staying under again", ["whatieatinaday"], "'what i eat in a day' + restriction"),
        ("deficit era", "calorie deficit era", ["caloriedeficit"], "'calorie deficit'"),
        ("fasting streak", "fasting streak going strong", ["fastingstreak"], "'fasting streak'"),
        ("snacks", "low cal girlie snacks", ["lowcalgirlie"], "'low cal girlie'"),
        ("omad", "omad life", ["omad"], "'omad' = one meal a day"),
        ("no carbs", "no carbs november, don't ask", ["nocarbs"], "'no carbs' challenge"),
        ("water fast", "water fast check in", ["waterfast"], "'water fast'"),
        ("shrinking", "shrinking szn", ["shrinkingszn"], "'shrinking szn'"),
        ("summer bod", "summer bod loading, cutting carbs", ["summerbody"], "'summer body' + carb cutting"),
        ("cico", "cico is the only rule", ["cico"], "'cico' = calories in calories out"),
    ],
    "violence": [
        ("street beef", "street beef got crazy last night", ["streetbeef"], "'street beef' = street fight"),
        ("rocked", "he got rocked lmaooo", ["gotrocked"], "'got rocked' = knocked out"),
        ("scrap", "scrap after school, he got folded", ["scrap"], "'scrap' + fight context"),
        ("folded", "bro got folded in 2 hits", ["folded"], "'folded' = knocked down"),
        ("lights out", "he ain't getting up", ["lightsout"], "'lights out' = knockout"),
        ("smoke", "they was giving out smoke fr, full vid", ["smoke"], "'smoke' = fight"),
        ("slept", "he got slept on camera", ["slept"], "'slept' = knocked out"),
        ("caught hands", "caught hands so bad", ["catchhands"], "'catch hands' = beaten"),
        ("the fade", "fade went crazy", ["fade"], "'fade' = fight"),
        ("uncensored", "no blur, viewer discretion lol", ["nsfl"], "'nsfl' = graphic content"),
        ("wild one", "lowkey gore, don't watch if weak", ["gore"], "'gore' as content label"),
    ],
}

# ---------------------------------------------------------------------------
# Emoji (exact code points)
# ---------------------------------------------------------------------------
VS16 = "\uFE0F"
ZWJ_E = "\u200D"
BONE = "\U0001F9B4"
SPARKLES = "\u2728"
PLATE = "\U0001F37D" + VS16          # fork and knife with plate
NO = "\U0001F6AB"                    # prohibited
CROSS = "\u274C"
BUTTERFLY = "\U0001F98B"
KNIFE = "\U0001F52A"
BLOOD = "\U0001FA78"                 # drop of blood
BANDAGE = "\U0001FA79"               # adhesive bandage
CHAINS = "\u26D3" + VS16
HEADSTONE = "\U0001FAA6"
SMILE = "\U0001F642"
BRIDGE = "\U0001F309"                # bridge at night
DOWN = "\u2B07" + VS16
COFFIN = "\u26B0" + VS16
PILL = "\U0001F48A"
RED = "\U0001F534"
BLACKSQ = "\u2B1B"
CLOWN = "\U0001F921"
HEEL = "\U0001F460"
MIRROR = "\U0001FA9E"
SOB = "\U0001F62D"
SALAD = "\U0001F957"
CHART_DOWN = "\U0001F4C9"
FIST = "\U0001F44A"
RFIST = "\U0001F91C"
SKULL = "\U0001F480"
SKULL_CROSS = "\u2620" + VS16
BUS = "\U0001F68C"
BUSSTOP = "\U0001F68F"
SPIRAL = "\U0001F635" + ZWJ_E + "\U0001F4AB"   # face with spiral eyes
DIZZY = "\U0001F635"
HEART_HANDS = "\U0001FAF6"
WAVE = "\U0001F44B"
CAT = "\U0001F408"
CAT_FACE = "\U0001F431"
COAT = "\U0001F9E5"
PEEK = "\U0001FAE3"
ZIP = "\U0001F910"
SHUSH = "\U0001F92B"
WILTED = "\U0001F940"
WHITE_HEART = "\U0001F90D"
DROPLET = "\U0001F4A7"
COOK = "\U0001F373"
BROOM = "\U0001F9F9"
WOMAN = "\U0001F469"
MONEY = "\U0001F4B8"
BRAIN = "\U0001F9E0"
WOMAN_NO = "\U0001F645" + ZWJ_E + "\u2640" + VS16
MALE = "\u2642" + VS16
FEMALE = "\u2640" + VS16
CROWN = "\U0001F451"
TRASH = "\U0001F5D1" + VS16
PIG = "\U0001F437"
PIG2 = "\U0001F416"
NAUSEA = "\U0001F922"
VOMIT = "\U0001F92E"
RULER = "\U0001F4CF"
BROKEN_HEART = "\U0001F494"
STANDING_WOMAN = "\U0001F9CD" + ZWJ_E + "\u2640" + VS16
MAGNIFIER = "\U0001F50D"
SWAN = "\U0001F9A2"
SCALE = "\u2696" + VS16
CUCUMBER = "\U0001F952"
HOURGLASS = "\u23F3"
HEART_EYES = "\U0001F60D"
LEMON = "\U0001F34B"
BROCCOLI = "\U0001F966"
BREAD = "\U0001F35E"
SPAGHETTI = "\U0001F35D"
FIRE = "\U0001F525"
GLOVE = "\U0001F94A"
COLLISION = "\U0001F4A5"
AMBULANCE = "\U0001F691"
ANGRY = "\U0001F624"

EMOJI = {
    "suicide": [
        (HEADSTONE + SMILE, "", [], "headstone + smile = wanting death"),
        ("soon", COFFIN + " soon", [], "coffin + 'soon'"),
        (BRIDGE + DOWN, "", ["bye"], "bridge + down arrow"),
        ("ok", HEADSTONE + HEART_HANDS + " me next", [], "headstone 'me next'"),
        (SKULL + SKULL, "fr wanna " + HEADSTONE, [], "'wanna' + headstone"),
        ("night", BUS + BUSSTOP + " ready to catch it", [], "bus emoji = 'catch the bus'"),
        (SKULL_CROSS + SMILE, "done", [], "skull and crossbones + 'done'"),
        ("school", HEADSTONE + " > school", [], "headstone preferred to school"),
        ("manifesting", COFFIN + SPARKLES, [], "coffin + sparkles 'manifesting'"),
        (SPIRAL + HEADSTONE, "lol", [], "spiral eyes + headstone"),
        ("bye", WAVE + HEADSTONE + HEADSTONE, [], "wave + headstones"),
    ],
    "self_harm": [
        (KNIFE + BLOOD, "", [], "knife + blood drop"),
        ("again", BANDAGE + " again", [], "bandage 'again' (relapse)"),
        (CHAINS + BLOOD, "", ["vent"], "chains + blood drop"),
        ("lol", CAT_FACE + " scratches " + BANDAGE + BANDAGE, [], "cat code + bandages"),
        (BLOOD + BANDAGE + SHUSH, "", [], "blood, bandage, secrecy"),
        ("day 1", BLOOD + " again", [], "blood 'again' + day count"),
        ("summer", "long sleeves " + COAT + BANDAGE, [], "hiding + bandage"),
        (PEEK + BANDAGE + BLOOD, "", [], "peeking + bandage + blood"),
        (BANDAGE + BANDAGE + BANDAGE, ZIP, [], "bandages + zipped mouth"),
        ("relapse", CAT + BLOOD, [], "cat code + blood"),
        ("tw", CHAINS + BANDAGE + " again", [], "chains + bandage 'again'"),
    ],
    "eating_disorder": [
        (BONE + SPARKLES, "", [], "bone + sparkles = bonespo"),
        (PLATE + NO, "", [], "plate + prohibited = not eating"),
        ("ana", BUTTERFLY, ["ana"], "butterfly + 'ana'"),
        ("day 4", PLATE + CROSS, [], "plate + cross + day count"),
        (BONE + BONE, "goals", [], "bones 'goals'"),
        ("besties", WILTED + BUTTERFLY + " ana & mia", [], "butterfly + ana & mia"),
        ("today", DROPLET + " only " + PLATE + NO, [], "water only + no plate"),
        (CHART_DOWN + BONE, "", [], "down chart + bone"),
        (WHITE_HEART + BUTTERFLY, "", ["edtwt"], "butterfly + #edtwt"),
        (PLATE + NO + SHUSH, "", [], "not eating + secrecy"),
        (BUTTERFLY + SCALE + CHART_DOWN, "", [], "butterfly + scale + down chart"),
    ],
    "misogyny": [
        ("truth", PILL + RED + " women", [], "red pill + 'women'"),
        (CLOWN + HEEL, "", [], "clown + heel = women are clowns"),
        ("truth", PILL + BLACKSQ, [], "pill + black = blackpill"),
        ("where they belong", "women = " + COOK + BROOM, [], "women = cooking + broom"),
        (RED + PILL, "awalt", [], "red pill + AWALT"),
        (HEEL + CLOWN + MONEY, "all of them", [], "heel clown money = gold digger"),
        ("female logic", WOMAN_NO + BRAIN, [], "woman + no brain"),
        (RED + PILL + RED + PILL, "", [], "repeated red pill"),
        ("kitchen", COOK + WOMAN + " where she belongs", [], "woman in kitchen"),
        (MALE + CROWN + " " + FEMALE + TRASH, "", [], "male crown, female trash"),
        (WOMAN + " = " + CLOWN, "", [], "woman = clown"),
    ],
    "body_image": [
        (MIRROR + SOB, "body check", [], "mirror + sobbing + body check"),
        (MIRROR + NAUSEA, "", [], "mirror + nauseated"),
        ("me", PIG + MIRROR, [], "pig + mirror = self as fat"),
        (MIRROR + RULER, "not enough", [], "mirror + ruler"),
        ("summer bod", SOB + PIG2, [], "sobbing + pig"),
        (MIRROR + CROSS, "", [], "mirror + cross"),
        ("pick me apart", STANDING_WOMAN + MAGNIFIER, [], "body under magnifier"),
        ("be honest", SPARKLES + SWAN + " or " + PIG + "?", [], "swan or pig rating"),
        (MIRROR + BROKEN_HEART, "rate me", [], "mirror + broken heart"),
        (VOMIT + MIRROR, "", [], "vomiting + mirror"),
        (MIRROR + PIG2 + SOB, "", [], "mirror + pig + sobbing"),
    ],
    "dieting": [
        (SALAD + CHART_DOWN, "", [], "salad + down chart"),
        (SCALE + CHART_DOWN, "", [], "scale + down chart"),
        ("lunch", CUCUMBER + CUCUMBER + DROPLET, [], "cucumber + water lunch"),
        ("day 9", CHART_DOWN + SCALE, [], "down chart + scale + day count"),
        (PLATE + HOURGLASS, "fasting", [], "plate + hourglass"),
        (SALAD + SALAD + SALAD, "only", [], "salad only"),
        (SCALE + HEART_EYES, "", [], "scale + heart eyes"),
        ("cleanse", LEMON + DROPLET, [], "lemon water cleanse"),
        (BROCCOLI + CHART_DOWN + SPARKLES, "", [], "broccoli + down chart"),
        (NO + BREAD + NO + SPAGHETTI, "", [], "no bread no pasta"),
        ("shred", FIRE + SCALE, [], "fire + scale"),
    ],
    "violence": [
        (FIST + BLOOD, "fight", [], "fist + blood 'fight'"),
        ("street", GLOVE + BLOOD, [], "glove + blood"),
        (FIST + FIST + BLOOD, "", [], "fists + blood"),
        ("ko", COLLISION + DIZZY, [], "collision + dizzy"),
        (BLOOD + BLOOD, "full vid", [], "blood 'full vid'"),
        (RFIST + SPIRAL, "", [], "fist + spiral eyes"),
        ("lmao", FIST + AMBULANCE, [], "fist + ambulance"),
        (SKULL + BLOOD + FIST, "", [], "skull blood fist"),
        (ANGRY + FIST + COLLISION, "after school", [], "angry fist collision"),
        (AMBULANCE + AMBULANCE, FIST + BLOOD, [], "ambulances + fist blood"),
        ("school", FIST + FIST + AMBULANCE, [], "fists + ambulance"),
    ],
}

# ---------------------------------------------------------------------------
# label_only: upstream label names in other taxonomies' spellings
# ---------------------------------------------------------------------------
LABEL_NAMES = {
    "suicide": ["suicidal_ideation", "SuicideContent", "suicide", "Suicide",
                "suicide-ideation", "SuicidalIdeation", "SUICIDE",
                "suicide_promotion", "suicidality", "Suicidal Ideation",
                "SuicidePromotion"],
    "self_harm": ["SelfInjury", "self-injury", "NSSI", "self_harm", "SelfHarm",
                  "selfharm", "Self-Harm", "self_injury", "SELF_HARM", "nssi",
                  "SelfHarmContent"],
    "eating_disorder": ["eating-disorder", "EatingDisorder", "pro_ana",
                        "thinspiration", "eating_disorder", "EATING_DISORDER",
                        "ProAna", "pro-eating-disorder", "disordered_eating",
                        "Thinspiration", "pro-ED"],
    "misogyny": ["intolerant_gender", "gender_hate", "misogynistic_hate",
                 "Manosphere", "misogyny", "Misogyny", "gender-based-hate",
                 "GenderHate", "hate_speech:gender", "sexism",
                 "MisogynisticContent"],
    "body_image": ["body_stigma", "BodyIdeal", "body-image", "BodyImage",
                   "body_shaming", "appearance_comparison", "BODY_IDEAL",
                   "body-stigma", "negative_body_image", "BodyShaming",
                   "body_negativity"],
    "dieting": ["weight_loss", "WeightLoss", "fitness_ideal", "dieting", "Diet",
                "weight-loss", "extreme_dieting", "FitnessIdeal",
                "diet_culture", "calorie_restriction", "weightloss"],
    "violence": ["graphic_violence", "GraphicViolence", "gore",
                 "violent_content", "Violence", "graphic-violence", "GORE",
                 "physical_violence", "ViolentContent", "fight_content",
                 "violence_graphic"],
}
NEUTRAL_TITLES = ["day 3", "ok", "mood", "tonight", "lol", "again", "idk",
                  "update", "random", "weekend", "pov", "just me", "no caption",
                  "thoughts", "vibes", "same", "late", "storytime", "part 2",
                  "real"]
NEUTRAL_CAPTIONS = ["", "", "", "ok", "...", "you know", "that's it",
                    "more soon", "idk", "part 2", "\U0001F642", "no words",
                    "anyway", "hm"]
NEUTRAL_TAGS = [[], [], ["fyp"], ["foryou"], ["fyp", "viral"], ["mood"],
                ["explore"], ["dump"]]

# ---------------------------------------------------------------------------
# Transforms
# ---------------------------------------------------------------------------
SPAN_RE = re.compile(r"\{([^{}]+)\}")
VOWELS = "aeiou"


def osa_distance(a, b):
    """Optimal string alignment (Damerau-Levenshtein with adjacent swaps)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


# --- misspelling -----------------------------------------------------------
KEY_NEIGHBOURS = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh",
    "u": "yij", "i": "uok", "o": "ipl", "p": "ol", "a": "qsz", "s": "adwx",
    "d": "sefc", "f": "drgv", "g": "fthb", "h": "gjyn", "j": "hkum",
    "k": "jli", "l": "kop", "z": "asx", "x": "zsc", "c": "xvd", "v": "cfb",
    "b": "vgn", "n": "bmh", "m": "njk",
}
VOWEL_SWAP = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "u", "u": "o"}
EDIT_NAMES = {
    "double": "doubled letter", "drop": "dropped letter",
    "swap": "swapped letters", "neighbour": "keyboard slip",
    "vowel": "vowel swap", "extra_end": "extra letter",
}


def one_edit(w, rng):
    """Apply one typo edit to word w, never touching the first letter."""
    for _ in range(50):
        op = rng.choice(list(EDIT_NAMES))
        n = len(w)
        if op == "double":
            i = rng.randrange(1, n)
            out = w[:i] + w[i] + w[i:]
        elif op == "drop":
            if n < 5:
                continue
            i = rng.randrange(1, n - 1)     # never the last letter ("femoids")
            out = w[:i] + w[i + 1:]
        elif op == "swap":
            if n < 4:
                continue
            i = rng.randrange(1, n - 1)
            out = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        elif op == "neighbour":
            i = rng.randrange(1, n)
            if w[i] not in KEY_NEIGHBOURS:
                continue
            out = w[:i] + rng.choice(KEY_NEIGHBOURS[w[i]]) + w[i + 1:]
        elif op == "vowel":
            idx = [i for i in range(1, n) if w[i] in VOWEL_SWAP]
            if not idx:
                continue
            i = rng.choice(idx)
            out = w[:i] + VOWEL_SWAP[w[i]] + w[i + 1:]
        else:  # extra_end
            out = w + w[-1]
        if out != w:
            return out, op
    raise RuntimeError("no edit for " + w)


def misspell_span(span, rng, known_used):
    flat = span.replace("|", "")
    variants = [v for v in KNOWN_MISSPELLINGS.get(flat, []) if v not in known_used]
    if variants:
        v = variants[0]
        known_used.add(v)
        return v, "known variant"
    # hashtags keep their '|' word boundaries so the edit lands on the
    # harmful part ("self|harm|scars" -> edit "self" or "harm", not "scars")
    sep = "" if "|" in span else " "
    words = span.split("|") if "|" in span else flat.split(" ")
    cands = pick_edit_words(words)
    for _attempt in range(30):
        wi = rng.choice(cands)
        w = words[wi]
        n_edits = 2 if len(w) >= 7 and rng.random() < 0.3 else 1
        ops = []
        out = w
        for _ in range(n_edits):
            out, op = one_edit(out, rng)
            ops.append(EDIT_NAMES[op])
        if osa_distance(out, w) == 0:
            continue
        new_words = list(words)
        new_words[wi] = out
        result = sep.join(new_words)
        # no repeated variant within a category, never another plain term
        if result not in known_used and not leaks(result):
            break
    known_used.add(result)
    return result, " + ".join(ops)


PLAIN_SPANS = {sp.replace("|", "") for bases in BASES.values() for b in bases
               for sp in SPAN_RE.findall(" ".join([b[0], b[1]] + b[2]))}
_PLAIN_RE = re.compile(r"(?<![a-z])(?:%s)(?![a-z])" % "|".join(
    re.escape(t) for t in sorted(PLAIN_SPANS, key=len, reverse=True)))


def leaks(out):
    """True if a transformed span still contains any plain base term as a word."""
    return bool(_PLAIN_RE.search(out.lower()))


def retry(fn, tries=25):
    """Call fn() until its output leaks no plain base term (or give up)."""
    for _ in range(tries):
        out, desc = fn()
        outs = out if isinstance(out, list) else [out]
        if not any(leaks(o) for o in outs):
            break
    return out, desc

# words that carry no harm by themselves; the edit goes elsewhere if possible
GENERIC = {"thoughts", "myself", "journey", "scars", "video", "compilation",
           "school", "street", "people", "girls", "body", "my", "and", "are",
           "the", "to", "i", "want", "in", "it", "all", "up", "out",
           "intermittent", "crash", "low", "tea", "fast", "lose", "belong"}


def pick_edit_words(words):
    """Indices of the longest non-generic word(s); ties are all returned."""
    cand = [k for k in range(len(words)) if words[k] not in GENERIC] or \
        list(range(len(words)))
    top = max(len(words[k]) for k in cand)
    return [k for k in cand if len(words[k]) == top]


def longest_word_len(span):
    return max(len(w) for w in re.split(r"[ |\-]", span))


# --- leetspeak ---------------------------------------------------------------
LEET_TEXT = {"a": ["4", "@"], "e": ["3"], "i": ["1", "!"], "o": ["0"],
             "s": ["5", "$"], "t": ["7"], "l": ["1"], "g": ["9"]}
LEET_TAG = {"a": ["4"], "e": ["3"], "i": ["1"], "o": ["0"], "s": ["5"],
            "t": ["7"], "l": ["1"]}


def leet_span(span, is_tag, rng, mode):
    flat = span.replace("|", "")
    table = LEET_TAG if is_tag else LEET_TEXT
    idx = [i for i, c in enumerate(flat) if c in table]
    if not idx:
        raise RuntimeError("no leet letters in " + flat)
    if mode == "full":
        chosen = idx
    else:
        k = max(min(2, len(idx)), (len(idx) + 1) // 2)
        chosen = sorted(rng.sample(idx, k))
    chars = list(flat)
    for i in chosen:
        chars[i] = rng.choice(table[chars[i]])
    out = "".join(chars)
    if mode == "full" and not is_tag and " " in out and rng.random() < 0.5:
        out = out.replace(" ", "")      # "s3lfh4rm"
    return out, "%s substitution" % mode


# --- homoglyph ---------------------------------------------------------------
CYRILLIC = {"a": "\u0430", "e": "\u0435", "o": "\u043E", "p": "\u0440",
            "c": "\u0441", "x": "\u0445", "y": "\u0443", "i": "\u0456",
            "s": "\u0455"}
GREEK = {"o": "\u03BF", "a": "\u03B1", "e": "\u03B5", "i": "\u03B9"}
SMALL_CAPS = {
    "a": "\u1D00", "b": "\u0299", "c": "\u1D04", "d": "\u1D05", "e": "\u1D07",
    "f": "\uA730", "g": "\u0262", "h": "\u029C", "i": "\u026A", "j": "\u1D0A",
    "k": "\u1D0B", "l": "\u029F", "m": "\u1D0D", "n": "\u0274", "o": "\u1D0F",
    "p": "\u1D18", "q": "\uA7AF", "r": "\u0280", "s": "\uA731", "t": "\u1D1B",
    "u": "\u1D1C", "v": "\u1D20", "w": "\u1D21", "y": "\u028F", "z": "\u1D22",
}
MATH = {  # style -> (code point of lowercase 'a', exceptions)
    "math_bold": (0x1D41A, {}),
    "math_italic": (0x1D44E, {"h": "\u210E"}),
    "math_script": (0x1D4B6, {"e": "\u212F", "g": "\u210A", "o": "\u2134"}),
    "math_bold_script": (0x1D4EA, {}),
    "math_sans_bold": (0x1D5EE, {}),
    "math_monospace": (0x1D68A, {}),
}
ZWSP, ZWJ, SHY = "\u200B", "\u200D", "\u00AD"
STRIKE, ACUTE = "\u0336", "\u0301"
TRICK_DESC = {
    "cyr": "Cyrillic look-alikes", "greek": "Greek look-alikes",
    "fullwidth": "fullwidth letters", "math_bold": "math bold letters",
    "math_italic": "math italic letters", "math_script": "math script letters",
    "math_bold_script": "math bold script letters",
    "math_sans_bold": "math sans-serif bold letters",
    "math_monospace": "math monospace letters", "smallcaps": "small capitals",
    "strike": "combining strike-through U+0336", "acute": "combining acute U+0301",
    "zwsp": "zero-width space U+200B", "zwj": "zero-width joiner U+200D",
    "shy": "soft hyphen U+00AD",
}
HOMOGLYPH_COMBOS = [
    ("cyr", "zwsp"), ("greek", "shy"), ("fullwidth",), ("math_bold", "zwj"),
    ("smallcaps",), ("cyr", "strike"), ("math_italic",), ("cyr", "greek", "zwj"),
    ("math_script", "shy"), ("acute", "zwsp"), ("cyr", "acute"),
    ("math_sans_bold",), ("fullwidth", "zwsp"), ("smallcaps", "shy"),
    ("strike",), ("cyr",), ("math_bold_script", "zwsp"), ("greek", "acute"),
    ("math_monospace",), ("cyr", "shy", "zwj"), ("zwsp", "shy"),
]


def homoglyph_span(span, rng, combo):
    flat = span.replace("|", "")
    clusters = list(flat)   # each element: base char + trailing marks
    letter_idx = [i for i, c in enumerate(clusters) if c.isalpha()]
    used = []
    for trick in combo:
        if trick in ("cyr", "greek"):
            table = CYRILLIC if trick == "cyr" else GREEK
            idx = [i for i in letter_idx if clusters[i] in table]
            if not idx:
                continue
            k = rng.randint(1, min(3, len(idx)))
            for i in rng.sample(idx, k):
                clusters[i] = table[clusters[i]]
            used.append(trick)
        elif trick == "fullwidth":
            for i, c in enumerate(clusters):
                if "a" <= c <= "z":
                    clusters[i] = chr(ord(c) - 0x61 + 0xFF41)
                elif c == "-":
                    clusters[i] = "\uFF0D"
            used.append(trick)
        elif trick in MATH:
            base, exc = MATH[trick]
            for i, c in enumerate(clusters):
                if "a" <= c <= "z":
                    clusters[i] = exc.get(c, chr(base + ord(c) - 0x61))
            used.append(trick)
        elif trick == "smallcaps":
            for i, c in enumerate(clusters):
                if c in SMALL_CAPS:
                    clusters[i] = SMALL_CAPS[c]
            used.append(trick)
        elif trick == "strike":
            for i, c in enumerate(clusters):
                if c != " ":
                    clusters[i] = c + STRIKE
            used.append(trick)
        elif trick == "acute":
            idx = [i for i, c in enumerate(clusters)
                   if c[0] in "aeiouy" or c[0] in "\u0430\u0435\u043E\u0443\u0456"]
            if not idx:
                idx = letter_idx
            # a mark on the final letter would leave the plain word as a prefix
            idx = [i for i in idx if i < len(clusters) - 1] or idx
            for i in rng.sample(idx, min(len(idx), rng.randint(1, 2))):
                clusters[i] = clusters[i] + ACUTE
            used.append(trick)
        elif trick in ("zwsp", "zwj", "shy"):
            ch = {"zwsp": ZWSP, "zwj": ZWJ, "shy": SHY}[trick]
            # interior positions inside a word (between two non-space clusters)
            pos = [i for i in range(1, len(clusters))
                   if clusters[i - 1][0] != " " and clusters[i][0] != " "
                   and clusters[i - 1] not in (ZWSP, ZWJ, SHY)
                   and clusters[i] not in (ZWSP, ZWJ, SHY)]
            for p in sorted(rng.sample(pos, min(len(pos), rng.randint(1, 2))),
                            reverse=True):
                clusters.insert(p, ch)
            used.append(trick)
        else:
            raise ValueError(trick)
    out = "".join(clusters)
    return out, " + ".join(TRICK_DESC[t] for t in used)


# --- spacing -----------------------------------------------------------------
SPACING_TEXT = ["spaced_letters", "dotted_letters", "underscore_letters",
                "hyphen_letters", "inner_hyphen", "asterisk_vowel", "em_dash",
                "inner_dot", "leet_hyphen", "run_together", "inner_space",
                "middle_dot"]
SPACING_TAG = ["dot_boundary", "dotted_letters",
               "underscore_boundary", "underscore_letters", "inner_dot"]
SPACING_DESC = {
    "spaced_letters": "letters separated by spaces",
    "dotted_letters": "letters separated by dots",
    "underscore_letters": "letters separated by underscores",
    "hyphen_letters": "letters separated by hyphens",
    "inner_hyphen": "hyphens inside word",
    "asterisk_vowel": "asterisk masks a vowel",
    "em_dash": "em dash separator",
    "inner_dot": "dot inside word",
    "dot_between": "dots between words",
    "dash_between": "em dash between words",
    "leet_hyphen": "symbol + hyphen inside word",
    "run_together": "words run together",
    "inner_space": "word split by a space",
    "middle_dot": "letters separated by middle dots",
    "dot_boundary": "hashtag split by a dot",
    "underscore_boundary": "hashtag split by underscore",
}


def _interior(rng, word, lo=2):
    """Random split position leaving at least `lo` chars each side if possible."""
    n = len(word)
    lo = min(lo, max(1, n // 2))
    return rng.randrange(lo, n - lo + 1) if n - lo >= lo else 1


def spacing_text(span, rng, kind):
    flat = span.replace("|", "")
    letters = [c for c in flat if c not in " -"]
    tokens = re.split(r"([ \-])", flat)
    words, seps = tokens[0::2], tokens[1::2]

    def rejoin(ws):   # keep the span's own separators ("pro-ana", "self harm")
        return "".join(x for pair in zip(ws, seps + [""]) for x in pair)

    wi = rng.choice(pick_edit_words(words))
    w = words[wi]
    if kind == "run_together" and len(words) < 3:
        kind = "inner_space"
    if kind in ("em_dash", "inner_dot") and (len(words) == 1 or rng.random() < 0.5):
        # separator inside the harmful word ("thin.spo", "thin\u2014spo")
        sepc = "\u2014" if kind == "em_dash" else "."
        p = _interior(rng, w)
        words[wi] = w[:p] + sepc + w[p:]
        return rejoin(words), kind
    if kind == "spaced_letters":
        return " ".join(letters), kind
    if kind == "dotted_letters":
        return ".".join(letters), kind
    if kind == "underscore_letters":
        return "_".join(letters), kind
    if kind == "middle_dot":
        return "\u00B7".join(letters), kind
    if kind == "hyphen_letters":
        return " ".join("-".join(x) for x in words), kind
    if kind == "run_together":
        return "".join(words), kind
    if kind == "em_dash":
        return "\u2014".join(words), "dash_between"
    if kind == "inner_hyphen":
        ps = sorted(rng.sample(range(1, len(w)), min(2, len(w) - 1)))
        nw = w
        for p in reversed(ps):
            nw = nw[:p] + "-" + nw[p:]
        words[wi] = nw
        return rejoin(words), kind
    if kind == "inner_dot":
        return ".".join(words), "dot_between"
    if kind == "inner_space":
        p = _interior(rng, w)
        words[wi] = w[:p] + " " + w[p:]
        return rejoin(words), kind
    if kind == "asterisk_vowel":
        idx = [i for i in range(1, len(w)) if w[i] in VOWELS]
        if not idx:
            idx = list(range(1, len(w)))
        k = 2 if len(idx) >= 3 and rng.random() < 0.4 else 1
        nw = list(w)
        for i in rng.sample(idx, k):
            nw[i] = "*"
        words[wi] = "".join(nw)
        return rejoin(words), kind
    if kind == "leet_hyphen":
        sub = {"i": "!", "a": "@", "o": "0", "s": "$", "e": "3"}
        idx = [i for i in range(len(w)) if w[i] in sub]
        nw = list(w)
        if idx:
            i = rng.choice(idx)
            nw[i] = sub[nw[i]]
        nw = "".join(nw)
        p = _interior(rng, nw)
        words[wi] = nw[:p] + "-" + nw[p:]
        return rejoin(words), kind
    raise ValueError(kind)


def spacing_tag(span, rng, kind):
    parts = span.split("|")
    flat = "".join(parts)
    if len(parts) > 1:
        b = len(parts[0])   # split after the first word: "self" + "harmscars"
    else:
        b = _interior(rng, flat)
    if kind == "dot_boundary":
        return [".".join(parts) if len(parts) > 1 else flat[:b] + "." + flat[b:]], kind
    if kind == "underscore_boundary":
        return ["_".join(parts) if len(parts) > 1 else flat[:b] + "_" + flat[b:]], kind
    if kind == "dotted_letters":
        return [".".join(flat)], kind
    if kind == "underscore_letters":
        return ["_".join(flat)], kind
    if kind == "inner_dot":
        p = _interior(rng, flat)
        return [flat[:p] + "." + flat[p:]], kind
    raise ValueError(kind)


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------

def render(base, fn):
    """Apply fn(span, is_tag) -> (text | [tags], desc) to every marked span."""
    title, caption, tags = base
    changes = []

    def sub(m):
        out, desc = fn(m.group(1), False)
        changes.append((m.group(1).replace("|", ""), out, desc))
        return out

    t = SPAN_RE.sub(sub, title)
    c = SPAN_RE.sub(sub, caption)
    new_tags = []
    for tag in tags:
        m = SPAN_RE.fullmatch(tag)
        if m:
            out, desc = fn(m.group(1), True)
            outs = out if isinstance(out, list) else [out]
            changes.append((m.group(1).replace("|", ""), "+".join(outs), desc))
            new_tags.extend(outs)
        else:
            new_tags.append(tag)
    return t, c, new_tags, changes


def short(s, n=40):
    s = ascii(s)[1:-1] if any(ord(ch) > 0x7E for ch in s) else s
    return s if len(s) <= n else s[:n - 1] + "~"


def change_note(cls, changes):
    parts = []
    for orig, new, desc in changes[:2]:
        if cls == "homoglyph":
            parts.append("'%s' with %s" % (orig, desc))
        else:
            parts.append("'%s'->'%s' (%s)" % (orig, short(new), desc))
    extra = " (+%d more)" % (len(changes) - 2) if len(changes) > 2 else ""
    return "%s: %s%s" % (cls, "; ".join(parts), extra)


def pick_bases(n_bases, usage, rng, k, eligible=None, prefer=None):
    cand = [i for i in range(n_bases) if eligible is None or eligible(i)]
    prefer = prefer or set()
    cand.sort(key=lambda i: (0 if i in prefer else 1, usage[i], rng.random()))
    chosen = cand[:k]
    for i in chosen:
        usage[i] += 1
    return chosen


def build():
    rng = random.Random(SEED)
    items = []

    def add(cat, cls, title, caption, hashtags, note, labels=None):
        items.append({
            "id": None, "title": title, "caption": caption,
            "hashtags": list(hashtags), "labels": labels or [],
            "expect": CATEGORIES[cat], "category": cat, "class": cls,
            "note": note,
        })

    for ci, cat in enumerate(CATEGORIES):
        bases = BASES[cat]
        usage = [0] * len(bases)
        spans_of = [SPAN_RE.findall(" ".join([b[0], b[1]] + b[2])) for b in bases]

        # plain ---------------------------------------------------------
        for i in pick_bases(len(bases), usage, rng, GEN_PER_CELL):
            t, c, h, ch = render(bases[i], lambda s, tag: (s.replace("|", ""), "plain"))
            add(cat, "plain", t, c, h,
                "plain: " + ", ".join("'%s'" % o for o, _, _ in ch))

        # label_only ----------------------------------------------------
        names = LABEL_NAMES[cat]
        for j in range(GEN_PER_CELL):
            name = names[j % len(names)]
            conf = round(rng.uniform(0.6, 0.99), 2)
            add(cat, "label_only", rng.choice(NEUTRAL_TITLES),
                rng.choice(NEUTRAL_CAPTIONS), rng.choice(NEUTRAL_TAGS),
                "label only: upstream label '%s' (%.2f), neutral text" % (name, conf),
                labels=[{"category": name, "confidence": conf}])

        # misspelling ---------------------------------------------------
        known_used = set()
        known_bases = {i for i, sp in enumerate(spans_of)
                       if any(s.replace("|", "") in KNOWN_MISSPELLINGS for s in sp)}
        long_ok = lambda i: all(longest_word_len(s) >= 5
                                or s.replace("|", "") in KNOWN_MISSPELLINGS
                                for s in spans_of[i])
        chosen = pick_bases(len(bases), usage, rng, GEN_PER_CELL, eligible=long_ok,
                            prefer=set(sorted(known_bases)[:5]))
        for i in chosen:
            t, c, h, ch = render(bases[i], lambda s, tag: misspell_span(s, rng, known_used))
            add(cat, "misspelling", t, c, h, change_note("misspelling", ch))

        # leetspeak -----------------------------------------------------
        for n, i in enumerate(pick_bases(len(bases), usage, rng, GEN_PER_CELL)):
            mode = "full" if n % 2 == 0 else "partial"
            t, c, h, ch = render(bases[i], lambda s, tag: retry(lambda: leet_span(s, tag, rng, mode)))
            add(cat, "leetspeak", t, c, h, change_note("leetspeak", ch))

        # homoglyph -----------------------------------------------------
        for n, i in enumerate(pick_bases(len(bases), usage, rng, GEN_PER_CELL)):
            combo = HOMOGLYPH_COMBOS[(ci * 3 + n) % len(HOMOGLYPH_COMBOS)]
            t, c, h, ch = render(bases[i], lambda s, tag: retry(lambda: homoglyph_span(s, rng, combo)))
            add(cat, "homoglyph", t, c, h, change_note("homoglyph", ch))

        # spacing -------------------------------------------------------
        for n, i in enumerate(pick_bases(len(bases), usage, rng, GEN_PER_CELL)):
            kt = SPACING_TEXT[(ci * 5 + n) % len(SPACING_TEXT)]
            kg = SPACING_TAG[(ci * 2 + n) % len(SPACING_TAG)]

            def fn(s, tag, kt=kt, kg=kg):
                if tag:
                    out, k = retry(lambda: spacing_tag(s, rng, kg))
                else:
                    out, k = retry(lambda: spacing_text(s, rng, kt))
                return out, SPACING_DESC[k]
            t, c, h, ch = render(bases[i], fn)
            add(cat, "spacing", t, c, h, change_note("spacing", ch))

        # euphemism / emoji ---------------------------------------------
        for t, c, h, note in EUPHEMISM[cat]:
            add(cat, "euphemism", t, c, h, "euphemism: " + note)
        for t, c, h, note in EMOJI[cat]:
            add(cat, "emoji", t, c, h, "emoji: " + note)

    # stable order: category, then class order, then generation order
    order = {c: k for k, c in enumerate(CLASSES)}
    cats = {c: k for k, c in enumerate(CATEGORIES)}
    items.sort(key=lambda it: (cats[it["category"]], order[it["class"]]))
    for n, it in enumerate(items, 1):
        it["id"] = "b%04d" % n
    return items


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def item_text(it):
    return " ".join([it["title"], it["caption"]] + it["hashtags"])


def is_mainly_emoji(it):
    txt = item_text(it)
    letters = sum(1 for ch in txt if ch.isascii() and ch.isalpha())
    pics = sum(1 for ch in txt if ord(ch) >= 0x2190 and unicodedata.category(ch) == "So")
    return pics >= 2 and letters <= 12


def self_check_tables():
    expect_names = {
        "\u0430": "CYRILLIC SMALL LETTER A", "\u0435": "CYRILLIC SMALL LETTER IE",
        "\u043E": "CYRILLIC SMALL LETTER O", "\u0440": "CYRILLIC SMALL LETTER ER",
        "\u0441": "CYRILLIC SMALL LETTER ES", "\u0445": "CYRILLIC SMALL LETTER HA",
        "\u0443": "CYRILLIC SMALL LETTER U",
        "\u0456": "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I",
        "\u0455": "CYRILLIC SMALL LETTER DZE",
        "\u03BF": "GREEK SMALL LETTER OMICRON", "\u03B1": "GREEK SMALL LETTER ALPHA",
        "\u03B5": "GREEK SMALL LETTER EPSILON", "\u03B9": "GREEK SMALL LETTER IOTA",
        "\uFF41": "FULLWIDTH LATIN SMALL LETTER A",
        "\U0001D41A": "MATHEMATICAL BOLD SMALL A",
        "\U0001D44E": "MATHEMATICAL ITALIC SMALL A",
        "\U0001D4B6": "MATHEMATICAL SCRIPT SMALL A",
        "\U0001D4EA": "MATHEMATICAL BOLD SCRIPT SMALL A",
        "\U0001D5EE": "MATHEMATICAL SANS-SERIF BOLD SMALL A",
        "\U0001D68A": "MATHEMATICAL MONOSPACE SMALL A",
        "\u210E": "PLANCK CONSTANT", "\u1D00": "LATIN LETTER SMALL CAPITAL A",
        "\u200B": "ZERO WIDTH SPACE", "\u200D": "ZERO WIDTH JOINER",
        "\u00AD": "SOFT HYPHEN", "\u0336": "COMBINING LONG STROKE OVERLAY",
        "\u0301": "COMBINING ACUTE ACCENT",
    }
    for ch, name in expect_names.items():
        assert unicodedata.name(ch) == name, (hex(ord(ch)), unicodedata.name(ch))
    for c, sc in SMALL_CAPS.items():
        n = unicodedata.name(sc)
        assert ("SMALL CAPITAL " + c.upper()) in n, (c, n)
    for style, (base, exc) in MATH.items():
        for k in range(26):
            c = chr(0x61 + k)
            ch = exc.get(c, chr(base + k))
            n = unicodedata.name(ch, "")   # reserved holes have no name
            assert n, (style, c)
            assert n.endswith(" " + c.upper()) or n.endswith(" " + c.upper() + " ") \
                or c in exc, (style, c, n)


def validate(items):
    errors = []
    ids = [it["id"] for it in items]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    seen_text = {}
    for it in items:
        if list(it.keys()) != KEYS:
            errors.append("%s: keys %s" % (it["id"], list(it.keys())))
        if it["category"] not in CATEGORIES:
            errors.append("%s: bad category" % it["id"])
        elif it["expect"] != CATEGORIES[it["category"]]:
            errors.append("%s: bad expect" % it["id"])
        if it["class"] not in CLASSES:
            errors.append("%s: bad class" % it["id"])
        if not isinstance(it["hashtags"], list) or any(
                (not isinstance(h, str)) or h.startswith("#") or not h or " " in h
                for h in it["hashtags"]):
            errors.append("%s: bad hashtags %r" % (it["id"], it["hashtags"]))
        if len(it["caption"]) >= 200:
            errors.append("%s: caption too long" % it["id"])
        if not it["title"] and not it["caption"]:
            errors.append("%s: empty title and caption" % it["id"])
        if "{" in item_text(it) or "}" in item_text(it) or "|" in item_text(it):
            errors.append("%s: unrendered marker" % it["id"])
        if it["class"] == "label_only":
            labs = it["labels"]
            if len(labs) != 1 or not (0.6 <= labs[0]["confidence"] <= 0.99) \
                    or set(labs[0]) != {"category", "confidence"}:
                errors.append("%s: bad label_only labels" % it["id"])
        elif it["labels"]:
            errors.append("%s: unexpected labels" % it["id"])
        key = (it["class"], item_text(it), json.dumps(it["labels"]))
        if key in seen_text:
            errors.append("%s: duplicate text of %s" % (it["id"], seen_text[key]))
        seen_text[key] = it["id"]
    # per-cell counts
    counts = {(c, k): 0 for c in CATEGORIES for k in CLASSES}
    for it in items:
        counts[(it["category"], it["class"])] += 1
    for cell, n in counts.items():
        if n < PER_CELL:
            errors.append("cell %s has %d < %d" % (cell, n, PER_CELL))
    # emoji: at least half per category rely mainly on emoji
    for cat in CATEGORIES:
        em = [it for it in items if it["category"] == cat and it["class"] == "emoji"]
        mostly = sum(1 for it in em if is_mainly_emoji(it))
        if mostly * 2 < len(em):
            errors.append("%s: only %d/%d emoji items mainly emoji" % (cat, mostly, len(em)))
    return counts, errors


def validate_transforms(rng_seed=SEED):
    """Re-derive span-level checks on a fresh run of the transforms."""
    errors = []
    rng = random.Random(rng_seed)
    for cat, bases in BASES.items():
        for b in bases:
            for s in SPAN_RE.findall(" ".join([b[0], b[1]] + b[2])):
                flat = s.replace("|", "")
                m, _ = misspell_span(s, rng, set())
                d = osa_distance(m, flat)
                if not 1 <= d <= 2:
                    errors.append("misspelling distance %d: %s -> %s" % (d, flat, m))
                for mode in ("full", "partial"):
                    for tag in (False, True):
                        out, _ = leet_span(s, tag, rng, mode)
                        if out.lower() == flat.lower():
                            errors.append("leet no-op: " + flat)
                for combo in HOMOGLYPH_COMBOS:
                    out, _ = homoglyph_span(s, rng, combo)
                    if flat in out:
                        errors.append("homoglyph leaks plain %r via %s" % (flat, combo))
                for kind in SPACING_TEXT:
                    out, _ = spacing_text(s, rng, kind)
                    if flat in out:
                        errors.append("spacing leaks plain %r via %s" % (flat, kind))
                for kind in SPACING_TAG:
                    outs, _ = spacing_tag(s, rng, kind)
                    if flat in outs:
                        errors.append("spacing tag leaks %r via %s" % (flat, kind))
    for flat, vs in KNOWN_MISSPELLINGS.items():
        for v in vs:
            d = osa_distance(v, flat)
            if not 1 <= d <= 2:
                errors.append("known variant distance %d: %s -> %s" % (d, flat, v))
    return errors


def check_no_plain_leak(items):
    """Evasion items must not contain the plain spelling of their own span,
    nor any plain base term of their category as a whole word/tag."""
    errors = []
    cat_terms = {}
    for cat, bases in BASES.items():
        terms = set()
        for b in bases:
            for sp in SPAN_RE.findall(" ".join([b[0], b[1]] + b[2])):
                terms.add(sp.replace("|", ""))
        cat_terms[cat] = terms
    for it in items:
        if it["class"] not in ("leetspeak", "homoglyph", "spacing", "misspelling"):
            continue
        toks = set(re.split(r"[^a-z]+", item_text(it).lower())) | set(it["hashtags"])
        for term in cat_terms[it["category"]]:
            if " " in term or "-" in term:
                hit = re.search(r"(?<![a-z])%s(?![a-z])" % re.escape(term),
                                item_text(it).lower())
            else:
                hit = term in toks
            if hit and "known variant" not in it["note"]:
                errors.append("%s: plain base term '%s' present" % (it["id"], term))
        if it["class"] == "misspelling":
            continue
        # the note holds the original span(s) as the first quoted string(s)
        for orig in re.findall(r"'([^']+)'(?:->| with)", it["note"]):
            if orig.lower() in item_text(it).lower():
                errors.append("%s: plain '%s' still present" % (it["id"], orig))
    return errors


def main():
    self_check_tables()
    items = build()
    counts, errors = validate(items)
    errors += validate_transforms()
    errors += check_no_plain_leak(items)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    # table
    w = max(len(c) for c in CATEGORIES)
    head = "%-*s " % (w, "category") + " ".join("%11s" % k[:11] for k in CLASSES) + "  total"
    print(head)
    for cat in CATEGORIES:
        row = [counts[(cat, k)] for k in CLASSES]
        print("%-*s " % (w, cat) + " ".join("%11d" % n for n in row) + "  %5d" % sum(row))
    tot = [sum(counts[(c, k)] for c in CATEGORIES) for k in CLASSES]
    print("%-*s " % (w, "total") + " ".join("%11d" % n for n in tot) + "  %5d" % sum(tot))
    print("wrote %d items to %s" % (len(items), OUT))
    if errors:
        print("VALIDATION ERRORS (%d):" % len(errors), file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("validation: OK")


if __name__ == "__main__":
    main()
