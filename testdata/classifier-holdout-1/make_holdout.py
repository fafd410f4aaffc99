#!/usr/bin/env python3
"""Build the held-out evaluation corpus for the feedguard text classifier.

Written by a helper who did NOT see the classifier's term lists, its source, its tests
or the development corpus. Base posts are hand-written below; the mechanical evasions
(misspelling, leetspeak, homoglyph, spacing) are applied in code with a fixed seed, and
every non-ASCII character is built from an escape so that each Unicode trick is an exact
code point. This file itself is pure ASCII.

Usage:  python3 make_holdout.py      (writes holdout.jsonl next to this file, validates
                                      it and prints a counts table)

This corpus is for REPORTING ONLY. Do not tune terms, thresholds or normalisation on it.
"""
import json
import os
import random
import re
import sys

SEED = 20250917
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "holdout.jsonl")

BLOCK = ["suicide", "self_harm", "eating_disorder", "misogyny"]
LIMIT = ["body_image", "dieting", "violence"]
CATEGORIES = BLOCK + LIMIT
HARM_CLASSES = ["plain", "label_only", "misspelling", "leetspeak", "homoglyph",
                "spacing", "euphemism", "emoji"]
MECHANICAL = ["misspelling", "leetspeak", "homoglyph", "spacing"]
ALLOW_CLASSES = ["recovery", "news_education", "collision", "ordinary"]
PER_CELL = 5
PER_ALLOW_CLASS = 40
KEYS = ["id", "title", "caption", "hashtags", "labels", "expect", "category", "class", "note"]

# ---------------------------------------------------------------------------
# Emoji, written as escapes and referenced from posts by :shortcode:
# ---------------------------------------------------------------------------
VS16 = "\uFE0F"
EMOJI = {
    "skull": "\U0001F480", "headstone": "\U0001FAA6", "coffin": "\u26B0" + VS16,
    "knot": "\U0001FAA2", "bridge_night": "\U0001F309", "pill": "\U0001F48A",
    "bed": "\U0001F6CF" + VS16, "sleeping": "\U0001F634", "down_arrow": "\u2B07" + VS16,
    "arrow_right": "\u27A1" + VS16, "wave": "\U0001F44B", "calendar": "\U0001F4C5",
    "broken_heart": "\U0001F494", "sparkles": "\u2728", "cat": "\U0001F431",
    "cat2": "\U0001F408", "bandage": "\U0001FA79", "knife": "\U0001F52A",
    "drop_blood": "\U0001FA78", "scissors": "\u2702" + VS16, "zebra": "\U0001F993",
    "beans": "\U0001FAD8", "coat": "\U0001F9E5", "upside_down": "\U0001F643",
    "bone": "\U0001F9B4", "butterfly": "\U0001F98B", "scale": "\u2696" + VS16,
    "plate": "\U0001F37D" + VS16, "no": "\U0001F6AB", "cross": "\u274C",
    "water": "\U0001F4A7", "feather": "\U0001FAB6", "white_heart": "\U0001F90D",
    "eyes": "\U0001F440", "vomiting": "\U0001F92E", "toilet": "\U0001F6BD",
    "shush": "\U0001F92B", "red_circle": "\U0001F534", "black_circle": "\u26AB",
    "wolf": "\U0001F43A", "brick": "\U0001F9F1", "chart_down": "\U0001F4C9",
    "atm": "\U0001F3E7", "woman": "\U0001F469", "cooking": "\U0001F373",
    "broom": "\U0001F9F9", "clown": "\U0001F921", "crown": "\U0001F451",
    "snake": "\U0001F40D", "hundred": "\U0001F4AF", "mirror": "\U0001FA9E",
    "ruler": "\U0001F4CF", "pinch": "\U0001F90F", "pig": "\U0001F437",
    "nose": "\U0001F443", "thumbs_down": "\U0001F44E", "syringe": "\U0001F489",
    "leg": "\U0001F9B5", "hole": "\U0001F573" + VS16, "check": "\u2705",
    "ok_hand": "\U0001F44C", "apple": "\U0001F34E", "coffee": "\u2615",
    "stopwatch": "\u23F1" + VS16, "muscle": "\U0001F4AA", "teapot": "\U0001FAD6",
    "bread": "\U0001F35E", "pizza": "\U0001F355", "lemon": "\U0001F34B",
    "ice": "\U0001F9CA", "fire": "\U0001F525", "school": "\U0001F3EB",
    "glove": "\U0001F94A", "camera": "\U0001F3A5", "fist": "\U0001F44A",
    "boom": "\U0001F4A5", "dizzy_face": "\U0001F635", "tooth": "\U0001F9B7",
    "dash": "\U0001F4A8", "bus": "\U0001F68C", "ambulance": "\U0001F691",
    "sob": "\U0001F62D", "joy": "\U0001F602", "heart": "\u2764" + VS16,
    "green_heart": "\U0001F49A", "purple_heart": "\U0001F49C", "phone": "\U0001F4DE",
    "hug": "\U0001FAC2", "seedling": "\U0001F331", "dog": "\U0001F436",
    "football": "\u26BD", "music": "\U0001F3B6", "books": "\U0001F4DA",
    "plane": "\u2708" + VS16, "cake": "\U0001F382", "runner": "\U0001F3C3",
    "barber": "\U0001F488", "onion": "\U0001F9C5", "trophy": "\U0001F3C6",
    "star": "\u2B50", "pray": "\U0001F64F", "news": "\U0001F4F0",
    "microscope": "\U0001F52C", "tv": "\U0001F4FA", "pencil": "\u270F" + VS16,
    "moon": "\U0001F319", "game": "\U0001F3AE", "popcorn": "\U0001F37F",
    "cookie": "\U0001F36A", "pumpkin": "\U0001F383", "hockey": "\U0001F3D2",
    "snowflake": "\u2744" + VS16, "sunflower": "\U0001F33B", "speaker": "\U0001F50A",
    "rainbow": "\U0001F308", "sweat_smile": "\U0001F605", "clap": "\U0001F44F",
}
SHORTCODE = re.compile(r":([a-z][a-z0-9_]*):")


def expand(text):
    def sub(m):
        if m.group(1) not in EMOJI:
            raise SystemExit("unknown shortcode %r in %r" % (m.group(0), text))
        return EMOJI[m.group(1)]
    return SHORTCODE.sub(sub, text)


# ---------------------------------------------------------------------------
# Plain spellings of the core harmful terms, per category. A term starting with
# "~" is a stem matched as a substring; the others are words/phrases matched with
# letter boundaries (in hashtags: spaces removed, substring if >= 4 chars, else
# whole-hashtag equality). Used to prove that no mechanical item still carries a
# plain harmful word, and that every plain item carries at least one.
# ---------------------------------------------------------------------------
CORE = {
    "suicide": ["~suicid", "kill myself", "killing myself", "end my life", "ending my life",
                "end it all", "want to die", "wanna die", "to die", "die", "overdose",
                "hang myself"],
    "self_harm": ["self harm", "selfharm", "~selfharm", "cut", "cuts", "cutting", "cutter",
                  "cut myself", "blade", "blades", "razor", "razors", "scar", "scars",
                  "relapse", "relapsed", "burned myself", "burn myself"],
    "eating_disorder": ["~thinspo", "~thinspiration", "pro ana", "~proana", "pro mia",
                        "~promia", "~anorexi", "~bulimi", "purge", "purging", "starve",
                        "starving", "starved", "thigh gap", "~thighgap", "~bonespo",
                        "~meanspo"],
    "misogyny": ["women", "woman", "female", "females", "~femoid", "foid", "foids", "slut",
                 "sluts", "whore", "whores", "~misogyn", "red pill", "~redpill", "inferior",
                 "worthless", "obey", "~hypergam", "alpha male", "~alphamale"],
    "body_image": ["body check", "~bodycheck", "ugly", "fat", "disgusting", "thigh gap",
                   "~thighgap", "collarbone", "collarbones", "hip dips", "~hipdips", "rib",
                   "ribs", "rib cage"],
    "dieting": ["calorie", "calories", "kcal", "diet", "diets", "dieting", "crash diet",
                "~crashdiet", "fast", "fasting", "water fast", "~waterfast", "detox",
                "laxative", "laxatives", "skip", "skipping", "lose weight", "~weightloss",
                "weight loss"],
    "violence": ["fight", "fights", "fighting", "~fightvideo", "~schoolfight", "~streetfight",
                 "knockout", "knocked out", "ko", "beat", "beating", "beaten", "punch",
                 "punched", "stomp", "stomped", "stomping", "blood", "bloody", "jumped",
                 "brawl"],
}


def _term_regex(term):
    words = [re.escape(w) for w in term.split(" ")]
    return re.compile(r"(?<![a-z0-9])" + r"[ -]".join(words) + r"(?![a-z0-9])")


CORE_RX = {cat: [(t[1:], None) if t.startswith("~") else (t, _term_regex(t)) for t in terms]
           for cat, terms in CORE.items()}


def core_hits_text(cat, text):
    low = text.lower()
    hits = []
    for term, rx in CORE_RX[cat]:
        if rx is None:
            if term in low:
                hits.append(term)
        elif rx.search(low):
            hits.append(term)
    return hits


def core_hits_tag(cat, tag):
    low = tag.lower()
    hits = []
    for term, rx in CORE_RX[cat]:
        t = term.replace(" ", "").replace("-", "")
        if rx is None or len(t) >= 4:
            if t in low:
                hits.append(term)
        elif low == t:
            hits.append(term)
    return hits


def core_hits_item(cat, title, caption, hashtags):
    hits = core_hits_text(cat, title) + core_hits_text(cat, caption)
    for h in hashtags:
        hits += core_hits_tag(cat, h)
    return hits


# ---------------------------------------------------------------------------
# Hand-written harmful posts: (title, caption, hashtags, note).
# In the mechanical classes, {braces} mark the harmful words that code will evade.
# ---------------------------------------------------------------------------
H = {}

