"""An averaged perceptron: sparse binary features, one weight per (feature, class).

Averaging (the mean of every weight over all updates) is what makes a perceptron generalise; it is kept
cheaply with a timestamp per weight, so an update costs O(features) rather than O(all weights).
Deterministic: classes are kept sorted and ties go to the first class.
"""

import math


class AveragedPerceptron:

    def __init__(self, classes, weights=None):
        self.classes = sorted(classes)
        self.weights = weights if weights is not None else {}
        self._totals = {}
        self._stamps = {}
        self._instances = 0

    def scores(self, features):
        scores = dict.fromkeys(self.classes, 0.0)
        weights = self.weights
        for feature in features:
            row = weights.get(feature)
            if row:
                for label, weight in row.items():
                    scores[label] += weight
        return scores

    def predict(self, features):
        scores = self.scores(features)
        # max keeps the first of equal scores, and classes are sorted: ties are deterministic.
        return max(self.classes, key=scores.__getitem__)

    def update(self, truth, guess, features):
        self._instances += 1
        if truth == guess:
            return
        for feature in features:
            row = self.weights.setdefault(feature, {})
            self._step(feature, truth, row, 1.0)
            self._step(feature, guess, row, -1.0)

    def _step(self, feature, label, row, delta):
        key = (feature, label)
        weight = row.get(label, 0.0)
        self._totals[key] = self._totals.get(key, 0.0) + (self._instances - self._stamps.get(key, 0)) * weight
        self._stamps[key] = self._instances
        row[label] = weight + delta

    def average(self):
        """Replaces every weight by its average over all updates; call once, after training."""
        averaged = {}
        for feature, row in self.weights.items():
            kept = {}
            for label, weight in row.items():
                key = (feature, label)
                total = self._totals.get(key, 0.0) + (self._instances - self._stamps.get(key, 0)) * weight
                value = round(total / max(self._instances, 1), 6)
                if value:
                    kept[label] = value
            if kept:
                averaged[feature] = kept
        self.weights = averaged


def softmax_nll(scores, truth):
    """Cross-entropy of the true class under a softmax of the scores: the perceptron's reported loss."""
    top = max(scores.values())
    log_sum = top + math.log(sum(math.exp(s - top) for s in scores.values()))
    return log_sum - scores.get(truth, top - 50.0)
