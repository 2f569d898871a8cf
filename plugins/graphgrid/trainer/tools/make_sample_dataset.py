"""Generates the sample dataset that ships with Aloft, in GraphGrid's SDK jsonl format.

Synthetic but shaped like real annotations: people, organisations and places (IOB tags PER/ORG/LOC),
Penn part-of-speech tags, binary and 5-way sentiment, keyphrases. A few names and places appear only in
the eval file, so the score measures generalisation rather than memorisation. Seeded: running it again
writes byte-identical files.

    python3 make_sample_dataset.py [OUTPUT_DIR]   # default: ../../src/main/resources/graphgrid/datasets/sample
"""

import json
import os
import random
import sys

SEED = 20261129
TRAIN_SIZE = 400
EVAL_SIZE = 100
# Share of sentiment labels an annotator placed one step off, as real annotations disagree.
ANNOTATOR_NOISE = 0.06

FIRST = ("Maria James Aisha Wei Carlos Elena David Priya Tomas Fatima Lucas Hannah Kenji Olivia Samuel Ingrid "
         "Jordan Georgia Sydney Amara Mateo Chloe Ravi Yuki Leila Noah Zara Felix Ana Kofi Mei Ivan Lena Diego").split()
LAST = ("Garcia Chen Okafor Schmidt Novak Patel Rossi Nakamura Kowalski Haddad Johansson Silva Murphy Dubois "
        "Washington Lincoln Brown Singh Müller Tanaka Costa Nguyen Hughes Moreau Kaur Petrov Ali Fischer").split()
ORGS = ["Acme Corp", "Northwind Labs", "Globex", "Initech", "Blue Harbor Bank", "Vertex Systems", "Orion Health",
        "Redwood Analytics", "Summit Energy", "Helios Motors", "Pinewood University", "Cobalt Robotics",
        "Meridian Insurance", "Atlas Logistics", "GraphGrid", "Bright Path Foundation", "Quantum Dynamics",
        "Evergreen Foods", "Silverline Airlines", "Nova Media", "Keystone Partners", "Crescent Telecom"]
LOCS = ["Paris", "New York", "Berlin", "Tokyo", "Lagos", "Sao Paulo", "Toronto", "Cape Town", "Seattle", "Mumbai",
        "Lake Geneva", "Oslo", "Buenos Aires", "Chicago", "Madrid", "Hong Kong", "Jordan", "Georgia", "Sydney",
        "Washington", "Lincoln", "Vienna", "Lima", "Hanoi", "Accra", "Montreal"]
# Some names are people and places at once (Jordan, Georgia, Sydney, Washington, Lincoln): context decides.
# Only in the eval file: the tagger has to recognise these from shape and context.
EVAL_FIRST = "Omar Sofia Nadia Daniel".split()
EVAL_LAST = "Ivanova Kim Larsen Walsh".split()
EVAL_ORGS = ["Sterling Capital", "Lumen Pharmaceuticals", "Nimbus Software"]
EVAL_LOCS = ["Nairobi", "Dublin", "San Diego"]

MONTHS = "January February March April May June July August September October November December".split()
DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
PRODUCTS = ["new/JJ app/NN", "laptop/NN", "latest/JJS update/NN", "camera/NN", "subscription/NN",
            "software/NN", "phone/NN", "checkout/NN process/NN", "customer/NN service/NN", "delivery/NN"]
ROLES = ["engineer/NN", "analyst/NN", "director/NN", "data/NN scientist/NN", "designer/NN", "manager/NN"]
OPINIONS = {
    0: ["absolutely/RB terrible/JJ", "a/DT complete/JJ disaster/NN", "awful/JJ", "truly/RB dreadful/JJ",
        "the/DT worst/JJS so/RB far/RB"],
    1: ["disappointing/JJ", "rather/RB poor/JJ", "slow/JJ and/CC buggy/JJ", "not/RB very/RB good/JJ",
        "a/DT bit/NN frustrating/JJ"],
    2: ["okay/JJ", "about/RB average/JJ", "neither/CC good/JJ nor/CC bad/JJ", "acceptable/JJ",
        "fine/JJ overall/RB"],
    3: ["good/JJ", "pretty/RB solid/JJ", "helpful/JJ", "reliable/JJ and/CC fast/JJ", "quite/RB nice/JJ"],
    4: ["absolutely/RB wonderful/JJ", "truly/RB excellent/JJ", "outstanding/JJ", "a/DT real/JJ delight/NN",
        "the/DT best/JJS so/RB far/RB"],
}