H["suicide"] = {
    "plain": [
        ("i'm so tired", "honestly i just want to die. nobody would even notice if i was gone",
         ["sad", "suicidal", "nobodycares"], "suicidal ideation, passive"),
        ("goodbye post", "i've written the notes. tonight i'm going to kill myself. thank you to the 3 people who were nice to me",
         ["goodbye", "suicide"], "suicide note with intent and timing"),
        ("asking for real", "which suicide method hurts least?? not joking, i've already decided",
         ["suicidemethods", "done"], "method-seeking"),
        ("pov: after exams", "pov: you've planned your suicide for after exams so your parents aren't stressed",
         ["pov", "suicidal"], "planned suicide framed as pov trend"),
        ("no more", "i don't want to be alive anymore. ending my life this weekend, i'm at peace with it",
         ["endit", "tired"], "intent with date"),
    ],
    "misspelling": [
        ("every night", "thinking about {suicide} every single night now. i think i'm actually going to do it",
         ["{suicidal}", "vent"], "ideation escalating to intent"),
        ("goodbye", "i'm going to {kill myself} after my birthday so it doesn't ruin it for anyone",
         ["{suicide}", "goodbye"], "intent with timing"),
        ("{suicidal} again", "{suicidal} thoughts won't stop. made a plan today and it feels like relief",
         ["vent", "{suicidalthoughts}"], "ideation with a plan"),
        ("the plan", "wrote my {suicide} note in my notes app, just need the right night",
         ["{suicidenote}", "sad"], "suicide note"),
        ("no point", "i want to {end my life}. there's no point pretending anymore",
         ["{endmylife}", "numb"], "wish to end life"),
    ],
    "leetspeak": [
        ("last post", "{suicide} is the only way out i can see anymore",
         ["{suicidal}", "alone"], "hopelessness, ideation"),
        ("tonight", "i'm going to {kill myself} tonight, don't try to stop me",
         ["{suicide}", "done"], "imminent intent"),
        ("anyone else", "anyone else {suicidal} 24/7 and just waiting for the right moment",
         ["{suicidalthoughts}", "vent"], "chronic ideation"),
        ("ready", "i'm ready to {die}. i've said my goodbyes to everyone who matters",
         ["{wanttodie}"], "farewell post"),
        ("countdown", "3 days until i {end my life}. final countdown",
         ["{suicidecountdown}"], "countdown to attempt"),
    ],
    "homoglyph": [
        ("sorry", "i'm {suicidal} and i don't want help, i want it to be over",
         ["{suicidal}"], "ideation refusing help"),
        ("final video", "{suicide} tonight. this is my last video",
         ["{suicide}", "lastvideo"], "imminent intent"),
        ("i want out", "i just want to {die}. i've wanted to {die} for a year",
         ["{wanttodie}"], "persistent wish to die"),
        ("decided", "decided to {kill myself} on friday. i feel calm for once",
         ["{killmyself}"], "intent with date"),
        ("bought it", "bought everything for my {suicide}. not scared anymore",
         ["{suicideplan}"], "preparation"),
    ],
    "spacing": [
        ("can't anymore", "i want to {kill myself} so bad rn",
         ["{suicidal}"], "acute ideation"),
        ("picked a date", "{suicide} is on my mind 24/7, i've picked a date",
         ["{suicide}", "vent"], "planning"),
        ("not ok", "i'm going to {end my life} before summer",
         ["{endmylife}"], "intent"),
        ("pretending", "{suicidal} and tired of pretending i'm fine",
         ["{suicidalthoughts}"], "ideation"),
        ("soon", "ready to {die}. got everything i need sorted",
         ["{wanttodie}"], "preparation"),
    ],
    "euphemism": [
        ("logging off", "thinking about logging off permanently. like from life, not the app",
         ["logoffforever", "tired"], "'log off permanently' coinage for suicide"),
        ("self delete", "ready to self-delete, 0 regrets. my family will be lighter without me",
         ["selfdelete"], "'self-delete' coinage"),
        ("szn", "sewer slide szn again :upside_down: already picked my bridge",
         ["sewerslide"], "'sewer slide' algospeak with location"),
        ("the only plan", "unaliving myself is the only plan i've actually stuck to all year",
         ["unaliveme"], "'unalive' coinage with intent"),
        ("quit button", "wish real life had a permanent quit button. pressing it this weekend",
         ["ragequitlife"], "gaming metaphor for suicide with timing"),
    ],
    "emoji": [
        ("tonight", ":knot::knot: tonight :wave:", ["fyp"], "noose emoji plus farewell"),
        ("soon", ":bridge_night::down_arrow: soon :sparkles:", [], "bridge and down arrow = jumping"),
        ("goodnight", ":pill::pill::pill: + :bed: = :sleeping: forever", ["goodnight"], "overdose coded as sleep"),
        ("friday", ":coffin: :calendar: friday. sorry mum :broken_heart:", ["bye"], "coffin with date and apology"),
        ("can't wait", "me :arrow_right: :headstone: :sparkles: can't wait", ["soon"], "wish to be dead"),
    ],
}

H["self_harm"] = {
    "plain": [
        ("relapsed", "relapsed and cut myself again last night. deeper than before and i don't even feel bad",
         ["selfharm", "relapse"], "relapse, no remorse"),
        ("new blades", "got new razor blades today. self harm is the only thing that helps",
         ["selfharm", "blades"], "tool acquisition, promotion"),
        ("hiding it", "how to hide self-harm scars from your parents: long sleeves, bracelets, say it was the cat",
         ["selfharmtips"], "concealment tips"),
        ("fresh ones", "fresh cuts on my thighs, nobody will see them there",
         ["cutting", "sh"], "fresh wounds, concealment"),
        ("lighter", "burned myself with a lighter again. it's easier than feeling everything",
         ["selfharm", "burning"], "burning"),
    ],
    "misspelling": [
        ("again", "{relapsed} and started {cutting} again, 40 days clean gone",
         ["{selfharm}"], "relapse"),
        ("sleeves", "summer is hard when you have {self harm} {scars} everywhere",
         ["{selfharm}", "summer"], "scars, concealment"),
        ("new ones", "new {blades} came today :) can't wait to use them tonight",
         ["{cutting}"], "tool acquisition with intent"),
        ("thighs", "{cutting} my thighs so nobody at school sees",
         ["{cutting}"], "concealed location"),
        ("deeper", "{cut} deeper than ever last night, it finally felt like enough",
         ["{selfharm}"], "escalation"),
    ],
    "leetspeak": [
        ("day 0", "{relapsed} tonight. {self harm} is the only thing that works",
         ["{selfharm}"], "relapse, promotion"),
        ("fresh", "fresh {cuts} on my arm, sleeves down at school tomorrow",
         ["{cutting}"], "fresh wounds"),
        ("my secret", "my {scars} are my secret. nobody gets to see them",
         ["{selfharm}", "secret"], "secrecy"),
        ("sharpener", "took apart a sharpener for the {blade} again. {cutting} tonight",
         ["{cutting}"], "improvised tool, intent"),
        ("the iron", "{burned myself} with the iron again. nobody asked how",
         ["{selfharm}"], "burning"),
    ],
    "homoglyph": [
        ("again", "{cutting} again tonight, can't stop", ["{selfharm}"], "compulsive self-injury"),
        ("june", "long sleeves in june because of the {scars}", ["{selfharm}", "hideit"], "concealment"),
        ("where", "best places to {cut} where teachers won't see", ["{cutting}"], "concealment tips"),
        ("streak over", "{relapsed}. {self harm} streak back to zero and i'm glad",
         ["{selfharm}"], "relapse celebrated"),
        ("better than therapy", "{blades} > therapy", ["{razor}"], "tool glorified over help"),
    ],
    "spacing": [
        ("ugh", "{self harm} is the only thing keeping me going rn", ["{selfharm}"], "promotion as coping"),
        ("my arms", "my arms are covered in {cuts} and i want more", ["{cutting}"], "escalation"),
        ("bathroom", "locked in the bathroom {cutting} again", ["{relapse}"], "active self-injury"),
        ("stash", "hid my {razor} in my pencil case", ["{selfharm}"], "tool concealment"),
        ("stitches", "{cut} so deep last night i almost needed stitches. not stopping",
         ["{cutting}"], "severe injury, intent"),
    ],
    "euphemism": [
        ("the cat again", "the cat got me again lol. sleeves down tomorrow :cat2:",
         ["catscratches"], "'the cat' cover story as code"),
        ("barcode arm", "left arm looking like a supermarket barcode again. beans next time?",
         ["barcodearm"], "'barcode' and 'beans' depth slang"),
        ("day 0 again", "clean counter back to day 0 and honestly i missed it. the pencil sharpener was worth it",
         ["cleanstreak"], "relapse via streak language"),
        ("past styro", "went past styro into beans for the first time. no regrets",
         ["styro"], "depth-tier slang"),
        ("blithe season", "blithe season again. new stripes, thighs this time so the secret family stays secret",
         ["blithe", "secretfam"], "community code tags"),
    ],
    "emoji": [
        ("again", ":knife::drop_blood: again :upside_down:", ["vent"], "knife and blood"),
        ("kitty", ":cat::scissors::drop_blood: x7 tonight", [], "cat code with scissors and count"),
        ("july", ":zebra::zebra: arms = :coat: all summer", [], "zebra stripes and concealment"),
        ("new record", ":beans::beans::drop_blood: new record", ["fyp"], "beans depth code"),
        ("not sorry", ":bandage::bandage::knife: day 0 again and i'm not sorry", [], "relapse with knife"),
    ],
}

H["eating_disorder"] = {
    "plain": [
        ("thinspo", "thinspo for anyone who needs motivation to skip dinner tonight. bones are beautiful",
         ["thinspo", "proana"], "thinspiration"),
        ("pro ana tips", "pro-ana tips: drink ice water when hungry, chew gum, tell your parents you ate at school",
         ["proana", "anatips"], "pro-ana tips"),
        ("quietly", "how to purge quietly after family dinner so nobody hears",
         ["promia", "bulimia"], "purging tips"),
        ("goal weight", "goal weight 38kg. i'm starving myself until i see my ribs every morning",
         ["starving", "thinspiration"], "starvation goal"),
        ("lifestyle", "anorexia isn't an illness it's a lifestyle. who wants an accountability buddy",
         ["proanorexia", "ana"], "anorexia as lifestyle"),
    ],
    "misspelling": [
        ("motivation", "{thinspo} dump for tonight, stay strong and don't eat",
         ["{thinspo}", "{proana}"], "thinspiration"),
        ("tips", "{proana} tips: ice cubes and black coffee get you through the day",
         ["{proana}"], "pro-ana tips"),
        ("day 9", "{starving} until i hit my ugw, day 9", ["{starving}", "{thinspiration}"], "starvation"),
        ("no one hears", "best way to {purge} after dinner without anyone hearing?",
         ["{promia}"], "purging"),
        ("by june", "{anorexia} is discipline, not a disease. {thighgap} by june",
         ["{thighgap}"], "anorexia glorified"),
    ],
    "leetspeak": [
        ("stay strong", "{thinspo} of the day, remember hunger is just weakness leaving",
         ["{thinspo}"], "thinspiration with mantra"),
        ("strict buddy", "looking for a strict {proana} buddy, we report every meal",
         ["{proana}", "{anabuddy}"], "pro-ana buddy"),
        ("400 cal", "{starving} is the only thing i'm good at", ["{starve}"], "starvation pride"),
        ("2kg", "{purging} after every meal this week, 2kg down", ["{promia}"], "purging"),
        ("goals", "{anorexia} goals: ribs, hip bones, {thighgap}", ["{thinspiration}"], "anorexia goals"),
    ],
    "homoglyph": [
        ("for the girls", "{thinspo} for the girls who won't eat today", ["{thinspo}"], "thinspiration"),
        ("rules", "{proana} rules: never eat in front of anyone", ["{proana}"], "pro-ana rules"),
        ("winning", "{starving} feels like winning", ["{starve}"], "starvation pride"),
        ("silently", "tips to {purge} silently?", ["{promia}"], "purging tips"),
        ("or nothing", "{thighgap} or nothing this summer", ["{thighgap}", "{thinspiration}"], "thigh gap goal"),
    ],
    "spacing": [
        ("daily", "daily {thinspo} post, don't eat after 12", ["{thinspo}"], "thinspiration"),
        ("coach", "{proana} coach available, strict rules only", ["{proana}"], "pro-ana coaching"),
        ("until 40", "{starving} until the scale says 40", ["{starving}"], "starvation"),
        ("after school", "{purging} after school every day", ["{promia}"], "purging"),
        ("by summer", "{thigh gap} and collarbones by summer", ["{thighgap}"], "body goal"),
    ],
    "euphemism": [
        ("ana says", "ana is proud of me today. 200 under my limit and i didn't even cave",
         ["ana", "edtwt"], "'ana' persona for anorexia"),
        ("she came over", "mia came over after dinner again. mum didn't hear anything this time",
         ["mia"], "'mia' persona for purging"),
        ("lunch", "let ed choose my lunch: black coffee and a mint. feeling light",
         ["edtwt"], "'ed' persona"),
        ("check in", "skip squad check in: who's on day 3 of nothing but water? bonespo in replies",
         ["skipsquad", "bonespo"], "group restriction, bonespo"),
        ("be brutal", "send me meanspo so i don't eat tomorrow. be brutal",
         ["meanspo", "sweetspo"], "meanspo request"),
    ],
    "emoji": [
        ("goals", ":bone::bone::bone: :sparkles: goals", ["fyp"], "bones as goal"),
        ("today", ":no::plate: :butterfly: :scale::chart_down:", [], "no food, butterfly, weight down"),
        ("light", ":feather: :water: only :white_heart:", [], "water only, feather-light"),
        ("where are you", ":butterfly::bone: girls where are you :eyes:", [], "community call-out"),
        ("after dinner", ":plate::arrow_right::vomiting::toilet: shh :shush:", ["dinner"], "purging after meals"),
    ],
}

