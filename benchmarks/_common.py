"""What every benchmark script shares: offline model loading and the machine description.

Importing this module sets the environment defaults before any model library is
imported, so the scripts load the installed model files and never reach for a hub.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent


def machine() -> dict[str, Any]:
    """What the numbers were measured on: they mean little without it.

    torch is described only if something already imported it: importing it here would
    add its few hundred MB to the peak memory the scripts report.
    """
    import sys
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "gpu": _gpu_name(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        info["torch"] = version("torch")
    except PackageNotFoundError:
        info["torch"] = None
    if "torch" in sys.modules:
        info["torch_threads"] = sys.modules["torch"].get_num_threads()
    try:
        import psutil

        info["ram_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        pass
    return info


def _gpu_name() -> str | None:
    """The NVIDIA GPU's name from the driver, without importing torch."""
    try:
        for gpu in sorted(Path("/proc/driver/nvidia/gpus").iterdir()):
            for row in (gpu / "information").read_text().splitlines():
                if row.startswith("Model:"):
                    return row.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def finish(results: dict[str, Any], json_path: Path | None) -> None:
    """Note the load average at the end beside the figures, print them, save them if asked."""
    import json

    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results, indent=1))
    if json_path:
        json_path.write_text(json.dumps(results, indent=1))
