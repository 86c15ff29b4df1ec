#!/usr/bin/env python3
"""Converts g2pM's released model (github.com/kakaobrain/g2pM, Apache-2.0:
g2pM/np_ckpt.pkl, char2idx.pkl, class2idx.pkl, all from commit
170526efad0a3ef9b55a9ad4579f73218f9be06c or any later commit with the same
SHA-256 sums, listed in README.md) into g2pM.weights, a file Go reads
without Python: little-endian,

    magic "G2PMWTS1"
    u32 count, then count characters (u8 length, UTF-8), in index order
    u32 count, then count classes (u8 length, ASCII), in index order
    u32 count, then count tensors: u8 name length, name, u8 dimensions,
        u32 each dimension, float32 values in row-major order

Needs numpy (Debian: python3-numpy):

    python3 convert_g2pm.py DIR_WITH_THE_PKL_FILES g2pM.weights
"""
import pickle
import struct
import sys

import numpy as np

TENSORS = [
    "embedding.weight",
    "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
    "lstm.weight_ih_l0_reverse", "lstm.weight_hh_l0_reverse",
    "lstm.bias_ih_l0_reverse", "lstm.bias_hh_l0_reverse",
    "logit_layer.0.weight", "logit_layer.0.bias",
    "logit_layer.2.weight", "logit_layer.2.bias",
]


def strings(out, index):
    items = sorted(index.items(), key=lambda kv: kv[1])
    assert [v for _, v in items] == list(range(len(items)))
    out.write(struct.pack("<I", len(items)))
    for s, _ in items:
        b = s.encode("utf-8")
        out.write(struct.pack("<B", len(b)) + b)


def main(src, dst):
    chars = pickle.load(open(src + "/char2idx.pkl", "rb"))
    classes = pickle.load(open(src + "/class2idx.pkl", "rb"))
    state = pickle.load(open(src + "/np_ckpt.pkl", "rb"))
    with open(dst, "wb") as out:
        out.write(b"G2PMWTS1")
        strings(out, chars)
        strings(out, classes)
        out.write(struct.pack("<I", len(TENSORS)))
        for name in TENSORS:
            t = np.ascontiguousarray(state[name], dtype="<f4")
            out.write(struct.pack("<B", len(name)) + name.encode())
            out.write(struct.pack("<B", t.ndim) + struct.pack("<%dI" % t.ndim, *t.shape))
            out.write(t.tobytes())


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
