import unittest

from aloft_trainer.metrics import classification_scores, entities, entity_scores, token_scores


class EntitiesTest(unittest.TestCase):

    def test_spans_follow_iob(self):
        tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "O", "B-ORG"]
        self.assertEqual(entities(tags), [("PER", 0, 2), ("LOC", 3, 4), ("LOC", 4, 6), ("ORG", 7, 8)])

    def test_stray_inside_tag_starts_an_entity_and_a_type_change_ends_one(self):
        self.assertEqual(entities(["O", "I-PER", "I-ORG", "O"]), [("PER", 1, 2), ("ORG", 2, 3)])


class EntityScoresTest(unittest.TestCase):

    GOLD = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]

    def test_perfect_prediction_scores_one(self):
        scores = entity_scores(self.GOLD, self.GOLD)
        self.assertEqual((scores["f1"], scores["entities"]), (1.0, 3))

    def test_an_entity_counts_only_when_type_and_span_both_match(self):
        predicted = [
            ["B-PER", "O", "O", "B-LOC"],      # PER span too short: wrong; LOC right
            ["B-LOC", "I-LOC", "O"],           # ORG span right but type wrong
        ]
        scores = entity_scores(self.GOLD, predicted)
        # 1 true positive, 2 false positives, 2 false negatives
        self.assertAlmostEqual(scores["precision"], 1 / 3, places=4)
        self.assertAlmostEqual(scores["recall"], 1 / 3, places=4)
        self.assertAlmostEqual(scores["f1"], 1 / 3, places=4)
        self.assertEqual(scores["per_label"]["LOC"]["precision"], 0.5)
        self.assertEqual(scores["per_label"]["PER"]["recall"], 0.0)
        self.assertEqual(scores["per_label"]["ORG"]["support"], 1)

    def test_token_accuracy_stays_high_while_entity_f1_is_zero(self):
        gold = [["B-PER", "I-PER", "I-PER", "O", "O", "O"]]
        predicted = [["B-PER", "I-PER", "O", "O", "O", "O"]]
        self.assertEqual(entity_scores(gold, predicted)["f1"], 0.0)
        self.assertAlmostEqual(token_scores(gold, predicted)["token_accuracy"], 5 / 6, places=4)


class ClassificationScoresTest(unittest.TestCase):

    def test_binary_f1_is_of_the_positive_class(self):
        scores = classification_scores(["1", "1", "0", "0"], ["1", "0", "0", "0"], positive="1")
        self.assertEqual(scores["accuracy"], 0.75)
        self.assertAlmostEqual(scores["f1"], 2 / 3, places=4)

    def test_categorical_f1_is_macro(self):
        scores = classification_scores(["0", "1", "2"], ["0", "1", "1"])
        self.assertEqual(scores["f1_kind"], "macro")
        self.assertAlmostEqual(scores["f1"], (1 + 2 / 3 + 0) / 3, places=3)


if __name__ == "__main__":
    unittest.main()