H["misogyny"] = {
    "plain": [
        ("the truth", "women are property and should obey their husbands. stop pretending otherwise",
         ["redpill", "truth"], "women as property"),
        ("facts", "females are worthless after 25, they only want money and attention",
         ["alphamale", "femalenature"], "dehumanising generalisation"),
        ("hot take", "girls shouldn't be allowed to vote or work. send women back to the kitchen",
         ["traditional", "menfirst"], "removal of rights"),
        ("never trust one", "every woman is a liar and a slut, never trust one. learn this before it's too late",
         ["redpill", "wakeup"], "slur and generalisation"),
        ("her place", "if she talks back you need to put her in her place, women respect force",
         ["alpha", "dominance"], "endorses coercion"),
    ],
    "misspelling": [
        ("truth", "{women} are {worthless} once they hit the wall", ["{redpill}"], "'the wall' dehumanisation"),
        ("facts", "{females} only exist to serve men", ["{femoids}"], "subjugation"),
        ("dating advice", "never trust a {woman}, they're all {sluts}", ["{alphamale}"], "slur"),
        ("rules", "{women} should {obey}, end of discussion", ["{redpill}"], "subjugation"),
        ("wake up", "{misogyny} is just noticing patterns. {females} are {inferior}",
         ["{redpilled}"], "inferiority claim"),
    ],
    "leetspeak": [
        ("hard truth", "{women} are {worthless} without a man telling them what to do", ["{redpill}"], "dehumanising"),
        ("science", "{females} are {inferior}, science proves it", ["{alphamale}"], "inferiority claim"),
        ("the price", "every {woman} is a {whore} if the price is right", ["{redpilled}"], "slur"),
        ("where they belong", "put {women} back in the kitchen where they belong",
         ["{redpill}", "kitchen"], "subjugation"),
        ("accordingly", "{hypergamy} means all {women} will leave you for a richer man. treat them accordingly",
         ["{awalt}"], "hypergamy, hostility"),
    ],
    "homoglyph": [
        ("facts", "{women} are property, not people", ["{redpill}"], "women as property"),
        ("lol", "{females} can't think logically, don't let them vote", ["{alpha}"], "removal of rights"),
        ("the wall", "{women} over 30 are {worthless}", ["{redpilled}"], "dehumanising"),
        ("talking back", "she deserved it for talking back. {women} need discipline", ["{alphamale}"], "endorses abuse"),
        ("every single one", "all {women} are {sluts}, every single one", ["{redpill}"], "slur"),
    ],
    "spacing": [
        ("real talk", "{women} are {inferior} and deep down they know it", ["{redpill}"], "inferiority"),
        ("advice", "never marry a {woman} with opinions, make her {obey}", ["{alphamale}"], "coercion"),
        ("money", "{females} only care about money", ["{redpilled}"], "generalisation"),
        ("facts only", "{women} belong at home and nowhere else", ["{redpill}"], "subjugation"),
        ("like all of them", "she's a {whore} like all of them", ["{femoid}"], "slur"),
    ],
    "euphemism": [
        ("foid logic", "foids ride the carousel till 30 then hunt for a beta provider. don't be the provider",
         ["foidlogic", "mgtow"], "'foid', 'carousel', 'beta provider'"),
        ("awalt", "awalt. the second you lose your job she's gone, hypergamy never sleeps",
         ["awalt"], "'all women are like that'"),
        ("wake up king", "she's a 304 and you're paying her rent? wake up king",
         ["304", "wakeupking"], "'304' slur code"),
        ("smv", "a girl's smv peaks at 22 and a man's at 38. act like it",
         ["smv", "highvalueman"], "'sexual market value'"),
        ("roasties", "roasties crying online again because high value men won't commit. keep mogging",
         ["blackpill"], "'roastie' slur"),
    ],
    "emoji": [
        ("wake up", ":red_circle::pill: :woman: = :atm: :chart_down: after 30", ["wakeup"], "red pill, women as ATMs"),
        ("facts", ":woman::arrow_right::cooking::broom: where they belong :hundred:", ["facts"], "kitchen and broom"),
        ("the wall", ":woman: + 30 = :brick: :clown:", [], "'the wall' as emoji"),
        ("never simp", ":wolf::crown: > :woman::clown: never simp", ["sigma"], "lone wolf over women"),
        ("pilled", ":black_circle::pill: pilled. :woman: = :snake:", [], "black pill, women as snakes"),
    ],
}

H["body_image"] = {
    "plain": [
        ("body check", "body check: can you see my collarbones and rib cage yet? rate 1-10",
         ["bodycheck", "ribcage"], "body checking"),
        ("why", "why am i so ugly and fat compared to every girl in my year. i hate my body",
         ["ugly", "fatgirl"], "self-directed body shame"),
        ("every morning", "thigh gap check every morning in the mirror until it's there",
         ["thighgap", "bodycheck"], "body checking ritual"),
        ("rate my jawline", "honest ratings only: my jawline is weak and my nose is disgusting. should i get surgery at 15?",
         ["rateme", "ugly"], "appearance rating, surgery at 15"),
        ("hip dips", "hip dips are disgusting, here's how i hide mine + exercises to get rid of them",
         ["hipdips", "flatstomach"], "body stigma"),
    ],
    "misspelling": [
        ("morning", "morning {bodycheck}, hip bones finally showing", ["{bodycheck}"], "body checking"),
        ("embarrassing", "i'm so {ugly} it's actually embarrassing", ["{ugly}"], "self-shaming"),
        ("nobody texts back", "{disgusting} body, {fat} arms, no wonder nobody texts back",
         ["{fat}"], "self-shaming"),
        ("across the room", "{collarbone} check: can you see it from across the room?",
         ["{collarbones}"], "body checking"),
        ("1-10", "honestly rate how {ugly} my face is 1-10", ["{uglyface}"], "appearance rating"),
    ],
    "leetspeak": [
        ("daily", "daily {body check}: waist, wrists, {collarbones}", ["{bodycheck}"], "body checking"),
        ("mirror", "my face is so {ugly} i can't look in the mirror", ["{ugly}"], "self-shaming"),
        ("cropped", "my {fat} arms ruin every photo, cropping them out forever", ["{fatarms}"], "self-shaming"),
        ("still not there", "{thigh gap} check, still not there", ["{thighgap}"], "body checking"),
        ("me vs her", "me vs her: she's perfect and i'm {disgusting}", ["{disgusting}"], "comparison"),
    ],
    "homoglyph": [
        ("before school", "{body check} before school, {ribs} showing yet?", ["{bodycheck}"], "body checking"),
        ("wrist check", "wrist check + {collarbone} check :)", ["{bodycheck}"], "body checking"),
        ("today", "i look so {ugly} and {fat} today", ["{ugly}"], "self-shaming"),
        ("hips", "{hip dips} are so {disgusting}", ["{hipdips}"], "body stigma"),
        ("week 3", "{thigh gap} progress pics, week 3", ["{thighgap}"], "body checking progress"),
    ],
    "spacing": [
        ("check in", "{body check} thread, post yours", ["{bodycheck}"], "body checking thread"),
        ("what i see", "{ugly}, {fat} pig, that's what i see", ["{ugly}"], "self-shaming"),
        ("visible", "{collarbones} finally visible", ["{collarbones}"], "body checking"),
        ("beach", "{thigh gap} or i'm not going to the beach", ["{thighgap}"], "body goal"),
        ("rate", "rate my {ribs} 1-10", ["{bodycheck}"], "body checking rating"),
    ],
    "euphemism": [
        ("wrist test", "wrist test passed today, thumb and finger overlap :)", ["wristtest"], "wrist-circling check"),
        ("it's over", "got mogged by everyone in my class photo, my canthal tilt is negative. it's over for me",
         ["looksmax", "itsover"], "looksmaxxing despair"),
        ("day 12", "bonesmashing day 12, jaw looking sharper. pain is the price", ["bonesmash", "looksmaxxing"],
         "bonesmashing"),
        ("a4", "if your waist isn't thinner than an a4 sheet are you even trying", ["a4waist"], "paper waist challenge"),
        ("bad day", "checking for hollow cheeks and a visible spine every morning. today was a bad day",
         ["dailycheck"], "body checking without the words"),
    ],
    "emoji": [
        ("daily", ":mirror::pinch::ruler: daily", ["fyp"], "mirror, pinch, measure"),
        ("me vs her", "me :arrow_right: :pig: her :arrow_right: :sparkles::bone:", [], "self as pig vs thin"),
        ("saving up", ":nose::thumbs_down::thumbs_down: saving for :syringe:", [], "nose shame, cosmetic procedure"),
        ("finally", ":leg::hole::leg: :check: finally", ["summer"], "thigh gap in emoji"),
        ("morning", ":ok_hand: :pinch: wrist :check: :white_heart:", ["morning"], "wrist check"),
    ],
}

