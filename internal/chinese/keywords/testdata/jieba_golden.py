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

jieba.setLogLevel(60)
here = os.path.dirname(os.path.abspath(__file__))
jieba.load_userdict(os.path.join(here, "..", "..", "..", "..", "assets", "dict", "user.txt"))
rows = []
with open(os.path.join(here, "texts.txt"), encoding="utf-8") as f:
    for line in f:
        text = line.rstrip("\n")
        if not text:
            continue
        for method, extract in (("tfidf", jieba.analyse.extract_tags), ("textrank", jieba.analyse.textrank)):
            rows.append({"text": text, "method": method,
                         "keywords": [[w, round(x, 12)] for w, x in extract(text, topK=10, withWeight=True)]})
json.dump({"jieba": jieba.__version__, "rows": rows}, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
