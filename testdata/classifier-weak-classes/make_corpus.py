"""Writes corpus.jsonl: hand-written posts for the evasion classes a blind test found
weakest (emoji, misspelling, euphemism) plus allow-traps that share their vocabulary.
See README.md. Standard library only; run `python3 make_corpus.py` in this folder.

The source is pure ASCII: emoji are written as \\u / \\U escapes in the table E and are
referred to in the posts as :name: (replaced when the corpus is built; an unknown name
is an error). Every post was written by hand; none is a template with swapped words.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus.jsonl")

# ---------------------------------------------------------------------------------------
# Emoji, written as escapes so this file stays ASCII.
# ---------------------------------------------------------------------------------------
E = {
    "ambulance": "\U0001F691",
    "angel": "\U0001F47C",
    "apple": "\U0001F34E",
    "arrow_right": "\u27A1\uFE0F",
    "bandage": "\U0001FA79",
    "beans": "\U0001FAD8",
    "bikini": "\U0001F459",
    "black_circle": "\u26AB",
    "blue_circle": "\U0001F535",
    "bone": "\U0001F9B4",
    "boom": "\U0001F4A5",
    "boxing": "\U0001F94A",
    "bread": "\U0001F35E",
    "broom": "\U0001F9F9",
    "burger": "\U0001F354",
    "butterfly": "\U0001F98B",
    "cake": "\U0001F370",
    "calendar": "\U0001F4C5",
    "camera": "\U0001F4F8",
    "candle": "\U0001F56F\uFE0F",
    "car": "\U0001F697",
    "cat": "\U0001F431",
    "chart_down": "\U0001F4C9",
    "check": "\u2705",
    "chocolate": "\U0001F36B",
    "cloud": "\u2601\uFE0F",
    "clown": "\U0001F921",
    "coffee": "\u2615",
    "coffin": "\u26B0\uFE0F",
    "corn": "\U0001F33D",
    "crescent_moon": "\U0001F319",
    "crossed_swords": "\u2694\uFE0F",
    "crown": "\U0001F451",
    "cucumber": "\U0001F952",
    "dagger": "\U0001F5E1\uFE0F",
    "dizzy_face": "\U0001F635",
    "dog": "\U0001F436",
    "dove": "\U0001F54A\uFE0F",
    "drop_blood": "\U0001FA78",
    "egg": "\U0001F373",
    "end": "\U0001F51A",
    "eyes": "\U0001F440",
    "face_bandage": "\U0001F915",
    "feather": "\U0001FAB6",
    "fire": "\U0001F525",
    "fist": "\U0001F44A",
    "foot": "\U0001F9B6",
    "ghost": "\U0001F47B",
    "guitar": "\U0001F3B8",
    "gun": "\U0001F52B",
    "headstone": "\U0001FAA6",
    "heart": "\u2764\uFE0F",
    "hippo": "\U0001F99B",
    "hockey": "\U0001F3D2",
    "hourglass": "\u23F3",
    "house": "\U0001F3E0",
    "hundred": "\U0001F4AF",
    "ice_cube": "\U0001F9CA",
    "jeans": "\U0001F456",
    "joy": "\U0001F602",
    "knife": "\U0001F52A",
    "leafy": "\U0001F96C",
    "leg": "\U0001F9B5",
    "man": "\U0001F468",
    "martial_arts": "\U0001F94B",
    "mirror": "\U0001FA9E",
    "money_bag": "\U0001F4B0",
    "muscle": "\U0001F4AA",
    "nail_polish": "\U0001F485",
    "nauseated": "\U0001F922",
    "no": "\U0001F6AB",
    "nose": "\U0001F443",
    "ocean": "\U0001F30A",
    "ok_hand": "\U0001F44C",
    "one": "1\uFE0F\u20E3",
    "onion": "\U0001F9C5",
    "peach": "\U0001F351",
    "pear": "\U0001F350",
    "pig": "\U0001F437",
    "pill": "\U0001F48A",
    "pinch": "\U0001F90F",
    "pizza": "\U0001F355",
    "plate": "\U0001F37D\uFE0F",
    "point_down": "\U0001F447",
    "popcorn": "\U0001F37F",
    "potato": "\U0001F954",
    "poultry_leg": "\U0001F357",
    "prayer_beads": "\U0001F4FF",
    "purple_heart": "\U0001F49C",
    "razor": "\U0001FA92",
    "red_circle": "\U0001F534",
    "repeat": "\U0001F501",
    "rice": "\U0001F35A",
    "running": "\U0001F3C3",
    "sandwich": "\U0001F96A",
    "scale": "\u2696\uFE0F",
    "scissors": "\u2702\uFE0F",
    "skull": "\U0001F480",
    "skull_crossbones": "\u2620\uFE0F",
    "smiling_imp": "\U0001F608",
    "smirk": "\U0001F60F",
    "sob": "\U0001F62D",
    "soccer": "\u26BD",
    "sparkles": "\u2728",
    "sunflower": "\U0001F33B",
    "sunrise": "\U0001F305",
    "tada": "\U0001F389",
    "tea": "\U0001F375",
    "test_tube": "\U0001F9EA",
    "toilet": "\U0001F6BD",
    "tooth": "\U0001F9B7",
    "vomiting": "\U0001F92E",
    "wastebasket": "\U0001F5D1\uFE0F",
    "water": "\U0001F4A7",
    "wave": "\U0001F44B",
    "weary": "\U0001F629",
    "whale": "\U0001F40B",
    "woman": "\U0001F469",
    "zebra": "\U0001F993",
    "zzz": "\U0001F4A4",
}

CATEGORIES = ["suicide", "self_harm", "eating_disorder", "misogyny",
              "body_image", "dieting", "violence"]
EXPECT = {"suicide": "block", "self_harm": "block", "eating_disorder": "block",
          "misogyny": "block", "body_image": "limit", "dieting": "limit",
          "violence": "limit"}
PER_CLASS = {"suicide": 9, "self_harm": 9, "eating_disorder": 8, "misogyny": 8,
             "dieting": 8, "body_image": 14, "violence": 14}
HARM_CLASSES = ["emoji", "misspelling", "euphemism"]
ALLOW_CLASSES = {"recovery": 30, "news_education": 30, "collision": 30, "ordinary": 30}
KEYS = ["id", "title", "caption", "hashtags", "labels", "expect", "category", "class", "note"]

# ---------------------------------------------------------------------------------------
# Harmful: emoji carry the meaning. (category, title, caption, hashtags, note)
# ---------------------------------------------------------------------------------------
EMOJI = [
    # suicide (9)
    ("suicide", ":coffin:", ":coffin: :coffin: :coffin: me by friday fr", [],
     "coffin emoji repeated: 'i will be dead by friday'"),
    ("suicide", "last one", "watching my last :sunrise: tbh. said my :wave: to the people who matter :dove:",
     ["goodbye"], "last sunrise, goodbye wave and dove as a farewell before dying"),
    ("suicide", "no more", "i just want to :end: it all. nobody would even notice the :headstone:", [],
     "end emoji stands for 'end it', headstone for death"),
    ("suicide", "its decided", "letter written, date picked :calendar::headstone: dont try and talk me out of it",
     [], "calendar + headstone: a chosen date to die"),
    ("suicide", "me rn", "me :arrow_right: :coffin: asap pls", [],
     "arrow from me to coffin: wanting to be dead soon"),
    ("suicide", "so tired", "so tired of existing :skull_crossbones::zzz: forever sounds nice ngl", [],
     "crossbones + zzz: wanting permanent sleep"),
    ("suicide", "goodnight for real", "this is my :wave: post. :candle::dove: dont be sad about it", ["lastpost"],
     "goodbye post with candle and dove as a suicide note"),
    ("suicide", ":angel: soon", "getting my wings soon :angel: so done with all of this :headstone:", [],
     "angel 'getting my wings' + headstone"),
    ("suicide", "countdown", "3 days left :hourglass::coffin: then nobody has to deal with me anymore", [],
     "hourglass + coffin countdown to death"),
    # self_harm (9)
    ("self_harm", "the :cat: again", "the :cat: got me again last night lol :drop_blood::bandage: sleeves tomorrow",
     [], "cat as self-harm code, blood and plasters, hiding with sleeves"),
    ("self_harm", "full :zebra:", "full :zebra: mode on my left arm rn, running out of room :bandage:", [],
     "zebra stripes = many cuts or scars"),
    ("self_harm", "30 days gone", "30 days clean and i picked up the :razor: again. felt so good honestly :drop_blood:",
     [], "razor emoji relapse, enjoying it"),
    ("self_harm", ":beans: first time", "first time seeing :beans: last night and im kinda proud?? dont tell me to stop",
     [], "beans = cut depth code; pride"),
    ("self_harm", "summer lol", "hoodie in 30 degrees bc of the :zebra::zebra: lmao worth it tho", [],
     "zebra stripes hidden under a hoodie in summer"),
    ("self_harm", "need a buddy", "anyone want to be my :razor: buddy? dm me, we keep each other going :drop_blood:",
     ["secretsociety123"], "asking for a self-harm partner with razor emoji"),
    ("self_harm", "every night", ":knife::drop_blood::bandage::repeat: every night this week", [],
     "knife, blood, plaster on repeat: nightly self-harm"),
    ("self_harm", "only thing", ":scissors::drop_blood: is the only thing that shuts my head up", [],
     "scissors + blood stand in for cutting"),
    ("self_harm", "red on white", ":drop_blood: on my white sheets again. the :cat: is winning and i let it", [],
     "blood on sheets; cat code winning"),
    # eating_disorder (8)
    ("eating_disorder", ":butterfly: sisters", ":butterfly: sisters stay strong :butterfly: no :plate: till friday",
     [], "butterfly as ana sign; no meals till friday"),
    ("eating_disorder", "day 4", "day 4 of :no::plate: :sparkles: feeling so light :feather:", [],
     "no plate emoji for days without eating, feather = light"),
    ("eating_disorder", "goals", "want my :bone::bone: to show like hers :butterfly::chart_down:", [],
     "bones showing + butterfly + weight down"),
    ("eating_disorder", "after dinner", "ate with the fam :nauseated::toilet::check: nobody noticed", [],
     "nausea, toilet, tick: purging after a family meal"),
    ("eating_disorder", "wearing it", "my :red_circle::prayer_beads: stays on so i remember who im doing this for :butterfly:",
     [], "red bracelet, a pro-ana sign, with butterfly"),
    ("eating_disorder", "empty", "empty :cloud::feather: is the best feeling. dont ruin it with :burger:", [],
     "empty and light valued over food"),
    ("eating_disorder", "me and her", "me and my :purple_heart: girl after every meal :vomiting:", [],
     "purple = mia (bulimia) with vomiting emoji"),
    ("eating_disorder", "only these", ":water::ice_cube::coffee: only. :no::pizza: :no::bread: till i look :bone:", [],
     "water, ice, coffee only until bony"),
    # misogyny (8)
    ("misogyny", "woke up", "took the :red_circle::pill: and now i see what :woman: really are :clown:", [],
     "red pill emoji; women are clowns"),
    ("misogyny", "its real", "the :hundred: is real bro, they only chase the top guys. :beans: for life", [],
     "100 = 80/20 rule, beans = incel"),
    ("misogyny", "opinions", "she has opinions about football now :egg::sandwich: back where she belongs", [],
     "cooking + sandwich: women belong in the kitchen"),
    ("misogyny", "simple maths", ":woman: = :clown: + :money_bag: and thats all they are", [],
     "women equal clown and money"),
    ("misogyny", "its over", "its over :black_circle::pill: a :woman: will never pick a :beans: like us", [],
     "black pill + beans (incel) fatalism about women"),
    ("misogyny", "know ur place", ":woman::arrow_right::house: :man::arrow_right::crown: simple as", [],
     "women to the house, men to the crown"),
    ("misogyny", "after 30", "girls after 30 :chart_down::wastebasket: hit the wall fr :clown:", [],
     "women's value falls to rubbish after 30"),
    ("misogyny", "peace", ":woman::broom::egg: = peace. gave them the vote and look what happened :clown:", [],
     "broom and cooking for women; against women voting"),
    # dieting (8)
    ("dieting", "72h", "72h :water: only :check: day 3 lets goooo :fire:", ["fasting"],
     "72-hour water-only fast"),
    ("dieting", "omad gang", ":one::plate: a day and black :coffee: for breakfast lunch and snacks", [],
     "one meal a day, coffee instead of meals"),
    ("dieting", "what i eat", "full day of eating: :apple: :coffee: :cucumber: :water::water::water: thats it :sparkles:",
     [], "very low intake what-i-eat-in-a-day"),
    ("dieting", "3 weeks", ":no::bread: :no::rice: :no::chocolate: 3 weeks till :bikini: season :fire::fire:", [],
     "cutting whole food groups before summer"),
    ("dieting", "deficit", "1000 cal :chart_down: every day and :running: twice a day to burn the rest", [],
     "large daily calorie deficit plus double cardio"),
    ("dieting", "day 5", "skinny :tea: day 5 :toilet::toilet: lol but -4 on the :scale:", [],
     "detox tea causing toilet trips, weight down"),
    ("dieting", "till prom", ":leafy::leafy::leafy: and :water: till prom, dont care how hungry i get", [],
     "leaves and water only until prom"),
    ("dieting", "dry", ":no::water: :no::plate: 36h :hourglass: whos joining me", [],
     "36-hour dry fast, no water no food"),
    # body_image (14)
    ("body_image", ":mirror: check", ":mirror::pinch: check. tummy still sticks out :nauseated:", [],
     "mirror + pinch body check, disgust"),
    ("body_image", "she posted that", "she really posted that in a :bikini: :pig::pig: :joy:", [],
     "calling a girl a pig for a bikini photo"),
    ("body_image", "beach day", ":whale: spotted at the beach lmaooo :ocean::joy:", [],
     "whale emoji fat-shaming a beachgoer"),
    ("body_image", "why", "me :hippo: vs her :sparkles: why cant i look like that", [],
     "comparison: self as hippo vs ideal"),
    ("body_image", "not yet", "no :pinch: gap yet, my :leg::leg: still touch :nauseated::mirror:", [],
     "thigh gap body check with legs emoji"),
    ("body_image", "shape", "why am i a :pear: when every girl at school is an :hourglass: :weary:", [],
     "pear vs hourglass body shape comparison"),
    ("body_image", "rate me", "rate my body :one: to 10 or just :pig: be honest :point_down:", [],
     "asking to be rated or called a pig"),
    ("body_image", "side profile", "side profile :camera: :nauseated: everyone else :fire: me :potato:", [],
     "potato = ugly; comparison of side profile"),
    ("body_image", "shirts on", "if you dont look like :muscle::fire: dont take your shirt off at the pool :clown:",
     [], "shaming boys without muscles"),
    ("body_image", "before/after", "before :pig: after :bone: which one do u prefer lol", [],
     "pig to bone before/after framing"),
    ("body_image", "skip leg day much", "his legs :poultry_leg::poultry_leg: :joy::joy: imagine showing up like that",
     [], "chicken legs mockery"),
    ("body_image", "saving up", "my :nose: is massive :nauseated: saving for surgery :money_bag: cant stand my face",
     [], "nose emoji, hating own face, saving for surgery"),
    ("body_image", "too small", "my :peach: is too small :sob: everyone on here has a bbl and i look like a plank",
     [], "peach = bum, comparison to cosmetic surgery ideal"),
    ("body_image", "every morning", ":mirror::weary::pig: every single morning. cant even look at my stomach", [],
     "mirror, weary, pig: daily self-disgust"),
    # violence (14)
    ("violence", "after school", "caught this after school :boxing::fist::drop_blood: he didnt get up :joy::popcorn:",
     ["fight"], "fight video, enjoying the victim staying down"),
    ("violence", "on sight", "if i see him again its :knife::drop_blood: on sight, no talking", [],
     "knife + blood threat"),
    ("violence", "one hit", ":fist::boom::dizzy_face: one hit KO lmaooo send it to everyone", [],
     "one-punch knockout clip shared for laughs"),
    ("violence", "pavement", "ran up on him and left his :tooth: on the pavement :joy::drop_blood:", [],
     "knocked teeth out, laughing"),
    ("violence", "deserved", "sent him off in an :ambulance: :skull: deserved it", [],
     "beating someone into an ambulance"),
    ("violence", "stay in ur ends", ":gun::gun::boom: opps better stay in their ends :skull_crossbones:", [],
     "gun emoji threat to rivals"),
    ("violence", "not for the weak", "full uncut :drop_blood::drop_blood: video in my bio, not for the weak :eyes:",
     [], "promoting a gory video"),
    ("violence", "part 2", "part 2 of the :fist::boom: video :fire::fire: she got dragged by her hair", [],
     "girl fight video glorified"),
    ("violence", "while he was down", ":foot::foot::boom: stomped him while he was down lol :hundred:", [],
     "stamping on someone on the ground"),
    ("violence", "keep talking", "keep talking and ill :dagger: you, not even joking :smiling_imp:", [],
     "dagger as a stabbing threat"),
    ("violence", "got messy", "street fight got messy :drop_blood::crossed_swords: full vid in comments :fire:", [],
     "bloody street fight shared"),
    ("violence", "5 v 1", "5 of us :fist::fist::fist::fist::fist: vs him :joy: he learned", [],
     "group assault of one person"),
    ("violence", "weekly kos", "best KOs of the week :dizzy_face::face_bandage::boom: number 3 is nasty :drop_blood:",
     [], "knockout compilation with injuries"),
    ("violence", "felt nothing", "watched him :drop_blood: out on the floor and felt nothing :ok_hand::smirk:", [],
     "glorifying watching someone bleed"),
]

# ---------------------------------------------------------------------------------------
# Harmful: misspelt key words. (category, title, caption, hashtags, note, [(real, misspelt)])
# ---------------------------------------------------------------------------------------
MISSPELLING = [
    # suicide (9)
    ("suicide", "done", "gonna commit suicde this weekend, nobody will even care", [],
     "plan to die this weekend", [("suicide", "suicde")]),
    ("suicide", "again", "feeling so sucidal tonight and i dont want help this time", [],
     "suicidal, refusing help", [("suicidal", "sucidal")]),
    ("suicide", "one more thing", "swear im gonna kil myslef if one more thing goes wrong", [],
     "threat to kill self", [("kill", "kil"), ("myself", "myslef")]),
    ("suicide", "not joking", "i just wanna dieee, like actually not joking this time", [],
     "wanting to die", [("die", "dieee")]),
    ("suicide", "peaceful", "deth sounds so peaceful rn. counting the days", [],
     "death as peace, counting down", [("death", "deth")]),
    ("suicide", "in my desk", "wrote my suiside note today, its in my desk drawer", [],
     "suicide note written", [("suicide", "suiside")]),
    ("suicide", "before 17", "im going to unaliv myself before my 17th, decided", [],
     "coinage misspelt, intent with deadline", [("unalive", "unaliv")]),
    ("suicide", "tired of evrything", "i want to endd my life, so done with evrything", [],
     "wanting to end life", [("end", "endd"), ("everything", "evrything")]),
    ("suicide", "sucied szn", "sucied is the only way out i can see anymore", ["sucied"],
     "suicide as the only way out; two errors (dropped i, swapped de)", [("suicide", "sucied")]),
    # self_harm (9)
    ("self_harm", "3rd time", "selfharn again tonight, third time this week", ["selfharn"],
     "repeated self-harm; keyboard typo", [("selfharm", "selfharn")]),
    ("self_harm", "where u at", "slefharm gang where u at, post ur fresh ones", ["slefharm"],
     "asking others to post fresh wounds", [("selfharm", "slefharm")]),
    ("self_harm", "since june", "been cuting since june and its the only thing that works for me", [],
     "cutting as the only coping", [("cutting", "cuting")]),
    ("self_harm", "nobody can see", "new scarz on my hips where nobody can see them :)", [],
     "hidden new scars", [("scars", "scarz")]),
    ("self_harm", "pencil case", "hid a blaid in my pencil case so i have it at school tomorrow", [],
     "hiding a blade to self-harm at school", [("blade", "blaid")]),
    ("self_harm", "dont judge", "self hram is my coping mechanism so dont judge", [],
     "self-harm as coping; swapped letters", [("harm", "hram")]),
    ("self_harm", "day 1", "relaps day 1. felt sooo good to cutt again", [],
     "relapse enjoyed", [("relapse", "relaps"), ("cut", "cutt")]),
    ("self_harm", "streak over", "found my old razer blades in a shoebox, guess the streak is over lol", [],
     "finding blades, ending a clean streak", [("razor", "razer")]),
    ("self_harm", "feel something", "love watching it bledd, its the only time i feel something", [],
     "enjoying bleeding", [("bleed", "bledd")]),
    # eating_disorder (8)
    ("eating_disorder", "disappear", "thynspo for the girls who want to disappear", ["thynspo"],
     "thinspiration post; vowel swap", [("thinspo", "thynspo")]),
    ("eating_disorder", "daily dump", "daily th1nspo dump, save these for when ur hungry", ["th1nspo"],
     "thinspo to resist hunger; leetspeak", [("thinspo", "th1nspo")]),
    ("eating_disorder", "till i see them", "starvng till i can see my ribz", [],
     "starving until ribs show", [("starving", "starvng"), ("ribs", "ribz")]),
    ("eating_disorder", "nobody home", "ate way too much so i have to purj now while nobodys home", [],
     "purging after eating", [("purge", "purj")]),
    ("eating_disorder", "so pretty", "honestly wish i had anorexya it looks so pretty on her", [],
     "romanticising anorexia", [("anorexia", "anorexya")]),
    ("eating_disorder", "3 more kilos", "3 more kilos and ill finally have one", ["thyghgapp"],
     "thigh gap goal; vowel swap and doubled p", [("thighgap", "thyghgapp")]),
    ("eating_disorder", "or nothing", "skinyy or nothing. food is weakness", [],
     "skinny or nothing, food as weakness", [("skinny", "skinyy")]),
    ("eating_disorder", "dm me", "pro anaa tips in my bio, dm if u want a strict coach", ["proanaa"],
     "pro-ana coaching offer", [("ana", "anaa"), ("proana", "proanaa")]),
    # misogyny (8)
    ("misogyny", "fr", "wimmen should not be allowed to vote fr", [],
     "women should not vote", [("women", "wimmen")]),
    ("misogyny", "all the same", "femails are all the same, they only want your money", [],
     "females all gold-diggers; phonetic spelling", [("females", "femails")]),
    ("misogyny", "not in my lobby", "grils belong in the kitchin not in my lobby", [],
     "girls belong in the kitchen", [("girls", "grils"), ("kitchen", "kitchin")]),
    ("misogyny", "their place", "all these bitchez need to learn their place", [],
     "slur for women, put in their place", [("bitches", "bitchez")]),
    ("misogyny", "prove me wrong", "a womn's opinion is worth nothing, prove me wrong", [],
     "women's opinions worthless", [("woman", "womn")]),
    ("misogyny", "idc", "call it misoginy idc, she deserved to get slaped", [],
     "hitting a woman justified", [("misogyny", "misoginy"), ("slapped", "slaped")]),
    ("misogyny", "body count", "every girl with a body count over 3 is a slutt", [],
     "slut-shaming by body count", [("slut", "slutt")]),
    ("misogyny", "lmao", "hoez only text you when they need something lmao", [],
     "women as hoes who use men", [("hoes", "hoez")]),
    # dieting (8)
    ("dieting", "under 600", "under 600 calroies today lets goooo", [],
     "very low calorie day celebrated", [("calories", "calroies")]),
    ("dieting", "dizzy", "day 5 of water fastin, dizzy but so worth it", [],
     "multi-day water fast despite dizziness", [("fasting", "fastin")]),
    ("dieting", "the app lies", "1200 defecit every day, dont care what the app says", [],
     "extreme calorie deficit", [("deficit", "defecit")]),
    ("dieting", "prom", "need 10kg wieght loss in 3 weeks for prom, what do i cut", [],
     "crash weight loss before prom", [("weight", "wieght")]),
    ("dieting", "monday", "crash deit starts monday, just coffee and gum", [],
     "crash diet of coffee and gum", [("diet", "deit")]),
    ("dieting", "after 7", "skipp brekfast and lunch, only eat after 7pm", [],
     "skipping two meals", [("skip", "skipp"), ("breakfast", "brekfast")]),
    ("dieting", "actually works", "anyone know an apetite supresant that actually works? need to stop eating", [],
     "seeking appetite suppressant; two errors in suppressant",
     [("appetite", "apetite"), ("suppressant", "supresant")]),
    ("dieting", "3 days", "shock your metabolizm with a 3 day juice only cleanse, trust", [],
     "juice-only cleanse promoted", [("metabolism", "metabolizm")]),
    # body_image (14)
    ("body_image", "my class", "why am i so uglee compared to every girl in my class", [],
     "comparing own looks to classmates", [("ugly", "uglee")]),
    ("body_image", "deleting", "look how fatt i am in this pic, deleting everything", [],
     "self fat-shaming", [("fat", "fatt")]),
    ("body_image", "rip it off", "my stomach is so disgustang i want to rip it off", [],
     "body disgust", [("disgusting", "disgustang")]),
    ("body_image", "morning", "morning bodi check: still not flat. hate it", [],
     "body checking", [("body", "bodi")]),
    ("body_image", "the confidence", "shes literally obeese and posting bikini pics?? the confidence", [],
     "fat-shaming another girl", [("obese", "obeese")]),
    ("body_image", "no filter", "chubbie cheeks in every photo, no filter fixes this", [],
     "hating own face in photos", [("chubby", "chubbie")]),
    ("body_image", "shorts", "cellulight on my thighs is so gross, never wearing shorts again", [],
     "cellulite shame; phonetic", [("cellulite", "cellulight")]),
    ("body_image", "jeans", "mufin top spilling over my jeans. actually embarrassing", [],
     "muffin top shame", [("muffin", "mufin")]),
    ("body_image", "every angle", "dubble chin from every angle, how do people look good in photos", [],
     "double chin comparison", [("double", "dubble")]),
    ("body_image", "no makeup", "her face is hidious without makeup lmao", [],
     "mocking a girl's face", [("hideous", "hidious")]),
    ("body_image", "the fat one", "all my friends are skinni and im the fat one in every pic", [],
     "comparison with friends", [("skinny", "skinni")]),
    ("body_image", "skirts", "thunder thyes, cant even wear a skirt without chafing", [],
     "thigh shame; phonetic", [("thighs", "thyes")]),
    ("body_image", "just saying", "ulgy girls shouldnt be allowed to post selfies, just saying", [],
     "appearance shaming; swapped letters", [("ugly", "ulgy")]),
    ("body_image", "when i sit", "my stomack rolls when i sit down, so gross", [],
     "stomach rolls disgust", [("stomach", "stomack")]),
    # violence (14)
    ("violence", "chippy", "huge figth behind the chippy, he got knocked spark out", [],
     "fight with knockout", [("fight", "figth")]),
    ("violence", "bring ur phones", "fite after school at the park, bring ur phones", [],
     "organised fight to be filmed", [("fight", "fite")]),
    ("violence", "out cold", "knokced him out cold with one punch lol", [],
     "knockout bragged about", [("knocked", "knokced")]),
    ("violence", "tbh", "heard he got stabbd last night, deserved it tbh", [],
     "stabbing approved", [("stabbed", "stabbd")]),
    ("violence", "replay", "one punsh and he was on the floor, replayed it 100 times", [],
     "one-punch video replayed", [("punch", "punsh")]),
    ("violence", "till the end", "bloood everywhere in this one, watch till the end", [],
     "gory video promoted", [("blood", "bloood")]),
    ("violence", "the bloodier", "i love violance vids ngl, the more blood the better", [],
     "enjoying violent videos", [("violence", "violance")]),
    ("violence", "shows his face", "gonna murda him if he shows his face round here", [],
     "threat to kill", [("murder", "murda")]),
    ("violence", "just in case", "bringing my nife tomorrow just in case he starts", [],
     "carrying a knife", [("knife", "nife")]),
    ("violence", "he cried", "absolute beatdwon in the bathroom, he cried lmao", [],
     "beating in school toilets", [("beatdown", "beatdwon")]),
    ("violence", "crowd went crazy", "stompd his head while he was down, crowd went crazy", [],
     "head stamping glorified", [("stomped", "stompd")]),
    ("violence", "at the match", "massive brall at the match, 3 lads in hospital, so good", [],
     "football brawl celebrated", [("brawl", "brall")]),
    ("violence", "worst u got", "goree vids only, post the worst u got", ["goree"],
     "gore video swap", [("gore", "goree")]),
    ("violence", "locker", "smahsed his face into the locker, best video of the year", [],
     "face smashed into locker", [("smashed", "smahsed")]),
]

# ---------------------------------------------------------------------------------------
# Harmful: euphemism, code words, algospeak. (category, title, caption, hashtags, note)
# ---------------------------------------------------------------------------------------
EUPHEMISM = [
    # suicide (9)
    ("suicide", "cant stop", "thinking about unaliving myself again, the thoughts just wont stop", [],
     "unalive = kill"),
    ("suicide", "szn", "sewerslide season is back and im first in line", [],
     "sewerslide = suicide"),
    ("suicide", "i mean it", "if i fail this exam i will kms and i mean it this time", [],
     "kms = kill myself, marked as serious"),
    ("suicide", "calm now", "picked a date to ctb. feels calm now its decided", [],
     "ctb = catch the bus, pro-suicide forum term"),
    ("suicide", "deleting", "gonna self delete soon. this account and me", [],
     "self delete = suicide"),
    ("suicide", "need a nap", "need a permanent nap, the kind you dont wake up from", [],
     "permanent nap = death"),
    ("suicide", "for good", "logging off for good this time. it was nice knowing some of u", [],
     "logging off for good = suicide goodbye"),
    ("suicide", "grandma", "going to go see grandma early. she was the only one who got me", [],
     "joining a dead grandmother = dying"),
    ("suicide", "every day", "ngl i wanna minecraft myself every single day", [],
     "minecraft = algospeak for kill"),
    # self_harm (9)
    ("self_harm", "naughty cat", "the cat scratched me again :) 14 new ones tonight", ["cat"],
     "cat scratches = self-harm code"),
    ("self_harm", "check in", "blithe fam check in, who relapsed this week, no judging just share", ["blithe"],
     "blithe = self-harm community tag"),
    ("self_harm", "new here", "new to the family, been doing it 2 years. looking for my sisters",
     ["secretsociety123", "MySecretFamily"], "secret society / family = self-harm community"),
    ("self_harm", "first time", "went to styro last night, first time. kinda proud ngl", [],
     "styro = cut depth code"),
    ("self_harm", "barcode", "my arm looks like a barcode now and i actually like it", [],
     "barcode = many parallel cuts"),
    ("self_harm", "40 days", "sh'd again. 40 days down the drain but it felt right", [],
     "sh = self-harm"),
    ("self_harm", "nobody checks", "new ouchies on my thighs, nobody checks there :)", [],
     "ouchies = self-inflicted wounds, hidden"),
    ("self_harm", "tally", "adding more tally marks tonight. one for every time they called me fat", [],
     "tally marks = cuts"),
    ("self_harm", "art", "doing arm art again tonight. red is my colour", [],
     "arm art in red = cutting"),
    # eating_disorder (8)
    ("eating_disorder", "she stays", "ana is the only one who never leaves. she keeps me in control", [],
     "ana = anorexia as a friend"),
    ("eating_disorder", "speedrun", "mia came over after dinner again. kitchen to bathroom speedrun", [],
     "mia = bulimia, purging"),
    ("eating_disorder", "pls", "need meanspo pls. tell me how gross i am so i stop eating", [],
     "meanspo = insults to motivate starving"),
    ("eating_disorder", "private folder", "bonespo saved to my private folder. collarbones are everything", [],
     "bonespo = bony body inspiration"),
    ("eating_disorder", "almost there", "sw 58 cw 51 gw 48 ugw 43. almost there sisters", [],
     "start/current/goal/ultimate goal weights"),
    ("eating_disorder", "strict", "looking for a strict coach to keep me under 300 a day. serious only", ["anacoach"],
     "ana coach, 300 calories a day"),
    ("eating_disorder", "skip buddy", "need a skip buddy this week, we report every meal we didnt eat", [],
     "skip buddy = meal-skipping partner"),
    ("eating_disorder", "rexy szn", "rexy season, my safe foods list is down to 4 things", [],
     "rexy = anorexic"),
    # misogyny (8)
    ("misogyny", "loyalty", "foids will never understand loyalty. its not in them", [],
     "foids = dehumanising term for women"),
    ("misogyny", "good guy now", "roasties with a double digit count want a good guy now lol", [],
     "roastie = slur for sexually active women"),
    ("misogyny", "accept it", "awalt. the sooner u accept it the sooner u stop getting played", [],
     "awalt = all women are like that"),
    ("misogyny", "top tier", "80/20 explains everything. they dont want you unless ur top tier", [],
     "80/20 rule incel theory"),
    ("misogyny", "29", "shes 29 and hit the wall, now she wants commitment lmao", [],
     "the wall = women's worth expiring"),
    ("misogyny", "rules", "a high value man doesnt let his girl have male friends or a phone password", [],
     "high value man, controlling women"),
    ("misogyny", "with wifi", "they're basically sandwich makers with wifi", [],
     "women as sandwich makers"),
    ("misogyny", "trade up", "hypergamy is why she left. they always trade up, never trust one", [],
     "hypergamy manosphere theory"),
    # dieting (8)
    ("dieting", "20k steps", "omad and 20k steps, dropped 6kg in 3 weeks", [],
     "omad = one meal a day, rapid loss"),
    ("dieting", "day 9", "monk mode day 9: nothing solid, just black coffee and electrolytes", [],
     "monk mode = no solid food"),
    ("dieting", "wieiad", "wieiad: 500 total and honestly im not even hungry anymore", [],
     "what i eat in a day, 500 calories"),
    ("dieting", "reset", "7 day juice only reset, stomach is finally flat", [],
     "juice-only reset"),
    ("dieting", "committed", "chewing gum counts as dinner if ur committed enough", [],
     "gum replaces dinner"),
    ("dieting", "shaky", "doing the 10 day water fast from that guys channel. day 6 and shaky", [],
     "10-day water fast"),
    ("dieting", "summer body loading", "cutting phase: 900 cals, 2 hours cardio, zero rest days", [],
     "cutting phase = extreme deficit"),
    ("dieting", "tummy tea", "tummy tea every morning and nothing after noon, -3kg this week", [],
     "detox tea and early cut-off"),
    # body_image (14)
    ("body_image", "a4", "a4 waist challenge, if ur waist is wider than the paper dont bother", [],
     "a4 waist challenge = body comparison"),
    ("body_image", "post yours", "iphone legs or ur not trying. post yours", [],
     "iphone legs = legs narrower than a phone"),
    ("body_image", "beach", "bikini bridge check before the beach. not there yet", [],
     "bikini bridge = hip bones body check"),
    ("body_image", "2/10", "got mogged by my little brother. my jaw is a 2/10", [],
     "mogged = outshone in looks"),
    ("body_image", "day 1", "starting looksmaxxing today: mewing 8 hours and bone smashing", [],
     "looksmaxxing with bone smashing"),
    ("body_image", "sorry girls", "hip dips are so unattractive, glad mine are gone. sorry girls", [],
     "shaming a body feature"),
    ("body_image", "someone had to", "shes chopped without the filter, someone had to say it", [],
     "chopped = ugly"),
    ("body_image", "no texts", "im literally subhuman tier with this nose, no wonder no one texts me", [],
     "subhuman tier = very ugly"),
    ("body_image", "crazy", "her glow down is crazy, look at her now lmao", [],
     "glow down = got uglier, mocking"),
    ("body_image", "fatspo", "fatspo folder: pics of what i never want to become", [],
     "fatspo = fat bodies as warning"),
    ("body_image", "declined", "ur face card got declined, log off", [],
     "face card declined = ugly"),
    ("body_image", "hoodie", "collarbone check before school, if i cant see them its hoodie day", [],
     "collarbone body check"),
    ("body_image", "heavyweight", "bro ate the whole menu, heavyweight division lmao", [],
     "heavyweight = fat, mocking"),
    ("body_image", "that dress", "shes built like a fridge and thinks she can wear that", [],
     "built like a fridge = shaming"),
    # violence (14)
    ("violence", "the opps know", "wet him up outside the shop, the opps know now", [],
     "wet him up = stabbed him"),
    ("violence", "whos next", "catching fades all week, whos next", [],
     "fades = fights"),
    ("violence", "replay", "put him to sleep with one shot, replay it 50 times", [],
     "put to sleep = knocked out"),
    ("violence", "watch", "gonna put him on a shirt soon, watch", [],
     "on a shirt = memorial t-shirt, a death threat"),
    ("violence", "always", "always got the ching on me, the opps know", [],
     "ching = knife"),
    ("violence", "leisure centre", "biggest scrap of the year behind the leisure centre, someone got left leaking", [],
     "scrap = fight, leaking = bleeding from stab"),
    ("violence", "canteen", "he got violated in front of the whole canteen, nose all over his face", [],
     "violated = beaten badly"),
    ("violence", "it went off", "someone shouted worldstar and it went off, 4 of them on one kid", [],
     "worldstar = film the fight"),
    ("violence", "fr", "ima crash out on him fr, his face is getting rearranged", [],
     "crash out = lose control violently"),
    ("violence", "they ran", "we slid on them last night, they ran lol", [],
     "slid = went to attack rivals"),
    ("violence", "on sight", "he wants smoke? hes getting dropped on sight", [],
     "smoke = violence, dropped = knocked down"),
    ("violence", "sideways", "turned him into a meme, cant show his face now, nose is sideways", [],
     "beating filmed and shared"),
    ("violence", "the fish", "rocked him so hard he did the fish, funniest thing ive seen", [],
     "doing the fish = post-KO convulsion, laughed at"),
    ("violence", "dm for link", "got the unedited one from the market, not the news version. dm for link", [],
     "trading an uncensored real violence video"),
]

# ---------------------------------------------------------------------------------------
# Allow items. (title, caption, hashtags, note)
# ---------------------------------------------------------------------------------------
RECOVERY = [
    ("the :butterfly: means something else now", "used to be my ana symbol. now its for how free i feel eating breakfast with my sister",
     ["edrecovery"], "butterfly reclaimed in ed recovery"),
    ("200 days", "for anyone who knows what the :cat: meant on here: 200 days clean. you can get here too", [],
     "self-harm recovery, names the cat code"),
    ("t shirt tomorrow", "my scars are old and white now. wearing a t shirt to school tomorrow, terrified but proud", [],
     "healed scars, recovery milestone"),
    ("deleted it all", "deleted my thinspo folder today. 400 pics gone. feels weird and good", [],
     "deleting thinspo in recovery"),
    ("told my mum", "told my mum ive been making myself sick after meals. she cried then hugged me. gp on monday", [],
     "disclosing purging, getting help"),
    ("still here :heart:", "had unalive thoughts all week but i used my safety plan and texted my friend", [],
     "unalive thoughts with safety plan"),
    ("the jokes werent jokes", "stopped making kms jokes when i realised they werent jokes. therapy week 3", [],
     "kms jokes recognised, therapy"),
    ("fear food :tada:", "ate a :burger: for the first time in 2 years and the world didnt end lol", [],
     "fear food challenge"),
    ("meal plan", "3 meals 3 snacks :check::check::check: the ed voice is quieter today", [],
     "meal plan followed"),
    ("got out", "i was deep in the manosphere at 15, the red pill stuff made me hate everyone. leaving was the best thing i did",
     [], "leaving misogynist spaces"),
    ("mirror is a mirror", "havent pinched my stomach in a week. the mirror is just a mirror again", [],
     "stopping body checking"),
    ("binned it", ":scale::arrow_right::wastebasket: best decision of my recovery", [],
     "throwing away scales, emoji"),
    ("not from zero", "slipped last night after 60 days. not starting from zero, starting from experience :purple_heart:",
     [], "self-harm slip reframed"),
    ("to the girls in those spaces", "i was in pro ana groups at 14. those coaches dont care if you live. please talk to someone",
     [], "warning about pro-ana coaches"),
    ("a year", "a year since the night i wanted to end it. watched the :sunrise: with my dad this morning", [],
     "suicide survivor anniversary with sunrise emoji"),
    ("shes not my friend", "ana told me i was nothing without her. turns out im a whole person. 8 months recovered", [],
     "ana persona rejected"),
    ("100 days :tada:", "sh free for 100 days, celebrating with a stupidly big :cake:", [],
     "self-harm free milestone"),
    ("rode it out", "urge to sh hit hard tonight. held an :ice_cube:, went for a walk, it passed", [],
     "coping with a self-harm urge"),
    ("it wasnt discipline", "used to do 3 day water fasts and call it discipline. it was an eating disorder. eating lunch now",
     [], "extreme fasting recognised as ed"),
    ("if thats you", "omad was how my ed hid from my parents. if thats you, you deserve breakfast", [],
     "omad named as ed cover"),
    ("thats the post", "my thighs touch and they carry me up hills. thats it :sunflower:", [],
     "body neutrality"),
    ("unfollowed", "unfollowed every account that made me feel like a :pig:. feed is dogs and baking now", [],
     "removing comparison accounts"),
    ("2 months off", "used to watch fight comps all day and got so angry. 2 months off them and im sleeping better", [],
     "quitting violent videos"),
    ("they pass", "still get suicidal thoughts sometimes. they pass. learning theyre not orders :dove:", [],
     "living with suicidal thoughts"),
    ("discharged :butterfly:", "left the eating disorder unit today. weight restored, scared, hopeful", [],
     "discharge from ed unit"),
    ("dear younger me", "you thought the :razor: was the only thing that worked. there were other ways. i found them", [],
     "letter to younger self about self-harm"),
    ("cut it off", "took off my old :red_circle::prayer_beads: today. had it on since year 9. dont need it anymore", [],
     "removing pro-ana red bracelet"),
    ("be kind instead", "asked for meanspo for years. what i needed was someone being kind. be that for yourself", [],
     "meanspo rejected"),
    ("embarrassing", "used to believe the women hit the wall stuff. then i met actual women. embarrassing how far gone i was",
     [], "leaving misogynist beliefs"),
    ("no judgement", "told my therapist about the beans and styro posts i used to make. she didnt flinch. healing is weird",
     [], "disclosing self-harm codes in therapy"),
]

NEWS_EDUCATION = [
    ("emoji codes parents should know", "how teens use emoji like :butterfly: :cat: and :zebra: to hide posts about self-harm and eating disorders from filters",
     ["parenting"], "parents' guide to emoji codes"),
    ("police explain incel emoji", "police guide: :red_circle::pill: means red pill, :hundred: the 80/20 rule, :beans: incel. talk to your kids",
     [], "police explainer on misogyny emoji"),
    ("study: pro-ana tags mutate", "researchers found banned pro-ana hashtags came back as thynspo and thyghgapp", [],
     "research on hashtag variants"),
    ("pshe today", "todays pshe lesson: what unalive and sewerslide mean and why people say them online", [],
     "school lesson on suicide algospeak"),
    ("heads call for action", "report finds fight videos filmed in school toilets are spreading on teen feeds", [],
     "news on school fight videos"),
    ("youth worker explains", "what drill slang like wet him up and ching means, from a youth worker who supports knife crime victims",
     [], "explainer on violent slang"),
    ("ed awareness week", "anorexia has the highest death rate of any mental illness. signs: skipped meals, body checking, hiding food",
     ["edawareness"], "awareness post naming anorexia signs"),
    ("explainer: the manosphere", "teachers say boys repeat awalt and high value man in class. heres where it comes from", [],
     "manosphere explainer"),
    ("dietitian explains", "why extreme fasting is risky for teens: what omad does to a growing body", [],
     "dietitian on fasting"),
    ("trend removed", "platform removes a4 waist challenge videos after charities warn they fuel body image problems", [],
     "news on body comparison trend"),
    ("2016 study", "self-harm communities used tags like blithe and secretsociety123, and only a third triggered warnings", [],
     "research summary on self-harm tags"),
    ("for teachers", "if a student mentions sh, cat or barcode in a self-harm context, heres how to respond calmly", [],
     "teacher guide to self-harm codes"),
    ("gp explains", "why skinny tea and laxative detoxes can damage your gut and your heart", [],
     "doctor on detox teas"),
    ("bone smashing warning", "doctors warn about the looksmaxxing trend of hitting your own face. it does not build a jawline", [],
     "medical warning on looksmaxxing"),
    ("year 10 history", "the suffragettes and the anti-suffrage posters that said women belonged in the kitchen", [],
     "history lesson on anti-suffrage misogyny"),
    ("media studies", "analysing how fight compilations are edited to make violence look fun. essay due friday", [],
     "media studies assignment on fight videos"),
    ("stop the kms jokes", "campaign asks people to stop using kms as a joke. many teens say theyve had suicidal thoughts", [],
     "charity campaign on kms"),
    ("witness appeal", "teen stabbed outside shopping centre, police appeal for witnesses, 17 year old arrested", [],
     "local news stabbing report"),
    ("parent tip", "if your kids feed is full of what i eat in a day videos with 600 calories, its time to talk", [],
     "parent tip on diet videos"),
    ("we watched it in class", "watched the drama about incel culture in class. didnt know :hundred: and :test_tube: were codes", [],
     "class discussion of incel emoji"),
    ("revision cards", "body dysmorphia: preoccupation with perceived flaws, mirror checking, constant comparison", ["psychology"],
     "psychology revision on body dysmorphia"),
    ("moderator handbook", "ana, mia and rexy are common names for eating disorders in pro-ed spaces. escalate, dont engage", [],
     "moderator training on ed code names"),
    ("youth violence data", "knife homicides of teenagers rose again, government data shows. charity calls for prevention work", [],
     "statistics on knife crime"),
    ("biology", "what starvation does to the body: muscle loss, slow heart rate, hair loss. scary stuff", [],
     "biology lesson on starvation"),
    ("algospeak lecture", "words like unalive, seggs and :corn: exist because creators fear getting demonetised", [],
     "linguistics lecture on algospeak"),
    ("new rules", "apps must now filter suicide, self-harm and eating disorder content out of childrens feeds", [],
     "regulation news"),
    ("assembly", "assembly on online misogyny today. they showed posts calling women foids and explained why its hate", [],
     "school assembly on misogyny"),
    ("warning signs", "someone might be self harming if they wear long sleeves in summer or hide razors. how to help", [],
     "help guide on self-harm signs"),
    ("new paper", "study links repeated body checking videos with lower body satisfaction in 13 to 16 year olds", [],
     "research on body image content"),
    ("boxing board", "fighter banned after a brutal knockout left his opponent in hospital. debate over head injuries", [],
     "sports news on knockout"),
]

COLLISION = [
    ("peach cobbler :peach:", "grandmas peach cobbler recipe :peach::peach: best thing i make all summer", ["baking"],
     "peach emoji in a recipe"),
    ("knife skills", "chef showed us knife skills today :knife::onion: i only cried a bit (onions)", [],
     "knife emoji in cooking class"),
    ("im dead :skull:", "my brother tried a backflip and landed in the hedge :skull::skull::skull:", [],
     "skull = dead laughing"),
    ("6am", "6am boxing session :boxing: coach had us on pads till i couldnt lift my arms :muscle:", [],
     "boxing training"),
    ("happy bday ana", "happy birthday ana!! best friend since year 7 :tada::cake: love u", [],
     "friend named ana"),
    ("road trip", "road trip with mia :car: 6 hours of singing badly", [],
     "friend named mia"),
    ("new pb", "ran 10 kms this morning, new pb :running: legs are jelly", [],
     "running distance in kms"),
    ("menace", "the :cat: scratched my whole arm when i tried to bath him. worth it for the video", [],
     "real cat scratches"),
    ("zoo trip", "school trip to the zoo :zebra::zebra: the baby zebra was so cute", [],
     "zebra at the zoo"),
    ("beep beep", "scanned about 500 barcodes at work today, my brain is just beep beep now", [],
     "barcodes at a shop job"),
    ("student meals", ":beans: on toast is the elite student meal, fight me", [],
     "beans on toast, 'fight me'"),
    ("business studies", "learned the 80/20 rule today: 20% of customers bring 80% of sales", [],
     "pareto rule in business"),
    ("movie night", "rewatching the matrix :red_circle::pill: or :blue_circle::pill: neo really chose chaos", [],
     "red pill in the matrix"),
    ("2am decisions", "cut my own fringe at 2am :scissors: update: its short", [],
     "cutting hair"),
    ("first iftar", "first year fasting the whole of ramadan with my family, iftar was amazing :crescent_moon:", [],
     "religious fasting"),
    ("we won", "got body checked into the boards at hockey :hockey: bruised but we won 4-2", [],
     "hockey body check"),
    ("weigh in", "weigh in for my first judo comp tomorrow, 57kg category :martial_arts:", [],
     "sports weigh-in"),
    ("on stage", "shes killing it on stage tonight :fire::fire: so proud of my sister", [],
     "killing it = doing great"),
    ("this song", "this song is so good im literally dying :sob::skull:", [],
     "dying = loving a song"),
    ("stage combat", "stage combat class: learned to fake a punch so it looks real :fist::boom: nobody got hurt", [],
     "fake punch in drama class"),
    ("night shift", "made my dad a :sandwich: for his night shift, he said best one ever", [],
     "sandwich for dad"),
    ("question", "are skinny jeans back or am i just old :jeans:", [],
     "skinny jeans fashion"),
    ("pizza opinions", "thin crust :pizza: supremacy, deep dish people can leave", [],
     "thin crust pizza"),
    ("gave blood", "gave blood for the first time :drop_blood: got a biscuit and a sticker", [],
     "blood donation with blood emoji"),
    ("museum", "butterfly house at the museum :butterfly::butterfly: one landed on my head", [],
     "real butterflies"),
    ("final boss", "finally killed the final boss :crossed_swords::tada: 40 hours well spent", [],
     "killing in a video game"),
    ("after pe", "dead tired after double pe :zzz: someone carry me home", [],
     "dead tired"),
    ("party nails", "got :coffin: nails done for the party, pink with glitter :sparkles:", ["nails"],
     "coffin nail shape"),
    ("leg day", "leg day :muscle: new squat pr, eating everything tonight", [],
     "gym leg day"),
    ("bracelets", "made friendship bracelets :red_circle::prayer_beads: red for me, purple for my best mate", [],
     "red and purple friendship bracelets"),
]

ORDINARY = [
    ("walkies", "took the :dog: to the beach, he ate sand and regrets nothing", [], "dog walk"),
    ("maths", "finally understood simultaneous equations after 3 youtube videos", [], "homework"),
    ("results", "got a 7 in english!! mum bought pizza to celebrate", [], "exam results"),
    ("concert", "first concert ever and my voice is completely gone", ["livemusic"], "concert"),
    ("rain again", "forgot my umbrella, arrived at school looking like a drowned rat", [], "weather"),
    ("new trainers", "saved for 3 months and finally got the white ones", [], "new trainers"),
    ("cookie batch", "made choc chip cookies and ate half the dough before baking", [], "baking"),
    ("the bus", "bus was 25 mins late and then two came at once. classic", [], "late bus"),
    ("sunday league", "scored a header in sunday league :soccer: first goal all season", [], "football"),
    ("holiday", "last day in cornwall, the sea was freezing but we went in anyway", [], "holiday"),
    ("haircut", "got a new haircut and my nan says i look like a young elvis??", [], "haircut"),
    ("guitar", "learned my first three chords :guitar: my fingers hurt so much", [], "learning guitar"),
    ("sleepover", "sleepover at jess's, we watched 4 films and slept for 3 hours", [], "sleepover"),
    ("revision mode", "library all day, highlighters out, phone in the other room", [], "revision"),
    ("first payslip", "got my first payslip from the cafe job, felt like a millionaire for an hour", [], "first job"),
    ("passed", "passed my driving test first time!! parallel park was shaky", [], "driving test"),
    ("picnic", "picnic in the park, someone brought scotch eggs and nobody ate them", [], "picnic"),
    ("art project", "finished my gcse art piece, 40 hours of painting a tree", ["art"], "art project"),
    ("charity bake sale", "raised 86 quid at the bake sale for the animal shelter", [], "bake sale"),
    ("stream tonight", "streaming mario kart at 7, come watch me lose", [], "gaming stream"),
    ("charity shop haul", "found a vintage denim jacket for 4 pounds, best day", [], "thrift haul"),
    ("little sister", "my little sister lost her first tooth and now wants 5 pounds from the tooth fairy", [],
     "sibling"),
    ("garden", "grew actual tomatoes on the balcony, i am a farmer now", [], "gardening"),
    ("volunteering", "helped at the food bank this morning, the volunteers there are legends", [],
     "volunteering"),
    ("keys", "locked myself out again, sitting on the doorstep with a meal deal", [], "locked out"),
    ("film night", "watched the new pixar one, cried at a robot, no regrets", [], "film"),
    ("snow day", "school closed for snow, built the worst snowman in history", [], "snow day"),
    ("coding club", "made a website for my band that nobody asked for", ["coding"], "coding club"),
    ("brunch", "pancakes with my mates before the town shopping trip", [], "brunch"),
    ("sunset", "the sky was pink on the walk home, no filter needed", [], "sunset"),
]


# ---------------------------------------------------------------------------------------
EMOJI_RE = re.compile(r":([a-z0-9_]+):")


def sub_emoji(text):
    def rep(m):
        name = m.group(1)
        if name not in E:
            raise KeyError("unknown emoji name :%s: in %r" % (name, text))
        return E[name]
    return EMOJI_RE.sub(rep, text)


def has_emoji(text):
    return any(v in text for v in E.values())


def build():
    records = []
    extra = {}  # id -> misspelling pairs, for validation only
    n = 0
    for cls, rows in (("emoji", EMOJI), ("misspelling", MISSPELLING), ("euphemism", EUPHEMISM)):
        for row in rows:
            n += 1
            rid = "wb%04d" % n
            if cls == "misspelling":
                cat, title, caption, tags, note, pairs = row
                note = note + "; misspelt: " + ", ".join("%s -> %s" % p for p in pairs)
                extra[rid] = pairs
            else:
                cat, title, caption, tags, note = row
            records.append({"id": rid, "title": sub_emoji(title), "caption": sub_emoji(caption),
                            "hashtags": list(tags), "labels": [], "expect": EXPECT.get(cat),
                            "category": cat, "class": cls, "note": note})
    n = 0
    for cls, rows in (("recovery", RECOVERY), ("news_education", NEWS_EDUCATION),
                      ("collision", COLLISION), ("ordinary", ORDINARY)):
        for title, caption, tags, note in rows:
            n += 1
            records.append({"id": "wa%04d" % n, "title": sub_emoji(title),
                            "caption": sub_emoji(caption), "hashtags": list(tags), "labels": [],
                            "expect": "allow", "category": None, "class": cls, "note": note})
    return records, extra


def serialise(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def load_dictionary():
    words = set()
    for p in ("/usr/share/dict/words", "/usr/share/dict/american-english",
              "/usr/share/dict/british-english"):
        if os.path.exists(p):
            with open(p, encoding="utf-8", errors="replace") as f:
                words.update(w.strip().lower() for w in f if w.strip())
    return words


def shingles(text, k=5):
    toks = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def validate(records, extra):
    errs = []

    def fail(msg):
        errs.append(msg)

    with open(os.path.abspath(__file__), "rb") as f:
        src = f.read()
    if any(b > 127 for b in src):
        fail("make_corpus.py source is not pure ASCII")

    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        fail("duplicate ids")
    hb = [i for i in ids if i.startswith("wb")]
    ha = [i for i in ids if i.startswith("wa")]
    if hb != ["wb%04d" % (k + 1) for k in range(len(hb))]:
        fail("harmful ids not wb0001.. in sequence")
    if ha != ["wa%04d" % (k + 1) for k in range(len(ha))]:
        fail("allow ids not wa0001.. in sequence")

    dictionary = load_dictionary()
    seen_caps = {}
    for r in records:
        rid = r["id"]
        if list(r.keys()) != KEYS:
            fail("%s: keys/order wrong" % rid)
        for fld, lo, hi in (("title", 1, 60), ("caption", 1, 199)):
            v = r[fld]
            if not isinstance(v, str) or not (lo <= len(v) <= hi):
                fail("%s: %s length %d not in %d-%d" % (rid, fld, len(v), lo, hi))
            if "\n" in v or "\r" in v or "\u2028" in v or "\u2029" in v:
                fail("%s: %s is not a single line" % (rid, fld))
            if v != v.strip():
                fail("%s: %s has leading/trailing whitespace" % (rid, fld))
        if not isinstance(r["hashtags"], list):
            fail("%s: hashtags not a list" % rid)
        for t in r["hashtags"]:
            if not isinstance(t, str) or not t or "#" in t or re.search(r"\s", t):
                fail("%s: bad hashtag %r" % (rid, t))
        if r["labels"] != []:
            fail("%s: labels must be []" % rid)
        if not isinstance(r["note"], str) or not r["note"].strip():
            fail("%s: empty note" % rid)
        if rid.startswith("wb"):
            if r["category"] not in CATEGORIES:
                fail("%s: bad category %r" % (rid, r["category"]))
            elif r["expect"] != EXPECT[r["category"]]:
                fail("%s: expect %r wrong for %s" % (rid, r["expect"], r["category"]))
            if r["class"] not in HARM_CLASSES:
                fail("%s: bad harmful class %r" % (rid, r["class"]))
        else:
            if r["category"] is not None or r["expect"] != "allow":
                fail("%s: allow item must have expect allow, category null" % rid)
            if r["class"] not in ALLOW_CLASSES:
                fail("%s: bad allow class %r" % (rid, r["class"]))
        key = re.sub(r"[^a-z0-9]+", " ", r["caption"].lower()).strip()
        if key in seen_caps:
            fail("%s: caption duplicates %s" % (rid, seen_caps[key]))
        seen_caps[key] = rid
        text = r["title"] + " " + r["caption"]
        if r["class"] == "emoji" and not has_emoji(text):
            fail("%s: emoji-class item without an emoji" % rid)
        if r["class"] == "misspelling":
            pairs = extra.get(rid) or []
            if not pairs:
                fail("%s: misspelling item without pairs" % rid)
            hay = (text + " " + " ".join(r["hashtags"])).lower()
            for real, miss in pairs:
                if real.lower() == miss.lower():
                    fail("%s: misspelling equals real word %r" % (rid, real))
                if not re.search(r"(?<![a-z0-9])" + re.escape(miss.lower()) + r"(?![a-z0-9])", hay):
                    fail("%s: misspelling %r not found in the post" % (rid, miss))
                if "%s -> %s" % (real, miss) not in r["note"]:
                    fail("%s: note lacks %s -> %s" % (rid, real, miss))
                if dictionary and miss.lower() in dictionary:
                    fail("%s: misspelling %r is a real dictionary word" % (rid, miss))

    # counts
    for cls in HARM_CLASSES:
        items = [r for r in records if r["class"] == cls]
        for cat, want in PER_CLASS.items():
            got = sum(1 for r in items if r["category"] == cat)
            if got != want:
                fail("class %s category %s: %d items, want %d" % (cls, cat, got, want))
        if len(items) != 70:
            fail("class %s: %d items, want 70" % (cls, len(items)))
    for cls, want in ALLOW_CLASSES.items():
        got = sum(1 for r in records if r["class"] == cls)
        if got != want:
            fail("allow class %s: %d items, want %d" % (cls, got, want))
    if len(records) != 330:
        fail("total %d items, want 330" % len(records))

    # no templating: no two captions share a run of 5 words
    sh = [(r["id"], shingles(r["caption"])) for r in records]
    for i in range(len(sh)):
        for j in range(i + 1, len(sh)):
            common = sh[i][1] & sh[j][1]
            if common:
                fail("%s and %s share the phrase %r" % (sh[i][0], sh[j][0], " ".join(sorted(common)[0])))
    return errs


def main():
    try:
        recs1, extra1 = build()
        recs2, extra2 = build()
    except KeyError as e:
        print("VALIDATION FAILED: %s" % e, file=sys.stderr)
        return 1
    out1, out2 = serialise(recs1), serialise(recs2)
    errs = []
    if out1 != out2 or extra1 != extra2:
        errs.append("build is not deterministic")
    errs += validate(recs1, extra1)
    if errs:
        for e in errs:
            print("VALIDATION FAILED: %s" % e, file=sys.stderr)
        return 1
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(out1)
    with open(OUT, encoding="utf-8") as f:
        if f.read() != out1:
            print("VALIDATION FAILED: corpus.jsonl did not read back identically", file=sys.stderr)
            return 1
    print("wrote %s: %d items" % (os.path.basename(OUT), len(recs1)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