OPINION_TEMPLATES = [
    "{PER} said/VBD the/DT {PRODUCT} from/IN {ORG} was/VBD {OPINION} ./.",
    "Customers/NNS in/IN {LOC} found/VBD the/DT {PRODUCT} {OPINION} ./.",
    "{PER} ,/, who/WP works/VBZ for/IN {ORG} ,/, called/VBD the/DT {PRODUCT} in/IN {LOC} {OPINION} ./.",
    "The/DT {PRODUCT} is/VBZ {OPINION} ,/, according/VBG to/TO {PER} of/IN {ORG} ./.",
    "I/PRP think/VBP the/DT {PRODUCT} from/IN {ORG} is/VBZ {OPINION} ./.",
    "Our/PRP$ trip/NN to/TO {LOC} with/IN {PER} was/VBD {OPINION} ./.",
    "Reviewers/NNS at/IN {ORG} rated/VBD the/DT {PRODUCT} {OPINION} ./.",
    "After/IN a/DT week/NN in/IN {LOC} ,/, {PER} described/VBD the/DT {PRODUCT} as/IN {OPINION} ./.",
]
NEUTRAL_TEMPLATES = [
    "{PER} joined/VBD {ORG} as/IN a/DT {ROLE} in/IN {MONTH} ./.",
    "{ORG} opened/VBD a/DT new/JJ office/NN in/IN {LOC} ./.",
    "{ORG} moved/VBD its/PRP$ headquarters/NN from/IN {LOC} to/TO {LOC} ./.",
    "{PER} met/VBD {PER} in/IN {LOC} on/IN {DAY} ./.",
    "{ORG} hired/VBD {PER} to/TO lead/VB its/PRP$ team/NN in/IN {LOC} ./.",
    "{PER} will/MD visit/VB {LOC} in/IN {MONTH} to/TO meet/VB a/DT {ROLE} from/IN {ORG} ./.",
]


def _words(text):
    return [tuple(item.rsplit("/", 1)) for item in text.split()]


class Generator:

    def __init__(self, rng, eval_split):
        self.rng = rng
        self.first = FIRST + (EVAL_FIRST if eval_split else [])
        self.last = LAST + (EVAL_LAST if eval_split else [])
        self.orgs = ORGS + (EVAL_ORGS if eval_split else [])
        self.locs = LOCS + (EVAL_LOCS if eval_split else [])

    def person(self):
        roll = self.rng.random()
        if roll < 0.6:
            return [(self.rng.choice(self.first), "NNP", "PER"),
                    (self.rng.choice(self.last), "NNP", "PER")]
        if roll < 0.8:
            return [(self.rng.choice(["Mr.", "Ms.", "Dr."]), "NNP", None), (self.rng.choice(self.last), "NNP", "PER")]
        return [(self.rng.choice(self.first), "NNP", "PER")]

    def entity(self, names, kind):
        return [(word, "NNP", kind) for word in self.rng.choice(names).split()]

    def sample(self):
        opinionated = self.rng.random() < 0.75
        template = self.rng.choice(OPINION_TEMPLATES if opinionated else NEUTRAL_TEMPLATES)
        category = self.rng.choice([0, 1, 2, 3, 4]) if opinionated else 2
        tokens, keyphrases = [], []
        for slot in template.split():
            if slot == "{PER}":
                tokens += self.person()
            elif slot == "{ORG}":
                tokens += self.entity(self.orgs, "ORG")
            elif slot == "{LOC}":
                tokens += self.entity(self.locs, "LOC")
            elif slot in ("{MONTH}", "{DAY}"):
                tokens.append((self.rng.choice(MONTHS if slot == "{MONTH}" else DAYS), "NNP", None))
            elif slot in ("{PRODUCT}", "{ROLE}"):
                words = _words(self.rng.choice(PRODUCTS if slot == "{PRODUCT}" else ROLES))
                keyphrases.append(" ".join(w for w, _ in words))
                tokens += [(w, t, None) for w, t in words]
            elif slot == "{OPINION}":
                tokens += [(w, t, None) for w, t in _words(self.rng.choice(OPINIONS[category]))]
            else:
                word, tag = slot.rsplit("/", 1)
                tokens.append((word, tag, None))
        tags, previous = [], None
        for _, _, kind in tokens:
            tags.append("O" if kind is None else ("I-" if kind == previous else "B-") + kind)
            previous = kind
        # Two adjacent entities of one type ("met Maria Chen Wei Rossi") never occur in the templates,
        # so B-/I- above is unambiguous.
        if self.rng.random() < ANNOTATOR_NOISE:
            category = min(4, max(0, category + self.rng.choice([-1, 1])))
        return {
            "sentence": " ".join(word for word, _, _ in tokens),
            "named_entity": tags,
            "pos": [tag for _, tag, _ in tokens],
            "sentiment": {"binary": 1 if category >= 3 else 0, "categorical": category},
            "keyphrases": keyphrases,
        }


def write(path, samples):
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for sample in samples:
            handle.write(json.dumps(sample, sort_keys=True) + "\n")


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "src", "main", "resources", "graphgrid", "datasets", "sample")
    output = argv[0] if argv else default
    os.makedirs(output, exist_ok=True)
    rng = random.Random(SEED)
    train = [Generator(rng, eval_split=False).sample() for _ in range(TRAIN_SIZE)]
    evaluation = [Generator(rng, eval_split=True).sample() for _ in range(EVAL_SIZE)]
    write(os.path.join(output, "sample.jsonl"), train)
    write(os.path.join(output, "sample-eval.jsonl"), evaluation)
    print("wrote %d train and %d eval samples to %s" % (len(train), len(evaluation), os.path.normpath(output)))


if __name__ == "__main__":
    main(sys.argv[1:])
