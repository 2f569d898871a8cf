"""Logistic regression on a bag of words (unigrams and bigrams), multinomial, trained with SGD.

With two classes the softmax is exactly binary logistic regression, so one implementation serves
``sentiment_analysis_binary`` and ``sentiment_analysis_categorical``.
"""

import math
import random


def bag_of_words(tokens):
    words = [t.lower() for t in tokens]
    feats = {"bias"}
    feats.update("w=" + w for w in words)
    feats.update("b=" + a + "_" + b for a, b in zip(words, words[1:]))
    return sorted(feats)


class LogisticRegression:

    def __init__(self, labels, weights=None):
        self.labels = sorted(labels)
        self.weights = weights if weights is not None else {}

    def probabilities(self, feats):
        scores = [0.0] * len(self.labels)
        for feature in feats:
            row = self.weights.get(feature)
            if row:
                for k, weight in enumerate(row):
                    scores[k] += weight
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, tokens):
        probs = self.probabilities(bag_of_words(tokens))
        best = max(range(len(probs)), key=lambda k: (probs[k], -k))
        return self.labels[best], probs

    def train(self, samples, epochs, seed, progress, rate=0.5, l2=1e-4):
        """SGD on (tokens, label) pairs with a decaying rate; ``progress(epoch, mean_loss)`` per epoch."""
        data = [(bag_of_words(tokens), self.labels.index(label)) for tokens, label in samples]
        order = list(range(len(data)))
        rng = random.Random(seed)
        for epoch in range(1, epochs + 1):
            rng.shuffle(order)
            step = rate / (1.0 + 0.1 * (epoch - 1))
            loss = 0.0
            for index in order:
                feats, truth = data[index]
                probs = self.probabilities(feats)
                loss -= math.log(max(probs[truth], 1e-12))
                for feature in feats:
                    row = self.weights.setdefault(feature, [0.0] * len(self.labels))
                    for k in range(len(self.labels)):
                        gradient = probs[k] - (1.0 if k == truth else 0.0)
                        row[k] -= step * (gradient + l2 * row[k])
            progress(epoch, loss / max(len(data), 1))
        self.weights = {f: [round(w, 6) for w in row] for f, row in self.weights.items()}
