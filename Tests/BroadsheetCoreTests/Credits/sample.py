import os, random, re
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../../shared/corpus/rmrb-crawl')
files = []
for d, _, fs in os.walk(ROOT):
    for f in fs:
        if f.endswith('.txt'):
            files.append(os.path.relpath(os.path.join(d, f), ROOT))
files = sorted(files)
random.seed(20191125)
random_part = random.sample(files, 150)
rp = set(random_part)
STRIP = ' \u3000\u00a0\r\n'
pat = re.compile(r'摄(（[^（）]*）)?$')
def enriched(f):
    with open(os.path.join(ROOT, f), encoding='utf-8') as fh:
        text = fh.read()
    if '新华社' in text:
        return True
    for line in text.split('\n'):
        s = line.strip(STRIP)
        if pat.search(s):
            return True
    return False
enriched_pool = sorted(f for f in files if f not in rp and enriched(f))
enriched_part = random.sample(enriched_pool, 50)
if __name__ == '__main__':
    print(len(files), len(enriched_pool))
    for f in random_part:
        print('random\t' + f)
    for f in enriched_part:
        print('enriched\t' + f)
