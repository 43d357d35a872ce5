#!/usr/bin/python3
"""Reference values from independent libraries for server/stats (see README.md).

scikit-learn and statsmodels (Debian python3-sklearn, python3-statsmodels) for the kappa family;
ITK's STAPLEImageFilter, LabelVotingImageFilter, LabelOverlapMeasuresImageFilter and
HausdorffDistanceImageFilter (Debian libinsighttoolkit5-dev, through e2e/bench/itk) for the
segmentation side, on the LIDC-IDRI 0221 reader masks of server/imaging/__fixtures__.
Run by hand: /usr/bin/python3 server/stats/__fixtures__/make-library-reference.py > server/stats/__fixtures__/library-reference.json
"""
import csv, json, os, subprocess, tempfile
import numpy as np
import sklearn, statsmodels
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..', '..'))

def wide(name):
    with open(os.path.join(HERE, name)) as f:
        return [row for row in list(csv.reader(f))[1:]]

out = {'versions': {'sklearn': sklearn.__version__, 'statsmodels': statsmodels.__version__}}

anxiety = np.array(wide('anxiety.csv'), dtype=int)
a, b = anxiety[:, 0], anxiety[:, 1]
table = np.zeros((6, 6))
for x, y in zip(a, b):
    table[x - 1, y - 1] += 1
out['sklearn'] = {
    'anxiety12': {w or 'none': cohen_kappa_score(a, b, labels=list(range(1, 7)), weights=w) for w in [None, 'linear', 'quadratic']},
}
sm = {}
for w, name in [(None, 'none'), ('linear', 'linear'), ('quadratic', 'quadratic')]:
    r = cohens_kappa(table, wt=w)
    sm[name] = {'kappa': float(r.kappa), 'se': float(r.std_kappa), 'ci': [float(r.kappa_low), float(r.kappa_upp)]}
diagnoses = np.array(wide('diagnoses.csv'))
out['statsmodels'] = {
    'anxiety12': sm,
    'fleiss': {
        'anxiety': float(fleiss_kappa(aggregate_raters(anxiety)[0], method='fleiss')),
        'diagnoses': float(fleiss_kappa(aggregate_raters(diagnoses)[0], method='fleiss')),
    },
}

build = tempfile.mkdtemp(prefix='itk-agreement-')
subprocess.run(['cmake', '-S', os.path.join(ROOT, 'e2e', 'bench', 'itk'), '-B', build, '-DCMAKE_BUILD_TYPE=Release'], check=True, stdout=subprocess.DEVNULL)
subprocess.run(['make', '-C', build], check=True, stdout=subprocess.DEVNULL)
masks = [os.path.join(ROOT, 'server', 'imaging', '__fixtures__', 'lidc-0221', f'reader{i}.nii.gz') for i in range(4)]
itk = json.loads(subprocess.run([os.path.join(build, 'itk-agreement'), *masks], check=True, capture_output=True, text=True).stdout)
for k in ['seconds']:
    itk['staple'].pop(k); itk['majority'].pop(k)
itk.pop('overlapSeconds'); itk.pop('hausdorffSeconds')
out['itk'] = {'lidc0221': itk}
print(json.dumps(out, indent=2))
