"""Where a training session says it runs, and holding GPU memory through the CUDA driver when it is a GPU.

The models here train on the CPU; on the GPU path what matters to Aloft is that the session really occupies
the GPU memory its preflight reserved for it, so that nvidia-smi shows this process with that memory and
the container healthcheck can tell the session is on the GPU. ``ctypes`` reaches the driver API in
``libcuda.so.1`` (mounted by the NVIDIA container runtime) with no third-party package.
"""

import ctypes
import ctypes.util
import os

from .errors import TrainerError

EXIT_DEVICE = 5
# The driver API's CUDA_ERROR_OUT_OF_MEMORY; named in the message so Aloft's GpuOutOfMemory rule sees a GPU OOM.
CUDA_ERROR_OUT_OF_MEMORY = 2
CPU, GPU, SIMULATED_GPU = "cpu", "gpu", "simulated-gpu"
DEVICES = (CPU, GPU, SIMULATED_GPU)
READY_FILE = "/tmp/aloft-training-ready"


class GpuHold:
    """A CUDA context with ``mib`` MiB allocated on device 0; released when the process exits."""

    def __init__(self, cuda, context, pointer, name):
        self._cuda = cuda
        self._context = context
        self._pointer = pointer
        self.name = name


def _cuda():
    for name in (ctypes.util.find_library("cuda"), "libcuda.so.1"):
        if name:
            try:
                return ctypes.CDLL(name)
            except OSError:
                continue
    raise TrainerError("GPU requested but this container has no CUDA driver library (libcuda.so.1): run it with "
                       "the NVIDIA runtime (a GPU device request, `docker run --gpus all`), or train on CPU",
                       EXIT_DEVICE)


def out_of_memory_message(what):
    """The message for a failed allocation: carries the CUDA allocator's wording Aloft's OOM rule matches."""
    return ("CUDA out of memory (CUDA_ERROR_OUT_OF_MEMORY) while %s: the GPU has less free memory than this "
            "session's reservation; Aloft retries it with a raised reservation (gpu_oom_retries)" % what)


def hold_gpu_memory(mib):
    """Creates a CUDA context on device 0 and allocates ``mib`` MiB in it; a TrainerError says what failed."""
    cuda = _cuda()

    def check(code, what):
        if code == CUDA_ERROR_OUT_OF_MEMORY:
            raise TrainerError(out_of_memory_message(what), EXIT_DEVICE)
        if code != 0:
            raise TrainerError("GPU requested but %s failed with CUDA error %d" % (what, code), EXIT_DEVICE)

    check(cuda.cuInit(0), "cuInit")
    device = ctypes.c_int()
    check(cuda.cuDeviceGet(ctypes.byref(device), 0), "cuDeviceGet")
    name = ctypes.create_string_buffer(256)
    check(cuda.cuDeviceGetName(name, 256, device), "cuDeviceGetName")
    context = ctypes.c_void_p()
    check(cuda.cuCtxCreate_v2(ctypes.byref(context), 0, device), "cuCtxCreate")
    pointer = ctypes.c_uint64()
    if mib > 0:
        check(cuda.cuMemAlloc_v2(ctypes.byref(pointer), ctypes.c_size_t(mib * 1024 * 1024)),
              "allocating %d MiB" % mib)
    return GpuHold(cuda, context, pointer, name.value.decode("utf-8", "replace"))


def prepare(device, mib, say):
    """Readies the device for training and returns what to keep alive until training ends."""
    if device == GPU:
        hold = hold_gpu_memory(mib)
        say("on GPU %s: holding %d MiB (CUDA context of pid %d)" % (hold.name, mib, os.getpid()))
        return hold
    if device == SIMULATED_GPU:
        say("simulated GPU: this container holds no GPU memory; Aloft's simulated GPU accounts %d MiB for it" % mib)
    return None


def mark_ready(path=READY_FILE):
    """Writes the file the container healthcheck waits for: the session is on its device and training."""
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("%d\n" % os.getpid())
    except OSError:
        pass