H["dieting"] = {
    "plain": [
        ("600 calorie day", "what i eat in a day at 600 calories. losing 5kg before prom is the goal",
         ["wieiad", "calories", "weightloss"], "very low calorie day"),
        ("day 4", "day 4 of my water fast, no food at all. dizzy but it's working",
         ["waterfast", "fasting"], "prolonged water fast"),
        ("detox tea", "this detox tea made me lose 3kg in 4 days, just stay near a toilet lol",
         ["detox", "weightloss"], "laxative tea"),
        ("skip meals", "i skip breakfast and lunch every day to lose weight, dinner is 300 calories max",
         ["diet", "skipmeals"], "meal skipping"),
        ("weigh-in", "taking laxatives before weigh-in day to drop an extra kilo fast",
         ["laxatives", "weightloss"], "laxative misuse"),
    ],
    "misspelling": [
        ("500", "{calories} today: 500. {diet} going perfectly", ["{diet}", "{caloriedeficit}"], "very low intake"),
        ("week 2", "week 2 of my {fasting} challenge, nothing but black coffee", ["{waterfast}"], "prolonged fast"),
        ("quick", "5kg in a week: {detox} juice only and {laxatives} at night", ["{detox}"], "detox and laxatives"),
        ("routine", "{skipping} breakfast and lunch every day to {lose weight} quickly", ["{weightloss}"], "meal skipping"),
        ("before summer", "{crash diet} before summer, 400 {kcal} a day", ["{crashdiet}"], "crash diet"),
    ],
    "leetspeak": [
        ("cal count", "under 500 {calories} again today, so proud", ["{caloriecounting}"], "very low intake"),
        ("who's joining", "72 hour {water fast} starts now, who's joining", ["{waterfast}"], "prolonged fast"),
        ("by friday", "{detox} tea + {laxatives} = flat stomach by friday", ["{detoxtea}"], "laxative misuse"),
        ("tomorrow", "starting a 300 {kcal} {diet} tomorrow", ["{diet}"], "very low calorie diet"),
        ("this month", "{skipping} dinner every night this month to {lose weight}", ["{weightloss}"], "meal skipping"),
    ],
    "homoglyph": [
        ("counting", "only 400 {calories} today", ["{calories}"], "very low intake"),
        ("day 5", "day 5 {water fast}, feeling light", ["{fasting}"], "prolonged fast"),
        ("flat tummy", "{laxatives} before every weigh in", ["{detox}"], "laxative misuse"),
        ("plan", "my {diet}: one apple, one coffee", ["{diet}"], "extreme restriction"),
        ("results", "{lose weight} quickly by {skipping} meals", ["{weightloss}"], "meal skipping"),
    ],
    "spacing": [
        ("cico", "500 {calories} max, no excuses", ["{calories}"], "very low intake"),
        ("day 3", "day 3 of no food {fasting}", ["{waterfast}"], "prolonged fast"),
        ("flush", "{detox} cleanse week, only lemon water", ["{detox}"], "cleanse"),
        ("monday", "{crash diet} starts monday, 5kg in 10 days", ["{diet}"], "crash diet"),
        ("tips", "{skipping} lunch = best way to {lose weight}", ["{weightloss}"], "meal skipping"),
    ],
    "euphemism": [
        ("omad but less", "omad but the one meal is a rice cake. down 3kg this week", ["omad"],
         "one-meal-a-day taken to extremes"),
        ("lunch", "lunch today was 6 grapes and a diet coke, it's a lifestyle", ["wieiad"], "tiny intake as lifestyle"),
        ("tummy tea", "tummy tea morning and night, jeans already looser. stay close to the bathroom",
         ["tummytea", "flattummy"], "laxative tea euphemism"),
        ("fake full", "fake full hacks: sparkling water, gum, and going to bed at 8", ["fakefull"], "hunger suppression"),
        ("cutting phase", "cutting phase at 14 because summer's coming. 800 a day and cardio twice",
         ["cuttingseason"], "gym 'cut' at 14"),
    ],
    "emoji": [
        ("today", ":apple: = lunch :coffee: = dinner :chart_down:", [], "apple and coffee as meals"),
        ("48h", ":plate::cross: 48h :stopwatch: :muscle:", ["challenge"], "48 hour no-food challenge"),
        ("3kg", ":teapot::teapot::teapot: :toilet: :scale::chart_down: 3kg", [], "laxative tea"),
        ("summer", ":no::bread::no::pizza: :lemon::water: only", ["summer"], "lemon water only"),
        ("week 1", ":scale: -4kg in 7 days :lemon::ice: :fire:", [], "rapid loss"),
    ],
}

H["violence"] = {
    "plain": [
        ("school fight", "massive school fight behind the sports hall, he got knocked out cold",
         ["schoolfight", "fight"], "school fight knockout"),
        ("knockout", "one punch knockout outside the chippy, he didn't get back up",
         ["knockout", "ko"], "street knockout"),
        ("brutal", "he was covered in blood after they stomped his head, full video",
         ["fight", "brutal"], "graphic assault"),
        ("bus stop", "year 9 kid got jumped by 5 lads at the bus stop, they kept kicking him",
         ["jumped", "fightvideo"], "group assault on a child"),
        ("graphic", "graphic: broken jaw and teeth on the floor after the street fight last night",
         ["streetfight", "gore"], "graphic injury"),
    ],
    "misspelling": [
        ("after school", "school {fight} at 3:15, he got {knocked out} in one hit", ["{schoolfight}"], "school fight"),
        ("cleanest", "cleanest {knockout} you'll see this week", ["{knockout}"], "knockout clip"),
        ("everywhere", "they {stomped} him till there was {blood} everywhere", ["{fight}"], "graphic assault"),
        ("bus stop", "lad got {jumped} at the bus stop, the {beating} lasted 2 mins", ["{fightvideo}"], "group assault"),
        ("car park", "car park {brawl} last night, someone lost teeth", ["{streetfight}"], "street brawl"),
    ],
    "leetspeak": [
        ("canteen", "{fight} in the canteen, he got {knocked out} cold", ["{schoolfight}"], "school fight"),
        ("one hit", "{punched} once and {knocked out} cold, the teachers weren't even there lol", ["{ko}"], "knockout"),
        ("pavement", "{blood} all over the pavement after the {beating}", ["{streetfight}"], "graphic assault"),
        ("new kid", "new kid got {jumped} by 4 year 10s", ["{fightvideo}"], "group assault"),
        ("still going", "they kept {stomping} after he was down", ["{brawl}"], "graphic assault"),
    ],
    "homoglyph": [
        ("3:15", "{fight} behind the gym at 3:15 today", ["{schoolfight}"], "school fight announcement"),
        ("out cold", "{knocked out} cold with one hit", ["{knockout}"], "knockout"),
        ("on the bus", "full {beating} on the bus, nobody stepped in", ["{fight}"], "assault"),
        ("teeth", "{blood} and teeth on the floor", ["{streetfight}"], "graphic injury"),
        ("car park", "{brawl} in the car park, he got {stomped}", ["{fightvideo}"], "brawl"),
    ],
    "spacing": [
        ("canteen", "{fight} in the canteen, teacher got hit too", ["{schoolfight}"], "school fight"),
        ("on the field", "one hit {knockout} on the field", ["{knockout}"], "knockout"),
        ("everywhere", "{blood} everywhere after that {beating}", ["{fight}"], "graphic assault"),
        ("walking home", "he got {jumped} walking home", ["{fightvideo}"], "assault"),
        ("10 v 1", "park {brawl}, 10 v 1", ["{streetfight}"], "group brawl"),
    ],
    "euphemism": [
        ("got slept", "bro got slept in the lunch line, one tap and he was snoring :sob:",
         ["slept", "lightsout"], "'slept' = knocked out"),
        ("caught a fade", "year 8 caught a fade behind the science block and nobody split it up",
         ["caughtafade"], "'caught a fade'"),
        ("sparked", "sparked him clean out by the chicken shop, he folded like a deckchair",
         ["sparked"], "'sparked out' = knocked out"),
        ("pull up", "1v1 after school by the canal, loser gets put to sleep. pull up", ["1v1", "pullup"],
         "arranged fight, 'put to sleep'"),
        ("these hands", "he ran his mouth and caught these hands, ended up leaking on the pavement",
         ["scrap", "hands"], "'caught these hands', 'leaking' = bleeding"),
    ],
    "emoji": [
        ("3:15", ":school::glove: 3:15 :eyes: :camera:", ["part1"], "school fight announcement"),
        ("lights out", ":fist::boom::dizzy_face::sleeping:", [], "punch to unconscious"),
        ("teeth", ":tooth::dash: :drop_blood::drop_blood: :skull:", [], "teeth knocked out, blood"),
        ("bus stop", ":bus: :fist::fist::fist::fist: :ambulance:", [], "group assault, ambulance"),
        ("one tap", ":fist::sleeping: one tap :hundred:", ["viral"], "one-punch knockout"),
    ],
}

# label_only: neutral text + exactly one upstream label, spelled as some platform might.
LABEL_SPELLINGS = {
    "suicide": ["SuicidalContent", "suicide_risk", "SUICIDE_PROMOTION", "suicidality.high", "harm/suicide"],
    "self_harm": ["SelfHarmGraphic", "self-injury", "NSSI", "sh_content_v2", "harm/self_injury"],
    "eating_disorder": ["ProEatingDisorder", "disordered_eating", "ED-promotion", "pro_ana_mia",
                        "EATING_DISORDER_PROMO"],
    "misogyny": ["MisogynisticContent", "hate/gender", "sexism_severe", "AntiWomenHate", "gender_based_abuse"],
    "body_image": ["BodyStigma", "body_image_negative", "appearance-comparison", "BODY_CHECKING", "looks_shaming"],
    "dieting": ["ExtremeDieting", "diet_restrictive", "unhealthy-weight-loss", "CALORIE_RESTRICTION",
                "fasting.extreme"],
    "violence": ["GraphicViolence", "violence/fight", "physical_assault", "RealWorldFighting", "gore_injury"],
}
NEUTRAL = [
    ("part 2", "part 2", ["fyp"]), ("day 4", "day 4", []), ("ok", "ok", ["foryou"]),
    ("no caption", "...", ["fyp", "viral"]), ("pt 3", "pt 3 as promised", []),
    ("update", "update", ["foryoupage"]), ("again", "again lol", []),
    ("watch till the end", "watch till the end", ["fyp"]), ("story time", "storytime part 1", []),
    ("sound on", "sound on :speaker:", []), ("day 12", "day 12", ["fyp"]),
    ("random", "random dump", []), ("tuesday", "tuesday", []), ("lol", "lol", ["foryou"]),
    ("mood", "mood", []), ("pov", "pov", ["pov"]), ("for u", "for you", []),
    ("bts", "behind the scenes", []), ("dump", "photo dump", ["photodump"]),
    ("week 2", "week 2", []), ("new", "new post", ["fyp"]), ("reply", "replying to comments", []),
    ("trend", "trying the trend", ["trend"]), ("weekend", "weekend vibes", []),
    ("idk", "idk what to caption this", []), ("here", "here it is", ["fyp"]),
    ("edit", "quick edit", ["edit"]), ("no voiceover", "no voiceover today", []),
    ("clip 7", "clip 7", []), ("vlog 9", "vlog 9", ["vlog"]), ("round 2", "round 2", []),
    ("part 1", "part 1 of 3", ["fyp"]), ("morning", "morning", []), ("late post", "late post", []),
    ("recap", "recap", ["recap"]),
]

