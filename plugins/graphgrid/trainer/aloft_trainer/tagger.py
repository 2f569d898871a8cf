"""A greedy left-to-right sequence tagger on an averaged perceptron (NER, POS, keyphrases)."""

import random

from .perceptron import AveragedPerceptron, softmax_nll

START = ("-START-", "-START2-")
END = ("-END-", "-END2-")


def _shape(word):
    shape = []
    for char in word:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


def _norm(word):
    if word.isdigit():
        return "!DIGITS"
    return word.lower()


def features(tokens, i, prev, prev2):
    """Features of token i given the two tags predicted before it."""
    word = tokens[i]
    lower = _norm(word)
    context = START + tuple(_norm(t) for t in tokens) + END
    j = i + 2
    raw_prev = tokens[i - 1] if i > 0 else "-START-"
    return [
        "bias",
        "w=" + lower,
        "suf3=" + lower[-3:],
        "suf2=" + lower[-2:],
        "pre1=" + lower[:1],
        "shape=" + _shape(word),
        "title=%d" % word[:1].isupper(),
        "first=%d|title=%d" % (i == 0, word[:1].isupper()),
        "t-1=" + prev,
        "t-2,t-1=" + prev2 + "," + prev,
        "t-1,w=" + prev + "," + lower,
        "w-1=" + context[j - 1],
        "w-1suf3=" + context[j - 1][-3:],
        "w-2=" + context[j - 2],
        "w+1=" + context[j + 1],
        "w+1suf3=" + context[j + 1][-3:],
        "w+2=" + context[j + 2],
        "shape-1=" + _shape(raw_prev),
        "shape+1=" + (_shape(tokens[i + 1]) if i + 1 < len(tokens) else "-END-"),
    ]


class SequenceTagger:

    def __init__(self, labels, weights=None):
        self.model = AveragedPerceptron(labels, weights)

    def tag(self, tokens, gold=None):
        """Predicted tags; with gold tags also the summed softmax loss of the gold tags."""
        prev, prev2 = START
        tags, loss = [], 0.0
        for i in range(len(tokens)):
            feats = features(tokens, i, prev, prev2)
            scores = self.model.scores(feats)
            guess = max(self.model.classes, key=scores.__getitem__)
            if gold is not None:
                loss += softmax_nll(scores, gold[i])
            tags.append(guess)
            prev2, prev = prev, guess
        return tags, loss

    def train(self, sentences, epochs, seed, progress):
        """Trains on (tokens, tags) pairs; ``progress(epoch, error_rate)`` after each epoch."""
        order = list(range(len(sentences)))
        rng = random.Random(seed)
        for epoch in range(1, epochs + 1):
            rng.shuffle(order)
            errors = total = 0
            for index in order:
                tokens, gold = sentences[index]
                prev, prev2 = START
                for i in range(len(tokens)):
                    feats = features(tokens, i, prev, prev2)
                    guess = self.model.predict(feats)
                    self.model.update(gold[i], guess, feats)
                    errors += guess != gold[i]
                    total += 1
                    # Condition on the prediction, as at tagging time, so errors do not cascade unseen.
                    prev2, prev = prev, guess
            progress(epoch, errors / max(total, 1))
        self.model.average()

    def weights(self):
        return self.model.weights
