# Writes jieba_golden.json: python jieba 0.42.1's extract_tags and textrank
# (top 10, with weights, default settings), with this project's user
# dictionary loaded as style=jieba has it (assets/dict/user.txt), on the
# texts of texts.txt, one a line. The Go test holds style=jieba to these rows.
#
#   /usr/bin/python3 jieba_golden.py > jieba_golden.json   (apt install python3-jieba)
import json
import os
import sys

import jieba
import jieba.analyse
import jieba.posseg

jieba.setLogLevel(60)
here = os.path.dirname(os.path.abspath(__file__))
jieba.load_userdict(os.path.join(here, "..", "..", "..", "..", "assets", "dict", "user.txt"))
rows = []
with open(os.path.join(here, "texts.txt"), encoding="utf-8") as f:
    for line in f:
        text = line.rstrip("\n")
        if not text:
            continue
        # The words each method reads: extract_tags cuts with jieba.cut,
        # textrank with jieba.posseg, whose HMM splits unknown runs its own
        # way; the Go test compares a row only where style=jieba reads the
        # same words.
        cut = [w for w in jieba.lcut(text) if w.strip()]
        tagged = list(jieba.posseg.cut(text))  # whitespace too: it takes a place in the window
        rows.append({"text": text, "method": "tfidf", "words": cut,
                     "keywords": [[w, round(x, 12)] for w, x in jieba.analyse.extract_tags(text, topK=10, withWeight=True)]})
        rows.append({"text": text, "method": "textrank", "words": [p.word for p in tagged], "tags": [p.flag for p in tagged],
                     "keywords": [[w, round(x, 12)] for w, x in jieba.analyse.textrank(text, topK=10, withWeight=True)]})
json.dump({"jieba": jieba.__version__, "rows": rows}, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