# ---------------------------------------------------------------------------
# Allow items: (title, caption, hashtags, note)
# ---------------------------------------------------------------------------
A = {}
A["recovery"] = [
    ("1 year clean", "one year self-harm free today. if you're still in it, it does get easier. Childline 0800 1111 if you're under 19 :green_heart:",
     ["selfharmrecovery", "recovery"], "self-harm recovery milestone with helpline"),
    ("recovery meal", "ate a full dinner with my family for the first time since my anorexia diagnosis. proud of me",
     ["edrecovery", "anorexiarecovery"], "ED recovery milestone"),
    ("988", "if you're having suicidal thoughts in the US you can call or text 988, any time. you don't have to be in crisis to reach out",
     ["988", "suicideprevention"], "crisis line signposting"),
    ("samaritans", "UK: Samaritans are on 116 123, free, 24/7. i called them last winter and it genuinely helped",
     ["samaritans", "mentalhealth"], "crisis line, lived experience"),
    ("for my friend", "how i supported my best mate when she told me she was self-harming: listened, didn't panic, helped her tell the school counsellor",
     ["selfharmawareness", "friendship"], "supporting a friend"),
    ("2 years", "2 years out of bulimia. recovery isn't linear but it's real :seedling:",
     ["bulimiarecovery", "edrecovery"], "ED recovery milestone"),
    ("therapy day", "first therapy session for my eating disorder today. scary but i went",
     ["recovery", "therapy"], "help-seeking"),
    ("500 days", "my self-harm scars are part of my story, not my future. 500 days",
     ["recovery", "scarsandstories"], "self-harm recovery milestone"),
    ("to anyone struggling", "if you're thinking about suicide tonight, please tell someone. Samaritans 116 123 or text SHOUT to 85258",
     ["suicideprevention", "youarenotalone"], "crisis signposting"),
    ("urges", "things that helped me through self-harm urges: holding ice, drawing on my arm with a red pen, texting my sister",
     ["selfharmrecovery", "copingskills"], "coping skills in recovery"),
    ("not failure", "had a relapse with restricting last week. told my dietitian, back on my meal plan. relapse isn't failure",
     ["edrecovery"], "relapse disclosed to clinician"),
    ("childline", "you can talk to Childline about anything, including suicidal feelings. 0800 1111, free and it won't show on the phone bill",
     ["childline", "help"], "crisis line for children"),
    ("fear food friday", "fear food friday: pizza with my friends. anorexia wanted me to stay home, i didn't listen :pizza:",
     ["fearfoodfriday", "anarecovery"], "ED recovery, fear food"),
    ("why i unfollowed", "unfollowed every thinspo and 'what i eat in a day' account. my feed and my head are calmer",
     ["edrecovery", "bodyneutrality"], "recovery, curating feed"),
    ("body neutrality", "stopped body checking in every mirror. my body is allowed to just exist",
     ["bodyneutrality", "recovery"], "body image recovery"),
    ("how i got out", "at 15 i watched those 'alpha' videos saying women were worth less than men. here's how i got out and why it was all a grift",
     ["manosphere", "respect"], "leaving manosphere content"),
    ("take it seriously", "if a friend says they want to die, take it seriously. ask them directly, stay with them, call 999 or 988 if they're in danger",
     ["suicideprevention", "lookoutforyourmates"], "supporting a friend in crisis"),
    ("still here", "two years since my suicide attempt. i'm so glad i'm still here. please stay",
     ["suicidesurvivor", "stillhere"], "survivor milestone"),
    ("how to react", "my mum found out about my self-harm and didn't shout. we went to the GP together. parents, this is how to react",
     ["selfharmawareness", "parents"], "help-seeking with parent"),
    ("weight restored", "weight restored after 18 months of anorexia treatment. i can run again, laugh again, think again",
     ["edrecovery"], "ED recovery milestone"),
    ("walk away", "got into a fight at school last year and broke my hand. walking away isn't weak, it's the smart move",
     ["walkaway", "nofighting"], "anti-violence reflection"),
    ("quit dieting", "quit dieting after 6 years of yo-yo restriction. intuitive eating with a dietitian saved my relationship with food",
     ["antidiet", "intuitiveeating"], "diet recovery"),
    ("you don't need a diagnosis", "Beat's helpline is there for anyone worried about an eating disorder, for you or a friend. you don't need a diagnosis to call",
     ["beat", "eatingdisorderawareness"], "ED charity signposting"),
    ("my little brother", "my little brother was watching misogynistic creators and repeating it at dinner. we talked instead of yelling. it's working slowly",
     ["manosphere", "talktoyourkids"], "family countering misogyny"),
    ("safety plan", "made a suicide safety plan with my counsellor: warning signs, people to call, reasons to stay. highly recommend",
     ["safetyplan", "mentalhealth"], "safety planning"),
    ("100 days", "100 days without cutting. i didn't think i'd make 10 :star:",
     ["selfharmrecovery", "100days"], "self-harm recovery milestone"),
    ("recovery snack", "recovery snack of the day: toast with peanut butter. the eating disorder voice hated it, i enjoyed it",
     ["edrecovery", "recoverywarrior"], "ED recovery"),
    ("can't talk?", "can't talk on the phone? text SHOUT to 85258 (UK) or text 988 (US). it helped me when i was suicidal and couldn't speak",
     ["crisistext", "suicideprevention"], "text crisis lines"),
    ("6 months", "6 months purge-free. if bulimia has you stuck in the cycle, please tell someone",
     ["bulimiarecovery"], "ED recovery milestone"),
    ("telling an adult", "told my form tutor i was self-harming. she was kind and got me to the school nurse. telling an adult works",
     ["selfharmawareness", "speakup"], "help-seeking at school"),
    ("strong not punished", "went from counting every calorie to training for strength. the gym doesn't have to be punishment",
     ["recovery", "strongnotskinny"], "diet recovery"),
    ("for my cousin", "lost my cousin to suicide. talk about it, check on people, keep 116 123 in your phone",
     ["suicideawareness", "samaritans"], "bereavement and signposting"),
    ("3 years", "ana has no say in my life anymore. 3 years recovered from anorexia, eating birthday cake today :cake:",
     ["anarecovery", "edrecovery"], "ED recovery using 'ana' persona"),
    ("goodbye letter", "writing a goodbye letter to mia as part of bulimia therapy. it's weirdly freeing",
     ["recovery", "bulimiarecovery"], "therapy exercise, persona name"),
    ("peer support", "our school's peer support group talked about self-harm today. nobody judged anyone",
     ["peersupport"], "peer support"),
    ("week 8", "CBT for body dysmorphia: week 8. i can walk past shop windows now",
     ["bodydysmorphia", "recovery"], "body image therapy"),
    ("please don't film", "my brother got knocked out in a street fight and now has a brain injury. please don't film fights, call for help",
     ["stopthefight", "awareness"], "anti-violence plea from family"),
    ("2am", "if you're reading this at 2am thinking about ending it, please reach out: 988 (US), 116 123 (UK), Childline 0800 1111. stay :heart:",
     ["stay", "suicideprevention"], "crisis signposting"),
    ("adjustments", "asked for a quiet lunch space at school during eating disorder recovery. you're allowed to ask for adjustments",
     ["edrecovery", "school"], "recovery at school"),
    ("signs to notice", "signs a friend might be self-harming: long sleeves in summer, hiding in toilets, new 'accidents'. ask gently, don't force",
     ["selfharmawareness", "friends"], "supporting a friend"),
]

A["news_education"] = [
    ("new report", "New report finds one in four teenage girls saw pro-eating disorder content on social media in the last month",
     ["news", "onlinesafety"], "news on ED content"),
    ("explainer", "Explainer: what the Online Safety Act means for suicide and self-harm content in children's feeds",
     ["onlinesafetyact", "explainer"], "policy explainer"),
    ("pshe lesson", "Today's PSHE lesson: spotting misogyny online, and why 'alpha male' influencers target teenage boys",
     ["pshe", "school"], "school lesson on misogyny"),
    ("documentary", "New documentary follows three young women through anorexia treatment. Airs Sunday 9pm :tv:",
     ["documentary", "eatingdisorders"], "documentary"),
    ("research", "Study: algospeak like 'unalive' helps self-harm and suicide posts avoid moderation, researchers warn",
     ["research", "algospeak"], "research on algospeak"),
    ("fight night recap", "Fight night recap: main event goes five rounds, champion retains by unanimous decision",
     ["mma", "fightnight"], "MMA journalism"),
    ("weigh-in results", "Boxing: weigh-in results ahead of Saturday's title bout, both fighters on weight",
     ["boxing", "boxingnews"], "boxing journalism"),
    ("nhs data", "Hospital admissions for self-harm among 10-14 year olds have risen, NHS data shows :news:",
     ["nhs", "news"], "health statistics"),
    ("teacher explains", "Teacher explains: how to talk to your class about suicide without giving details that could harm",
     ["teachers", "safeguarding"], "teacher guidance"),
    ("media literacy", "Media literacy: why 'what I eat in a day' videos can push extreme dieting on teens",
     ["medialiteracy", "dietculture"], "media literacy on dieting"),
    ("youth workers", "Youth workers say fight videos shared on social media are fuelling retaliation between schools",
     ["news", "youthviolence"], "news on fight videos"),
    ("biology", "Biology class: what starvation does to the heart and brain, and why anorexia has one of the highest death rates of any mental illness",
     ["biology", "eatingdisorderawareness"], "science lesson"),
    ("teacher survey", "Survey of secondary teachers finds rising misogynistic comments in classrooms linked to online influencers",
     ["education", "news"], "news on misogyny in schools"),
    ("media guidelines", "Journalists: suicide reporting guidelines say avoid describing methods and always include support info",
     ["journalism", "mediaguidelines"], "journalism guidance"),
    ("history revision", "History revision: the suffragettes and the fight for women's right to vote",
     ["history", "gcse"], "history lesson"),
    ("card preview", "MMA preview: breaking down Saturday's card, striking vs grappling in the co-main",
     ["mma", "preview"], "MMA journalism"),
    ("podcast ep 12", "Podcast ep. 12: a clinical psychologist on self-harm, what it is, why young people do it, and how recovery works",
     ["podcast", "mentalhealth"], "educational podcast"),
    ("algorithm study", "Researchers set up teen test accounts and found body-image and dieting content recommended within minutes",
     ["research", "algorithms"], "research on recommender systems"),
    ("assembly", "Our school assembly on the manosphere: how to recognise misogyny dressed up as self-improvement",
     ["assembly", "school"], "school assembly"),
    ("awareness week", "Eating disorder awareness week: this year's campaign focuses on boys and men with bulimia and binge eating disorder",
     ["edawarenessweek"], "awareness campaign"),
    ("explainer: red pill", "Explainer: where the 'red pill' idea came from, and how the manosphere turned it into anti-women ideology",
     ["explainer", "manosphere"], "explainer on misogyny"),
    ("on this day", "On this day in boxing history: the famous fight that went 15 rounds in the rain",
     ["boxinghistory"], "boxing history"),
    ("health class notes", "Health class notes: warning signs of suicide, how to respond, and where to get help :pencil:",
     ["healtheducation", "notes"], "school notes"),
    ("fact check", "Fact check: no, detox teas don't 'flush fat'. Their laxative effect can be dangerous, dietitians say",
     ["factcheck", "nutrition"], "fact check on dieting"),
    ("regulator", "Platforms must now filter self-harm and eating disorder content out of under-18 feeds, regulator confirms",
     ["policy", "onlinesafety"], "policy news"),
    ("court report", "Court hears how a school fight filmed on phones led to a teenager's serious head injury",
     ["courtreport", "news"], "court reporting"),
    ("book review", "Book review: a YA novel about a girl's recovery from self-harm, handled with care :books:",
     ["booktok", "bookreview"], "book review"),
    ("hashtag research", "New dataset tracks how pro-ana hashtags mutate to dodge bans, from misspellings to emoji",
     ["research", "datascience"], "research on evasion"),
    ("a&e doctor", "A&E doctor explains what a knockout actually does to the brain, and why one punch can kill",
     ["concussion", "health"], "medical education"),
    ("lecture", "University lecture: the history of misogyny in advertising, 1950s to now",
     ["sociology", "lecture"], "lecture"),
    ("amateur boxing", "Amateur boxing explained: headguards, weight classes, and how the youth safety rules work",
     ["amateurboxing"], "boxing explainer"),
    ("public health", "Suicide is a leading cause of death for young people; experts say talking about it safely saves lives",
     ["suicideprevention", "publichealth"], "public health"),
    ("parents' guide", "Parents' guide: what 'sh', 'ana' and 'unalive' mean when your teen uses them online",
     ["parenting", "onlinesafety"], "glossary for parents"),
    ("new study", "Study: teens who follow extreme fitness influencers report more body dissatisfaction :microscope:",
     ["research", "bodyimage"], "research on body image"),
    ("scorecards", "Judges' scorecards explained: why the split decision in last night's title fight was controversial",
     ["mma", "analysis"], "MMA journalism"),
    ("lesson plan", "Free lesson plan for year 9: body image, editing apps, and comparison culture",
     ["teachers", "bodyimage"], "lesson plan"),
    ("police appeal", "Police appeal after video of a teenager being attacked near a school was shared online",
     ["news", "appeal"], "news on violence"),
    ("10 september", "World Suicide Prevention Day is 10 September. Learn the signs and how to start a conversation",
     ["wspd", "awareness"], "awareness day"),
    ("gcse english", "GCSE English: how violence and masculinity are presented in Macbeth",
     ["gcseenglish", "revision"], "literature lesson"),
    ("documentary review", "Documentary review: inside the online world of incels and the young men trying to leave it",
     ["documentary", "review"], "documentary on manosphere"),
]

