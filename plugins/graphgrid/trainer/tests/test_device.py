import ctypes.util
import json
import os
import unittest

from .support import run_cli, session_with_sample


class DeviceTest(unittest.TestCase):

    def train(self, *extra):
        session = session_with_sample()
        ready = os.path.join(session, "ready")
        result = run_cli("train", "--model", "sentiment_analysis_binary", "--session", session,
                         "--train", "sample/sample.jsonl", "--ready-file", ready, *extra)
        return result, ready

    def test_cpu_is_the_default_and_marks_the_session_ready(self):
        result, ready = self.train()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout.splitlines()[-1])["device"], "cpu")
        self.assertTrue(os.path.isfile(ready))

    def test_simulated_gpu_says_so(self):
        result, ready = self.train("--device", "simulated-gpu", "--gpu-memory-mib", "3072")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("simulated GPU: this container holds no GPU memory; Aloft's simulated GPU accounts 3072 MiB",
                      result.stdout)
        self.assertEqual(json.loads(result.stdout.splitlines()[-1])["device"], "simulated-gpu")

    @unittest.skipIf(ctypes.util.find_library("cuda"), "this machine has a CUDA driver")
    def test_gpu_without_a_cuda_driver_exits_5_before_training(self):
        result, ready = self.train("--device", "gpu", "--gpu-memory-mib", "1024")
        self.assertEqual(result.returncode, 5)
        self.assertIn("no CUDA driver library", result.stderr)
        self.assertFalse(os.path.exists(ready))
        self.assertNotIn("epoch", result.stdout)

    def test_a_failed_allocation_reports_cuda_out_of_memory_and_exits_5(self):
        # A fake driver whose allocation fails as the real one does when the card is full (error 2).
        class FullCard:
            def __getattr__(self, name):
                return lambda *args: 2 if name == "cuMemAlloc_v2" else 0

        from aloft_trainer import device
        real = device._cuda
        device._cuda = FullCard
        try:
            with self.assertRaises(device.TrainerError) as failed:
                device.hold_gpu_memory(4096)
        finally:
            device._cuda = real
        self.assertEqual(failed.exception.exit_code, 5)
        self.assertIn("CUDA out of memory (CUDA_ERROR_OUT_OF_MEMORY) while allocating 4096 MiB", str(failed.exception))


if __name__ == "__main__":
    unittest.main()
