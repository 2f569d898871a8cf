import json
import os
import unittest
from collections import Counter

from aloft_trainer.data import is_held_out, load_splits, read_jsonl
from aloft_trainer.training import evaluate, train

from .support import session_with_sample


def quiet(_line):
    pass


class LearningTest(unittest.TestCase):
    """Trains on the shipped sample and scores on its eval file, whose names partly never occur in train."""

    @classmethod
    def setUpClass(cls):
        session = session_with_sample()
        datasets = {"sdk": {"train": "sample/sample.jsonl", "eval": "sample/sample-eval.jsonl"}}
        cls.train_samples, cls.eval_samples, _ = load_splits(session, datasets)

    def score(self, model, epochs=None):
        artifact, _ = train(model, self.train_samples, quiet, epochs)
        return evaluate(artifact, self.eval_samples)

    def test_named_entity_f1_is_far_above_the_all_outside_baseline(self):
        metrics = self.score("named_entity_recognition")
        # Tagging everything O (the majority tag) finds no entity: F1 0, token accuracy ~0.85.
        outside = Counter(t for s in self.eval_samples for t in s["named_entity"])["O"]
        baseline_accuracy = outside / sum(len(s["named_entity"]) for s in self.eval_samples)
        self.assertGreater(metrics["f1"], 0.9)
        self.assertGreater(metrics["token_accuracy"], baseline_accuracy + 0.1)
        self.assertEqual(sorted(metrics["per_label"]), ["LOC", "ORG", "PER"])
        self.assertEqual(metrics["f1_kind"], "entity_micro")
        self.assertLess(metrics["loss"], 0.5)

    def test_part_of_speech_accuracy_is_far_above_tagging_every_token_nn(self):
        metrics = self.score("part_of_speech_tagging")
        nouns = Counter(t for s in self.eval_samples for t in s["pos"]).most_common(1)[0][1]
        baseline = nouns / sum(len(s["pos"]) for s in self.eval_samples)
        self.assertGreater(metrics["f1"], 0.95)
        self.assertEqual(metrics["f1"], metrics["token_accuracy"])
        self.assertGreater(metrics["f1"], baseline + 0.5)

    def test_binary_sentiment_beats_the_majority_class(self):
        metrics = self.score("sentiment_analysis_binary")
        majority = Counter(s["sentiment"]["binary"] for s in self.eval_samples).most_common(1)[0][1]
        self.assertGreater(metrics["accuracy"], majority / len(self.eval_samples) + 0.1)
        self.assertGreater(metrics["f1"], 0.7)

    def test_categorical_sentiment_learns_five_classes(self):
        metrics = self.score("sentiment_analysis_categorical")
        self.assertEqual(sorted(metrics["per_label"]), ["0", "1", "2", "3", "4"])
        self.assertGreater(metrics["accuracy"], 0.7)

    def test_training_is_deterministic(self):
        first, _ = train("named_entity_recognition", self.train_samples, quiet, 3)
        second, _ = train("named_entity_recognition", self.train_samples, quiet, 3)
        self.assertEqual(json.dumps(first, sort_keys=True), json.dumps(second, sort_keys=True))


class HeldOutSplitTest(unittest.TestCase):

    def test_null_eval_holds_out_a_stable_disjoint_part_of_train(self):
        session = session_with_sample()
        datasets = {"sdk": {"train": "sample/sample.jsonl", "eval": None}}
        train_samples, eval_samples, described = load_splits(session, datasets)
        everything = read_jsonl(os.path.join(session, "sample", "sample.jsonl"))
        self.assertEqual(len(train_samples) + len(eval_samples), len(everything))
        self.assertTrue(0.1 * len(everything) < len(eval_samples) < 0.3 * len(everything))
        held = {s["sentence"] for s in eval_samples}
        self.assertFalse(held & {s["sentence"] for s in train_samples})
        self.assertTrue(all(is_held_out(s) for s in eval_samples))
        self.assertEqual(load_splits(session, datasets)[1], eval_samples)
        self.assertEqual(described["sdk"]["held_out_fraction"], 0.2)


if __name__ == "__main__":
    unittest.main()