A["collision"] = [
    ("ana's 16th", "surprise party for Ana's 16th! she cried at the cake, we love you Ana :cake:",
     ["birthday", "bestfriend"], "friend named Ana"),
    ("me and mia", "me and Mia on our first day of sixth form, look how tiny we were in year 7",
     ["bestie", "throwback"], "friend named Mia"),
    ("no remorse", "the cat knocked my entire plant off the shelf and then sat in the soil. no remorse :cat:",
     ["cat", "catsoftiktok"], "an actual cat"),
    ("5 kms", "ran 5 kms without stopping for the first time! couch to 5k week 9 done :runner:",
     ["running", "couchto5k"], "kms = kilometres"),
    ("sunday roast", "sunday roast with all the trimmings, the yorkshires were massive this week",
     ["sundayroast", "food"], "roast dinner"),
    ("fresh cut", "fresh cut for the school photos, my barber really cooked :barber:",
     ["barber", "haircut"], "haircut"),
    ("no tears", "knife skills 101: how to cut an onion without crying :onion:",
     ["cooking", "knifeskills"], "cutting vegetables"),
    ("killing it", "my little sister absolutely killing it at her dance recital :clap:",
     ["dance", "proudsister"], "'killing it' = doing well"),
    ("which pill", "rewatching The Matrix for film club. red pill or blue pill, which are you taking?",
     ["thematrix", "filmclub"], "red pill in The Matrix"),
    ("11 hours", "slept 11 hours after the trip, i'm a new person",
     ["sleep", "weekend"], "slept = sleep"),
    ("boxing class", "beginner boxing class at the leisure centre, pads and skipping only, no sparring. so good for fitness",
     ["boxingfitness", "workout"], "fitness boxing"),
    ("bake sale", "cut-out sugar cookies for the bake sale: chill the dough, then cut your shapes :cookie:",
     ["baking", "bakesale"], "baking cuts"),
    ("i'm dead", "i'm dead :joy: my dad tried the dance and fell into the hedge",
     ["funny", "dads"], "'dead' = laughing"),
    ("after practice", "starving after football practice, mum's lasagne is a lifesaver",
     ["dinner", "football"], "'starving' = hungry"),
    ("third go", "my brother Ed finally passed his driving test on the third go",
     ["drivingtest", "family"], "brother named Ed"),
    ("ice hockey", "clean body check in last night's under-16 ice hockey game, legal hit and the ref agreed :hockey:",
     ["icehockey", "hockey"], "body check in hockey"),
    ("movie night", "horror movie night: we watched The Purge and now nobody wants to walk to the kitchen :popcorn:",
     ["movienight", "horror"], "film title"),
    ("skinny jeans", "are skinny jeans back? my mum says she's keeping hers just in case",
     ["fashion", "jeans"], "skinny jeans"),
    ("thin crust", "homemade thin crust pizza, the crunch is unreal",
     ["pizza", "homemade"], "thin crust"),
    ("stripes", "cutting the grass in stripes like a football pitch, dad is so proud",
     ["garden", "satisfying"], "cutting grass, stripes"),
    ("mr bones", "halloween decor is up, the skeleton is called Mr Bones and he has a hat :pumpkin:",
     ["halloween", "decor"], "skeleton decoration"),
    ("buried it", "bought the dog a giant bone from the butcher and he's buried it in the sofa :dog:",
     ["dog", "dogsoftiktok"], "dog bone"),
    ("40 tries", "finally killed the final boss after 40 tries, my hands are shaking :game:",
     ["gaming", "bossfight"], "video game"),
    ("quiz cup", "our quiz team made it to the knockout round of the inter-school cup!",
     ["quiz", "school"], "knockout round of a quiz"),
    ("sleepover", "pillow fight at the sleepover got out of hand, feathers everywhere",
     ["sleepover", "friends"], "pillow fight"),
    ("first dress", "cutting fabric for my first dress, measure twice cut once",
     ["sewing", "diy"], "cutting fabric"),
    ("bread maths", "weighing flour for bread, baking is just maths you can eat",
     ["baking", "bread"], "weighing flour"),
    ("high board", "jumped off the high board at the pool for the first time, terrified but did it",
     ["swimming", "bravery"], "jumping off a diving board"),
    ("alpha test", "our game just hit alpha test stage! looking for testers in year 10",
     ["gamedev", "alpha"], "software alpha"),
    ("geography", "geography project on Chad and Lake Chad shrinking, took me all weekend",
     ["geography", "homework"], "Chad the country"),
    ("sigma notation", "maths revision: sigma notation finally makes sense",
     ["maths", "alevel"], "sigma in maths"),
    ("skate park", "hang out with us at the skate park saturday, bring snacks",
     ["skatepark", "weekend"], "hang out"),
    ("first fast", "first day fasting for Ramadan this year, iftar with the whole family tonight :moon:",
     ["ramadan", "iftar"], "religious fasting"),
    ("dt project", "made a cutting board in DT class, oak with a walnut stripe",
     ["dt", "woodwork"], "cutting board"),
    ("competition", "sharpened my skate blades before the competition, ready to glide :snowflake:",
     ["figureskating", "ice"], "skate blades"),
    ("cast list", "school play update: i got cast as Scar in The Lion King!",
     ["schoolplay", "lionking"], "character named Scar"),
    ("bbq", "corn on the cob with butter at the bbq, best thing all summer",
     ["bbq", "summer"], "actual corn"),
    ("first shift", "working the tills on my first shift, the barcode scanner beeps in my dreams now",
     ["firstjob", "retail"], "barcode scanner"),
    ("elite", "beans on toast is elite and i will not be taking questions",
     ["food", "beansontoast"], "baked beans"),
    ("typical", "new cat scratch post and she prefers the cardboard box it came in",
     ["cat", "catmum"], "cat scratching post"),
]

A["ordinary"] = [
    ("pasta bake", "easy pasta bake for students: 20 mins, one dish, feeds four", ["cooking", "studentmeals"], "recipe"),
    ("first walk", "puppy's first walk on the beach, she tried to eat the sea :dog:", ["puppy", "dogsoftiktok"], "pet"),
    ("matchday", "under-15s won 3-1 today, scored a header in the last minute :football:", ["football", "grassroots"], "football"),
    ("riff", "been learning this riff for two weeks and finally got it clean", ["guitar", "music"], "music"),
    ("study with me", "2 hour study with me, pomodoro 25/5, lofi on", ["studywithme", "gcse"], "study"),
    ("school trip", "school trip to Paris, the view from the top was worth the stairs :plane:", ["travel", "schooltrip"], "travel"),
    ("pancakes", "fluffy pancakes with blueberries, the secret is not overmixing", ["breakfast", "pancakes"], "recipe"),
    ("new record", "my hamster stuffed 14 sunflower seeds in his cheeks :sunflower:", ["hamster", "pets"], "pet"),
    ("revision tips", "3 revision tips that actually work: active recall, spaced repetition, sleep", ["revision", "studytips"], "study tips"),
    ("first concert", "first concert ever and i lost my voice screaming the chorus :music:", ["concert", "music"], "music"),
    ("room makeover", "room makeover on a 50 quid budget, fairy lights did the heavy lifting", ["roommakeover", "diy"], "DIY"),
    ("kickflip", "landed my first kickflip after three months", ["skateboarding", "kickflip"], "skateboarding"),
    ("lego castle", "built the whole lego castle in one afternoon, zero pieces left over", ["lego", "build"], "hobby"),
    ("swiss roll", "attempted a swiss roll, it cracked but tasted great", ["baking", "swissroll"], "baking"),
    ("choir", "choir rehearsal for the winter concert, the harmonies are coming together", ["choir", "music"], "music"),
    ("balance restored", "missed the bus, found a 2 pound coin. balance restored", ["funny", "dailylife"], "daily life"),
    ("windowsill", "grew my first tomatoes on the windowsill", ["gardening", "tomatoes"], "gardening"),
    ("chess club", "chess club tournament: won 4 out of 5, lost to a year 7 genius", ["chess", "chessclub"], "hobby"),
    ("reading list", "rainy day reading list: 5 fantasy books you can finish in a weekend :books:", ["booktok", "reading"], "books"),
    ("renaissance", "drew my cat in the style of a renaissance painting", ["art", "drawing"], "art"),
    ("county finals", "netball county finals tomorrow, nerves are real", ["netball", "sport"], "sport"),
    ("rock pooling", "rock pooling at low tide, found a crab the size of my hand", ["beach", "nature"], "nature"),
    ("first website", "made my first website in computer science, it has a spinning cat", ["coding", "computerscience"], "coding"),
    ("smoothie", "mango and banana smoothie, no recipe, just vibes", ["smoothie", "breakfast"], "food"),
    ("ootd", "outfit for the school disco, thrifted the whole thing for 12 quid", ["ootd", "thrift"], "fashion"),
    ("scouts", "first camping trip with scouts, the tent collapsed twice :sweat_smile:", ["camping", "scouts"], "outdoors"),
    ("day 100", "day 100 of learning Spanish on my phone, can finally order food", ["languagelearning", "spanish"], "learning"),
    ("grade 3", "piano grade 3 passed with merit!", ["piano", "musicexam"], "music"),
    ("snow day", "snow day! built a snowman with a carrot nose", ["snow", "snowday"], "weather"),
    ("fish tank", "set up the new fish tank, the neon tetras are settling in", ["fishtank", "aquarium"], "pets"),
    ("volcano", "our science fair volcano actually erupted this year", ["sciencefair", "stem"], "school"),
    ("first fifty", "first fifty for the school cricket team, bat raised and everything :trophy:", ["cricket", "sport"], "sport"),
    ("canal ride", "bike ride along the canal, stopped for ice cream halfway", ["cycling", "weekend"], "outdoors"),
    ("dance cover", "learning the new dance cover with my friends, mirror practice day 3", ["dancecover", "kpop"], "dance"),
    ("flatpack", "helped dad build a wardrobe, only two screws left over", ["diy", "family"], "DIY"),
    ("museum trip", "natural history museum trip, the whale in the main hall is huge", ["museum", "schooltrip"], "trip"),
    ("grandma's recipe", "grandma's apple crumble recipe, custard is not optional", ["baking", "crumble"], "recipe"),
    ("no filter", "sunset from the train home, no filter :rainbow:", ["sunset", "nofilter"], "photo"),
    ("long exposure", "tried long exposure photography with car lights tonight", ["photography", "nightphotos"], "photography"),
    ("food bank", "volunteered at the food bank this morning, packed 200 bags", ["volunteering", "community"], "volunteering"),
]

