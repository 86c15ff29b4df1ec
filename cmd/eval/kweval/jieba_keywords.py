# python jieba's top 10 keywords of each line of stdin, as a JSON list of
# lists: jieba.analyse.extract_tags or textrank (argv[1]), default settings.
import json
import sys

import jieba
import jieba.analyse

jieba.setLogLevel(60)
extract = jieba.analyse.textrank if sys.argv[1] == "textrank" else jieba.analyse.extract_tags
out = [extract(line.rstrip("\n"), topK=10) for line in sys.stdin]
json.dump(out, sys.stdout, ensure_ascii=False)
