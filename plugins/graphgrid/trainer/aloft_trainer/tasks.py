"""Which GraphGrid models this trainer knows, and how each reads its labels from a sample."""

from .data import tokens_of
from .errors import EXIT_USAGE, TrainerError

TAGGER = "tagger"
CLASSIFIER = "classifier"


def _sequence(field):
    def labels(sample):
        tokens = tokens_of(sample["sentence"])
        tags = tokens_of(sample.get(field))
        if tags is None or len(tags) != len(tokens):
            return None
        return tags
    return labels


def _keyphrase_tags(sample):
    """IOB tags of type KP for every occurrence of a listed keyphrase in the sentence."""
    phrases = sample.get("keyphrases")
    if not isinstance(phrases, list):
        return None
    tokens = [t.lower() for t in tokens_of(sample["sentence"])]
    tags = ["O"] * len(tokens)
    for phrase in phrases:
        words = [w.lower() for w in (tokens_of(phrase) or [])]
        if not words:
            continue
        for start in range(len(tokens) - len(words) + 1):
            if tokens[start:start + len(words)] == words and all(t == "O" for t in tags[start:start + len(words)]):
                tags[start] = "B-KP"
                for i in range(start + 1, start + len(words)):
                    tags[i] = "I-KP"
    return tags


def _sentiment(kind):
    def label(sample):
        sentiment = sample.get("sentiment")
        if not isinstance(sentiment, dict) or sentiment.get(kind) is None:
            return None
        return str(int(sentiment[kind]))
    return label


class Task:
    """A trainable model: its name, kind (tagger or classifier), label reader and how F1 is scored."""

    def __init__(self, name, kind, labels, field, entity_f1):
        self.name = name
        self.kind = kind
        self.labels = labels
        self.field = field
        self.entity_f1 = entity_f1


TASKS = {
    "named_entity_recognition": Task("named_entity_recognition", TAGGER, _sequence("named_entity"),
                                     "named_entity", True),
    "part_of_speech_tagging": Task("part_of_speech_tagging", TAGGER, _sequence("pos"), "pos", False),
    "keyphrase_extraction": Task("keyphrase_extraction", TAGGER, _keyphrase_tags, "keyphrases", True),
    "sentiment_analysis_binary": Task("sentiment_analysis_binary", CLASSIFIER, _sentiment("binary"),
                                      "sentiment.binary", False),
    "sentiment_analysis_categorical": Task("sentiment_analysis_categorical", CLASSIFIER,
                                           _sentiment("categorical"), "sentiment.categorical", False),
}

# GraphGrid models the platform names but that this trainer does not train.
NOT_IMPLEMENTED = ("coreference_resolution", "translation", "relation_extraction")


def task_for(model):
    """The task of a model name, or a TrainerError that lists the valid names."""
    if model in TASKS:
        return TASKS[model]
    implemented = ", ".join(sorted(TASKS))
    if model in NOT_IMPLEMENTED:
        raise TrainerError("model '%s' is a GraphGrid model this trainer does not implement yet; it trains: %s"
                           % (model, implemented), EXIT_USAGE)
    raise TrainerError("unknown model '%s'; valid models: %s" % (model, implemented), EXIT_USAGE)