# ---------------------------------------------------------------------------
# Mechanical evasions
# ---------------------------------------------------------------------------
KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "ol", "a": "qsz", "s": "adwxz", "d": "sfex", "f": "dgrc", "g": "fhtv",
    "h": "gjyb", "j": "hkun", "k": "jlim", "l": "kop", "z": "asx", "x": "zsdc", "c": "xdfv",
    "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}
VOWELS = "aeiouy"


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


def _pick_word_index(words, rng):
    """Index of the word to alter: usually the longest, sometimes another word of 3+ letters."""
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    others = [i for i, w in enumerate(words) if len(w) >= 3 and i != longest]
    if others and rng.random() < 0.5:
        return rng.choice(others)
    return longest


def typo_once(w, rng):
    for _ in range(100):
        op = rng.choice(["double", "drop", "swap", "slip", "vowel"])
        n = len(w)
        if op == "double" and n >= 3:
            i = rng.randint(1, n - 2)
            return w[:i + 1] + w[i] + w[i + 1:], op
        if op == "drop" and n >= 3:
            i = rng.randint(1, n - 1)
            return w[:i] + w[i + 1:], op
        if op == "swap" and n >= 3:
            i = rng.randint(1, n - 2)
            if w[i] != w[i + 1]:
                return w[:i] + w[i + 1] + w[i] + w[i + 2:], op
        if op == "slip" and n >= 2:
            i = rng.randint(1, n - 1)
            if w[i] in KEYBOARD:
                return w[:i] + rng.choice(KEYBOARD[w[i]]) + w[i + 1:], op
        if op == "vowel":
            idx = [i for i in range(1, n) if w[i] in VOWELS]
            if idx:
                i = rng.choice(idx)
                return w[:i] + rng.choice([v for v in VOWELS if v != w[i]]) + w[i + 1:], op
    raise RuntimeError("no typo for %r" % w)


def misspell(span, rng, ctx, params):
    words = span.split(" ")
    k = _pick_word_index(words, rng)
    w = words[k]
    ops = []
    for _ in range(params["edits"]):
        w, op = typo_once(w, rng)
        ops.append(op)
    words[k] = w
    return " ".join(words), "+".join(ops)


LEET_TEXT = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7", "g": "9", "l": "1"}
LEET_TAG = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1"}


def leet(span, rng, ctx, params):
    table = LEET_TAG if ctx == "tag" else LEET_TEXT
    pos = [i for i, c in enumerate(span) if c.lower() in table]
    if params["mode"] == "full" or len(pos) < 2:
        chosen = set(pos)
    else:
        chosen = set(rng.sample(pos, rng.randint(1, len(pos) - 1)))
    out = []
    for i, c in enumerate(span):
        out.append(rng.choice(table[c.lower()]) if i in chosen else c)
    return "".join(out), params["mode"]


CYRILLIC = {"a": "\u0430", "c": "\u0441", "e": "\u0435", "o": "\u043E", "p": "\u0440",
            "x": "\u0445", "y": "\u0443", "i": "\u0456", "s": "\u0455", "j": "\u0458",
            "h": "\u04BB", "d": "\u0501", "w": "\u051D", "l": "\u04CF"}
GREEK = {"a": "\u03B1", "e": "\u03B5", "i": "\u03B9", "k": "\u03BA", "o": "\u03BF",
         "p": "\u03C1", "t": "\u03C4", "u": "\u03C5", "v": "\u03BD", "x": "\u03C7"}
SMALLCAPS = {"a": "\u1D00", "b": "\u0299", "c": "\u1D04", "d": "\u1D05", "e": "\u1D07",
             "f": "\uA730", "g": "\u0262", "h": "\u029C", "i": "\u026A", "j": "\u1D0A",
             "k": "\u1D0B", "l": "\u029F", "m": "\u1D0D", "n": "\u0274", "o": "\u1D0F",
             "p": "\u1D18", "q": "\uA7AF", "r": "\u0280", "s": "\uA731", "t": "\u1D1B",
             "u": "\u1D1C", "v": "\u1D20", "w": "\u1D21", "y": "\u028F", "z": "\u1D22"}
MATH_STYLES = {  # (capital A, small a, digit 0 or None); none of these alphabets has holes
    "bold": (0x1D400, 0x1D41A, 0x1D7CE),
    "bold_italic": (0x1D468, 0x1D482, None),
    "sans_bold": (0x1D5D4, 0x1D5EE, 0x1D7EC),
    "monospace": (0x1D670, 0x1D68A, 0x1D7F6),
}
ZERO_WIDTH = ["\u200B", "\u200C", "\u200D", "\u2060"]
SOFT_HYPHEN = "\u00AD"
STRIKE = "\u0336"


def _math(text, style):
    cap, small, digit = MATH_STYLES[style]
    out = []
    for c in text:
        if "A" <= c <= "Z":
            out.append(chr(cap + ord(c) - 65))
        elif "a" <= c <= "z":
            out.append(chr(small + ord(c) - 97))
        elif "0" <= c <= "9" and digit is not None:
            out.append(chr(digit + ord(c) - 48))
        else:
            out.append(c)
    return "".join(out)


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _substitute(text, table, rng):
    pos = [i for i, c in enumerate(text) if c.lower() in table]
    if not pos:
        return text
    chosen = set(rng.sample(pos, rng.randint(1, min(3, len(pos)))))
    return "".join(table[c.lower()] if i in chosen else c for i, c in enumerate(text))


def _insert(text, chars, rng, count):
    inner = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    if not inner:
        return text
    cuts = sorted(rng.sample(inner, min(count, len(inner))), reverse=True)
    for i in cuts:
        text = text[:i] + rng.choice(chars) + text[i:]
    return text


def homoglyph(span, rng, ctx, params):
    s = span
    form = params["form"]
    if form == "cyrillic":
        s = _substitute(s, CYRILLIC, rng)
    elif form == "greek":
        s = _substitute(s, GREEK, rng)
    elif form == "fullwidth":
        s = _fullwidth(s)
    elif form == "smallcaps":
        s = "".join(SMALLCAPS.get(c.lower(), c) for c in s)
    elif form and form.startswith("math_"):
        s = _math(s, form[5:])
    if params["insert"] == "zero_width":
        s = _insert(s, ZERO_WIDTH, rng, rng.randint(1, 2))
    elif params["insert"] == "soft_hyphen":
        s = _insert(s, [SOFT_HYPHEN], rng, rng.randint(1, 2))
    if params["strike"]:
        invisible = set(ZERO_WIDTH) | {SOFT_HYPHEN, " "}
        s = "".join(c if c in invisible else c + STRIKE for c in s)
    return s, "+".join(params["tricks"])


def spacing(span, rng, ctx, params):
    tech = params["tag_tech"] if ctx == "tag" else params["text_tech"]
    words = span.split(" ")
    if tech == "runtogether" and len(words) < 2:
        tech = "split"
    if tech == "spaced":
        return "  ".join(" ".join(w) for w in words), tech
    if tech in ("dots", "underscores", "hyphens"):
        sep = {"dots": ".", "underscores": "_", "hyphens": "-"}[tech]
        return (sep * 2 if ctx != "tag" else sep).join(sep.join(w) for w in words), tech
    if tech == "asterisk":
        k = _pick_word_index(words, rng)
        w = words[k]
        idx = [i for i in range(1, len(w)) if w[i] in "aeiou"] or [i for i in range(1, len(w))]
        i = rng.choice(idx)
        words[k] = w[:i] + "*" + w[i + 1:]
        return " ".join(words), tech
    if tech == "runtogether":
        return "".join(words), tech
    if tech in ("split", "split_underscore"):
        k = _pick_word_index(words, rng)
        w = words[k]
        i = rng.randint(1, len(w) - 1)
        words[k] = w[:i] + ("_" if tech == "split_underscore" else " ") + w[i:]
        return " ".join(words), tech
    raise ValueError(tech)


TEXT_SPACING = ["spaced", "dots", "underscores", "hyphens", "asterisk", "runtogether", "split"]
TAG_SPACING = ["underscores", "split_underscore", "asterisk"]
HOMO_FORMS = ["cyrillic", "greek", "fullwidth", "math_bold", "smallcaps", None, "math_sans_bold",
              "cyrillic", "math_monospace", "greek", "math_bold_italic"]
TRANSFORMS = {"misspelling": misspell, "leetspeak": leet, "homoglyph": homoglyph, "spacing": spacing}
MARK = re.compile(r"\{([^{}]+)\}")


def item_params(cls, j, rng):
    """Per-item evasion parameters; j is the item's index within its class (0..34)."""
    if cls == "misspelling":
        return {"edits": 1 + (j % 3 == 2)}
    if cls == "leetspeak":
        return {"mode": "full" if j % 2 == 0 else "partial"}
    if cls == "homoglyph":
        form = HOMO_FORMS[j % len(HOMO_FORMS)]
        insert = ["zero_width", None, "soft_hyphen", None, "zero_width"][j % 5]
        strike = (j % 6 == 5)
        if form is None and insert is None and not strike:
            insert = "zero_width"
        tricks = [t for t in (form, insert, "strike" if strike else None) if t]
        return {"form": form, "insert": insert, "strike": strike, "tricks": tricks}
    if cls == "spacing":
        return {"text_tech": TEXT_SPACING[j % len(TEXT_SPACING)],
                "tag_tech": TAG_SPACING[j % len(TAG_SPACING)]}
    raise ValueError(cls)


def span_ok(cat, cls, key, variant, ctx):
    if variant == key:
        return False
    low = variant.lower()
    if _term_regex(key.lower()).search(low):
        return False
    if ctx == "tag" and key.lower().replace(" ", "") in low:
        return False
    if ctx == "tag" and (" " in variant or "#" in variant):
        return False
    hits = core_hits_tag(cat, variant) if ctx == "tag" else core_hits_text(cat, variant)
    if hits:
        return False
    if cls == "misspelling":
        if not (1 <= osa_distance(key, variant) <= 2):
            return False
        if [w[:1] for w in key.split(" ")] != [w[:1] for w in variant.split(" ")]:
            return False
    if cls == "leetspeak" and not any(c in "0134579@!$" for c in variant):
        return False
    if cls == "homoglyph" and all(ord(c) < 128 for c in variant):
        return False
    return True


