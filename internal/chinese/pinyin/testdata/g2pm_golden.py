#!/usr/bin/env python3
"""Writes g2pm_golden.json, the reference TestNetworkMatchesG2pM checks
package pinyin's port of g2pM's network against: the dense layer's output
(after its ReLU) at some characters of some sentences, computed with
numpy as g2pM's own g2pM.py does (BOS 시 and EOS 끝 around the sentence,
<UNK> for characters outside the vocabulary). Run where g2pM's pickles
are (python3 g2pm_golden.py DIR > g2pm_golden.json); needs numpy."""
import json
import pickle
import sys

import numpy as np

d = sys.argv[1] + "/"
c2i = pickle.load(open(d + "char2idx.pkl", "rb"))
sd = pickle.load(open(d + "np_ckpt.pkl", "rb"))
E = sd["embedding.weight"].astype(np.float64)


def sig(x):
    return 1 / (1 + np.exp(-x))


def run(ids, suffix):
    wih, whh = sd["lstm.weight_ih_l0" + suffix], sd["lstm.weight_hh_l0" + suffix]
    b = sd["lstm.bias_ih_l0" + suffix] + sd["lstm.bias_hh_l0" + suffix]
    h, c, out = np.zeros(32), np.zeros(32), []
    for t in ids:
        g = wih @ E[t] + b + whh @ h
        i, f, gg, o = sig(g[:32]), sig(g[32:64]), np.tanh(g[64:96]), sig(g[96:])
        c = f * c + i * gg
        h = o * np.tanh(c)
        out.append(h)
    return out


cases = [
    ("他控制得太多了，我们都觉得累。", [2, 6, 13]),
    ("银行的行长在重庆市长大。", [1, 4, 7, 9]),
    ("数次尝试之后，201号房间的门终于打开了。", [0, 15]),
    ("Go语言和𠀀字", [0, 5]),
]
out = []
for text, ats in cases:
    ids = [c2i["시"]] + [c2i.get(ch, c2i["<UNK>"]) for ch in text] + [c2i["끝"]]
    fw = run(ids, "")
    bw = run(ids[::-1], "_reverse")[::-1]
    dense = {}
    for at in ats:
        h = np.concatenate([fw[at + 1], bw[at + 1]])
        dense[str(at)] = np.maximum(sd["logit_layer.0.weight"] @ h + sd["logit_layer.0.bias"], 0).round(6).tolist()
    out.append({"text": text, "dense": dense})
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
print()
