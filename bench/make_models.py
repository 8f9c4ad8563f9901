#!/usr/bin/env python3
"""Exports the benchmark models with torch/torchvision into bench/models/.

    python3 bench/make_models.py [--only NAME ...] [--out DIR]

Weights are torchvision's architectures with a fixed random initialisation
(torch.manual_seed(0)); nothing is downloaded. Batch 1, fp32, opset 17, the
batch dimension symbolic ("batch") so that profiles and dynamic batches can be
measured. The transformer models are small hand-written PyTorch modules:
a 4-layer BERT-base-like encoder (hidden 768, 12 heads, FFN 3072) at sequence
128, and a 4-layer GPT-style decoder (hidden 512, 8 heads, causal mask) at
sequence 64. Needs torch, torchvision and onnxscript (pip); they are not
dependencies of onyx and not installed by tools/setup.sh.
"""

import argparse
import math
import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))


def vision(name):
    import torchvision

    return getattr(torchvision.models, name)(weights=None)


def bert_like(layers=4, hidden=768, heads=12, ffn=3072, vocab=30522, seq=128):
    import torch
    from torch import nn

    class Layer(nn.Module):
        def __init__(self):
            super().__init__()
            self.qkv = nn.Linear(hidden, 3 * hidden)
            self.out = nn.Linear(hidden, hidden)
            self.ln1 = nn.LayerNorm(hidden)
            self.ff1 = nn.Linear(hidden, ffn)
            self.ff2 = nn.Linear(ffn, hidden)
            self.ln2 = nn.LayerNorm(hidden)

        def forward(self, x, mask):
            b, s, _ = x.shape
            q, k, v = self.qkv(x).reshape(b, s, 3, heads, hidden // heads).permute(2, 0, 3, 1, 4)
            scores = q @ k.transpose(-1, -2) / math.sqrt(hidden // heads) + mask
            a = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, hidden)
            x = self.ln1(x + self.out(a))
            return self.ln2(x + self.ff2(nn.functional.gelu(self.ff1(x))))

    class Bert(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(vocab, hidden)
            self.pos = nn.Embedding(512, hidden)
            self.ln = nn.LayerNorm(hidden)
            self.layers = nn.ModuleList(Layer() for _ in range(layers))

        def forward(self, ids, attention_mask):
            pos = torch.arange(ids.shape[1]).unsqueeze(0)
            x = self.ln(self.tok(ids) + self.pos(pos))
            mask = (1.0 - attention_mask[:, None, None, :].float()) * -10000.0
            for layer in self.layers:
                x = layer(x, mask)
            return x

    ids = torch.randint(0, vocab, (1, seq))
    return Bert(), (ids, torch.ones(1, seq, dtype=torch.int64)), ["input_ids", "attention_mask"]


def gpt_like(layers=4, hidden=512, heads=8, vocab=8192, seq=64):
    import torch
    from torch import nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.ln1 = nn.LayerNorm(hidden)
            self.qkv = nn.Linear(hidden, 3 * hidden)
            self.proj = nn.Linear(hidden, hidden)
            self.ln2 = nn.LayerNorm(hidden)
            self.fc = nn.Linear(hidden, 4 * hidden)
            self.fc2 = nn.Linear(4 * hidden, hidden)

        def forward(self, x, causal):
            b, s, _ = x.shape
            q, k, v = self.qkv(self.ln1(x)).reshape(b, s, 3, heads, hidden // heads).permute(2, 0, 3, 1, 4)
            scores = q @ k.transpose(-1, -2) / math.sqrt(hidden // heads) + causal
            x = x + self.proj((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, s, hidden))
            return x + self.fc2(nn.functional.gelu(self.fc(self.ln2(x)), approximate="tanh"))

    class Gpt(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(vocab, hidden)
            self.pos = nn.Embedding(1024, hidden)
            self.blocks = nn.ModuleList(Block() for _ in range(layers))
            self.ln = nn.LayerNorm(hidden)
            self.head = nn.Linear(hidden, vocab, bias=False)

        def forward(self, ids):
            s = ids.shape[1]
            causal = torch.triu(torch.full((s, s), float("-inf")), diagonal=1)
            x = self.tok(ids) + self.pos(torch.arange(s).unsqueeze(0))
            for block in self.blocks:
                x = block(x, causal)
            return self.head(self.ln(x))

    return Gpt(), (torch.randint(0, vocab, (1, seq)),), ["input_ids"]


def image_model(name):
    def build():
        import torch

        return vision(name), (torch.randn(1, 3, 224, 224),), ["image"]

    return build


MODELS = {
    "resnet50": image_model("resnet50"),
    "mobilenet_v2": image_model("mobilenet_v2"),
    "mobilenet_v3_small": image_model("mobilenet_v3_small"),
    "efficientnet_b0": image_model("efficientnet_b0"),
    "squeezenet1_1": image_model("squeezenet1_1"),
    "shufflenet_v2_x1_0": image_model("shufflenet_v2_x1_0"),
    "bert_like_4l": bert_like,
    "gpt_like_4l": gpt_like,
}


def export(name, out_dir):
    import torch

    torch.manual_seed(0)
    model, args, input_names = MODELS[name]()
    model.eval()
    path = os.path.join(out_dir, name + ".onnx")
    dynamic = {n: {0: "batch"} for n in input_names}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, args, path, input_names=input_names, output_names=["output"],
                          dynamic_axes=dynamic, opset_version=17, dynamo=False)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", choices=sorted(MODELS), help="these models only")
    parser.add_argument("--out", default=os.path.join(HERE, "models"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.only or MODELS:
        path = os.path.join(args.out, name + ".onnx")
        if os.path.exists(path):
            print("exists  ", path)
            continue
        print("exported", export(name, args.out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