def evade(cat, cls, fields, rng, j):
    """fields: dict name -> str (title, caption) plus 'hashtags' -> list. Returns new fields, detail."""
    params = item_params(cls, j, rng)
    fn = TRANSFORMS[cls]
    cache = {}
    details = set()

    def variant(key, ctx):
        ck = (key, ctx)
        if ck not in cache:
            for attempt in range(200):
                p = dict(params)
                if attempt > 20 and cls == "spacing":  # fall back to another technique
                    p["text_tech"] = rng.choice(TEXT_SPACING)
                    p["tag_tech"] = rng.choice(TAG_SPACING)
                v, det = fn(key, rng, ctx, p)
                if span_ok(cat, cls, key, v, ctx):
                    cache[ck] = v
                    details.add(det)
                    break
            else:
                raise SystemExit("could not evade %r (%s/%s)" % (key, cat, cls))
        return cache[ck]

    out = {}
    for name in ("title", "caption"):
        out[name] = MARK.sub(lambda m: variant(m.group(1), "text"), fields[name])
    out["hashtags"] = [MARK.sub(lambda m: variant(m.group(1), "tag"), h) for h in fields["hashtags"]]
    return out, sorted(details), len(cache)


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------
def build():
    records = []
    nh = 0
    class_index = {c: 0 for c in HARM_CLASSES}
    neutral = iter(NEUTRAL)
    conf_rng = random.Random("%d:confidence" % SEED)
    for cat in CATEGORIES:
        expect = "block" if cat in BLOCK else "limit"
        for cls in HARM_CLASSES:
            for n in range(PER_CELL):
                nh += 1
                rid = "hb%04d" % nh
                j = class_index[cls]
                class_index[cls] += 1
                labels = []
                if cls == "label_only":
                    title, caption, tags = next(neutral)
                    spelled = LABEL_SPELLINGS[cat][n]
                    labels = [{"category": spelled,
                               "confidence": round(conf_rng.uniform(0.60, 0.99), 2)}]
                    note = ("neutral text; the only signal is one upstream label '%s' "
                            "(platform-style spelling of %s)" % (spelled, cat))
                    title, caption = expand(title), expand(caption)
                else:
                    title, caption, tags, base_note = H[cat][cls][n]
                    title, caption = expand(title), expand(caption)
                    if cls in MECHANICAL:
                        rng = random.Random("%d:%s" % (SEED, rid))
                        out, det, nkeys = evade(cat, cls, {"title": title, "caption": caption,
                                                           "hashtags": tags}, rng, j)
                        title, caption, tags = out["title"], out["caption"], out["hashtags"]
                        note = "%s (%s) of %d marked term(s); base: %s" % (
                            cls, ", ".join(det), nkeys, base_note)
                    else:
                        if MARK.search(title + caption + " ".join(tags)):
                            raise SystemExit("stray mark in %s" % rid)
                        note = "%s; %s" % (cls, base_note)
                records.append({"id": rid, "title": title, "caption": caption, "hashtags": list(tags),
                                "labels": labels, "expect": expect, "category": cat, "class": cls,
                                "note": note})
    na = 0
    for cls in ALLOW_CLASSES:
        for title, caption, tags, note in A[cls]:
            na += 1
            records.append({"id": "ha%04d" % na, "title": expand(title), "caption": expand(caption),
                            "hashtags": list(tags), "labels": [], "expect": "allow", "category": None,
                            "class": cls, "note": "%s; %s" % (cls, note)})
    return records


# ---------------------------------------------------------------------------
# Validate (reads the written file back)
# ---------------------------------------------------------------------------
LABEL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_./:\-]*$")
URL = re.compile(r"https?://|www\.|\.(com|net|org|co\.uk|ly)\b", re.I)
HANDLE = re.compile(r"(^|\s)@[A-Za-z0-9_]{2,}")


def is_emoji(c):
    o = ord(c)
    return 0x1F000 <= o <= 0x1FAFF or 0x2600 <= o <= 0x27BF or 0x2B00 <= o <= 0x2BFF or 0x2300 <= o <= 0x23FF


def norm(s):
    """Case- and ASCII-punctuation-insensitive form; keeps emoji and other non-ASCII."""
    return re.sub(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+", " ", s.lower()).strip()


def validate(path):
    errors = []
    rows = []

    def err(rid, msg):
        errors.append("%s: %s" % (rid, msg))

    def hook(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key in object: %r" % keys)
        return dict(pairs)

    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            try:
                obj = json.loads(line, object_pairs_hook=hook)
            except ValueError as e:
                errors.append("line %d: bad JSON: %s" % (ln, e))
                continue
            rows.append(obj)

    ids = set()
    captions = {}
    texts = {}
    cells = {}
    allow_counts = {}
    for obj in rows:
        rid = obj.get("id", "?")
        if list(obj.keys()) != KEYS:
            err(rid, "key order %r" % list(obj.keys()))
            continue
        if rid in ids:
            err(rid, "duplicate id")
        ids.add(rid)
        title, caption, tags, labels = obj["title"], obj["caption"], obj["hashtags"], obj["labels"]
        exp, cat, cls = obj["expect"], obj["category"], obj["class"]
        if not isinstance(title, str) or not (1 <= len(title) <= 60):
            err(rid, "title missing or too long")
        if not isinstance(caption, str) or not (1 <= len(caption) < 200):
            err(rid, "caption missing or >= 200 chars (%d)" % len(caption))
        if not isinstance(tags, list) or len(tags) > 10:
            err(rid, "hashtags must be a list of at most 10")
            tags = []
        for h in tags:
            if not isinstance(h, str) or not h or "#" in h or any(c.isspace() for c in h) or len(h) > 100:
                err(rid, "bad hashtag %r" % h)
        if not isinstance(obj["note"], str) or not obj["note"]:
            err(rid, "empty note")
        blob = " ".join([title, caption] + tags)
        if URL.search(blob):
            err(rid, "looks like a URL")
        if cls != "leetspeak" and HANDLE.search(blob):
            err(rid, "looks like an @handle")
        if MARK.search(blob) or SHORTCODE.search(blob):
            err(rid, "unexpanded mark or shortcode")
        # ids, expect, category, class
        if rid.startswith("hb"):
            if not re.fullmatch(r"hb\d{4}", rid):
                err(rid, "bad id")
            if cat not in CATEGORIES:
                err(rid, "bad category %r" % cat)
                continue
            if exp != ("block" if cat in BLOCK else "limit"):
                err(rid, "expect %r does not match category %s" % (exp, cat))
            if cls not in HARM_CLASSES:
                err(rid, "bad class %r" % cls)
                continue
            cells[(cat, cls)] = cells.get((cat, cls), 0) + 1
        elif rid.startswith("ha"):
            if not re.fullmatch(r"ha\d{4}", rid):
                err(rid, "bad id")
            if exp != "allow" or cat is not None:
                err(rid, "allow items need expect=allow and category=null")
            if cls not in ALLOW_CLASSES:
                err(rid, "bad class %r" % cls)
                continue
            allow_counts[cls] = allow_counts.get(cls, 0) + 1
        else:
            err(rid, "id prefix must be hb or ha")
            continue
        # labels
        if cls == "label_only":
            if not isinstance(labels, list) or len(labels) != 1:
                err(rid, "label_only needs exactly one label")
            else:
                lab = labels[0]
                if list(lab.keys()) != ["category", "confidence"]:
                    err(rid, "label keys %r" % list(lab.keys()))
                elif not isinstance(lab["category"], str) or not LABEL_NAME.match(lab["category"]):
                    err(rid, "label category %r" % lab["category"])
                elif lab["category"].lower() in CATEGORIES:
                    err(rid, "label spelled exactly like the canonical id")
                elif isinstance(lab["confidence"], bool) or not isinstance(lab["confidence"], float) \
                        or not (0.60 <= lab["confidence"] <= 0.99):
                    err(rid, "label confidence %r" % lab["confidence"])
            for c2 in CATEGORIES:
                if core_hits_item(c2, title, caption, tags):
                    err(rid, "label_only text is not neutral (%s)" % c2)
        elif labels != []:
            err(rid, "labels must be [] outside label_only")
        # harm-word checks
        if rid.startswith("hb"):
            hits = core_hits_item(cat, title, caption, tags)
            if cls in MECHANICAL and hits:
                err(rid, "mechanical item still contains plain term(s) %r" % hits)
            if cls == "plain" and not hits:
                err(rid, "plain item has no plain harmful term")
            if cls == "homoglyph" and all(ord(c) < 128 for c in blob):
                err(rid, "homoglyph item is pure ASCII")
            if cls == "emoji" and not any(is_emoji(c) for c in blob):
                err(rid, "emoji item has no emoji")
        # duplicates
        nc = norm(caption)
        if nc in captions:
            err(rid, "duplicate caption with %s" % captions[nc])
        captions[nc] = rid
        nt = norm(title + " | " + caption + " | " + " ".join(tags))
        if nt in texts:
            err(rid, "duplicate text with %s" % texts[nt])
        texts[nt] = rid

    for cat in CATEGORIES:
        for cls in HARM_CLASSES:
            if cells.get((cat, cls), 0) != PER_CELL:
                errors.append("count %s x %s = %d, want %d" % (cat, cls, cells.get((cat, cls), 0), PER_CELL))
    for cls in ALLOW_CLASSES:
        if allow_counts.get(cls, 0) != PER_ALLOW_CLASS:
            errors.append("count allow %s = %d, want %d" % (cls, allow_counts.get(cls, 0), PER_ALLOW_CLASS))
    # ids must be consecutive
    hb = sorted(i for i in ids if i.startswith("hb"))
    ha = sorted(i for i in ids if i.startswith("ha"))
    if hb != ["hb%04d" % i for i in range(1, len(hb) + 1)] or ha != ["ha%04d" % i for i in range(1, len(ha) + 1)]:
        errors.append("ids are not consecutive")
    return rows, cells, allow_counts, errors


def counts_table(rows, cells, allow_counts):
    lines = []
    w = max(len(c) for c in CATEGORIES) + 2
    head = "category".ljust(w) + "expect ".ljust(8) + "".join(c[:11].rjust(12) for c in HARM_CLASSES) + "total".rjust(7)
    lines.append(head)
    lines.append("-" * len(head))
    col = {c: 0 for c in HARM_CLASSES}
    for cat in CATEGORIES:
        row = [cells.get((cat, c), 0) for c in HARM_CLASSES]
        for c, v in zip(HARM_CLASSES, row):
            col[c] += v
        lines.append(cat.ljust(w) + ("block" if cat in BLOCK else "limit").ljust(8)
                     + "".join(str(v).rjust(12) for v in row) + str(sum(row)).rjust(7))
    lines.append("-" * len(head))
    lines.append("harmful".ljust(w) + "".ljust(8) + "".join(str(col[c]).rjust(12) for c in HARM_CLASSES)
                 + str(sum(col.values())).rjust(7))
    lines.append("")
    lines.append("allow (expect=allow, category=null)")
    for c in ALLOW_CLASSES:
        lines.append("  " + c.ljust(16) + str(allow_counts.get(c, 0)).rjust(4))
    lines.append("  " + "total".ljust(16) + str(sum(allow_counts.values())).rjust(4))
    lines.append("")
    by_exp = {}
    for r in rows:
        by_exp[r["expect"]] = by_exp.get(r["expect"], 0) + 1
    lines.append("by expect: " + ", ".join("%s=%d" % (k, by_exp.get(k, 0)) for k in ("block", "limit", "allow"))
                 + "; all items=%d" % len(rows))
    return "\n".join(lines)


def main():
    with open(os.path.abspath(__file__), "rb") as f:
        if any(b > 127 for b in f.read()):
            raise SystemExit("make_holdout.py must stay pure ASCII (use escapes)")
    records = build()
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    rows, cells, allow_counts, errors = validate(OUT)
    if errors:
        print("VALIDATION FAILED (%d problems):" % len(errors), file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("wrote %s (%d items), validation OK" % (os.path.relpath(OUT), len(rows)))
    print()
    print(counts_table(rows, cells, allow_counts))


if __name__ == "__main__":
    main()
