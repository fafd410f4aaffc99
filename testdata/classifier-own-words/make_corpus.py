"""Writes corpus.jsonl: recovery posts in the posters' own words, and harmful posts that
use recovery words. Hand-written for policy 2026-11-24.6 (see README.md). Standard library
only; run `python3 make_corpus.py` in this folder.
"""
import json

ALLOW = [
    ('writing out my safety plan tonight', 'for the nights the suicidal thoughts get loud: who i text, where i go, what i do instead', ['mentalhealth']),
    ('90 days', '90 days since i last self harmed. not perfect but im proud of me', ['progress']),
    ('relapsed, starting again', 'had a slip with cutting last week. told my therapist, we made a plan, day 3 again today', []),
    ('what got me through', 'when i wanted to die at 15 the thing that helped was telling one adult. please tell someone', ['youarenotalone']),
    ('coping skills that actually work for me', 'ice cube in my hand instead of hurting myself, loud music, walking the dog. urges pass', ['dbt']),
    ('meal plan win', 'ate my whole meal plan today without compensating. anorexia doesnt get to win this one', ['edwarrior']),
    ('glad i stayed', 'two years ago i tried to kill myself. today i graduated. so glad i stayed', ['stillhere']),
    ('to my younger self', 'you thought starving yourself made you worth something. it didnt. you were always enough', []),
    ('inpatient diary', 'week 4 in the eating disorder unit. weigh ins still scare me but im doing it', []),
    ('my scars', 'healed self harm scars, wearing short sleeves for the first time in years. they are part of my story not a goal', []),
    ('reminder', "if you're thinking about suicide tonight, text a friend or call 116 123. you matter", []),
    ('hard day', 'urge to cut was really strong today but i rode it out with my distraction box', ['selfharmawareness']),
    ('talked to my gp', 'finally told the doctor about the bulimia. shaking but relieved', []),
    ('to anyone pro ana', 'i was deep in pro ana spaces at 14. they lied. it nearly killed me. please get out', []),
    ('clean streak', 'six months no self harm. my sister made me a cake lol', []),
    ('for my friend', 'my best mate said she wanted to kill herself so i sat with her and we called the crisis team together', []),
    ('dbt group', 'learned about riding the wave today, apparently urges to self harm peak and drop', []),
    ('therapy update', 'my therapist says the suicidal thoughts are a symptom not a plan. weirdly comforting', []),
    ('recovery food', 'fear food challenge: pizza with friends. ed voice screamed, i ate it anyway', []),
    ('1 year', "a year ago i was planning my suicide. today i'm planning a trip with my mum", []),
    ('small wins', 'didnt purge after dinner for the first time in a month. telling my counsellor tomorrow', []),
    ('honest post', 'used to think cutting was the only way to cope. it isnt. therapy taught me other ways', []),
    ('checking in', 'still here. the suicidal thoughts came back this week but i used my safety plan and called my sister', []),
    ('body neutral day', 'stopped weighing myself every morning. the scale doesnt decide if i ate enough', ['edrecovery']),
    ('for the kids on here', "if you're starving yourself to feel in control, tell an adult you trust. i wish i had sooner", []),
    ('4 years', '4 years since my overdose. i got help, i got better, i got a dog. it gets better', []),
    ('school counsellor', 'told my school counsellor i was self harming and she didnt freak out. go talk to yours', []),
    ('meal out', 'ate at a restaurant without looking up the calories first. ed brain hated it, me not so much', []),
    ('letter to my body', 'sorry i starved you for three years. we are doing better now, one meal at a time', []),
    ('why i post this', 'i was suicidal at 16 and nobody online told me it could end. it ended. you are not alone', []),
    ('after the ward', 'discharged from the adolescent unit after my suicide attempt. scared but hopeful, outpatient starts monday', []),
    ('urge log', 'day 12 no cutting. urge at 9pm, did the cold shower thing, it passed', []),
]

BLOCK = [
    ('relapse and proud', 'relapsed tonight and honestly it felt so good, cutting again and not stopping', [], 'self_harm'),
    ('recovery is fake', 'recovery is a lie, starving is the only thing im good at', ['proana'], 'eating_disorder'),
    ('safety plan', 'threw my safety plan in the bin. going to kill myself this weekend', [], 'suicide'),
    ('nobody helps', 'told my therapist and nothing changed. i want to die', [], 'suicide'),
    ('dont @ me', 'i dont want to recover. ana is the only friend who stays', [], 'eating_disorder'),
    ('last post', 'this is my last post. thank you to everyone who tried. i just want to die now', [], 'suicide'),
    ('tips', 'how to hide cuts from your parents: long sleeves and never let them see your arms', [], 'self_harm'),
    ('therapy again', 'my therapist thinks im doing better lol. still cutting every night', [], 'self_harm'),
    ('relapse diary', 'relapse day 4 and i feel lighter every time i skip a meal, recovery can wait', [], 'eating_disorder'),
    ('meal plan', 'ignoring my meal plan again, goal is to get back down to my lowest weight', [], 'eating_disorder'),
    ('2 years', "2 years of self harm and i'm not stopping, it's the only thing that works", [], 'self_harm'),
    ('gave up', 'gave up on recovery. want to disappear forever and never wake up', [], 'suicide'),
]


def main():
    with open("corpus.jsonl", "w", encoding="utf-8") as f:
        for i, (title, caption, tags) in enumerate(ALLOW):
            f.write(json.dumps({"id": f"ow_a{i + 1:03}", "title": title, "caption": caption,
                                "hashtags": tags, "labels": [], "expect": "allow",
                                "category": None, "class": "recovery",
                                "note": "recovery in the poster's own words"},
                               ensure_ascii=False) + "\n")
        for i, (title, caption, tags, cat) in enumerate(BLOCK):
            f.write(json.dumps({"id": f"ow_b{i + 1:03}", "title": title, "caption": caption,
                                "hashtags": tags, "labels": [], "expect": "block",
                                "category": cat, "class": "plain",
                                "note": "harm beside recovery words"},
                               ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
