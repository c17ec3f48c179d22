// Runnable: npx tsx --conditions=@plasticity/source packages/data/examples/quickstart.ts
import { noGrad, oneHot, type Tensor, tidy, zeros } from '@plasticity/core';
import {
  circle,
  DataLoader,
  kFold,
  loadIris,
  Pipeline,
  parseCsv,
  StandardScaler,
  toTensors,
  trainTestSplit,
} from '../src/index';

export function quickstart(log: (...args: unknown[]) => void = console.log): { testAccuracy: number } {
  // 1. Shipped data, offline, with its provenance.
  const iris = loadIris();
  log(iris.metadata.title, iris.metadata.license, iris.x.length, 'samples');

  // 2. Split first — stratified and seeded — then fit the preprocessing on the training part only.
  const { train, test } = trainTestSplit(iris.dataset, { testSize: 0.2, stratify: true, seed: 42 });
  const prep = new Pipeline([new StandardScaler()]).fit(train);
  try {
    new Pipeline([new StandardScaler()]).fit(iris.dataset); // the whole data set includes the test part
  } catch (e) {
    log('leakage guard:', (e as Error).message.slice(0, 60), '…');
  }

  // 3. Batches of tensors for any training loop (nn's fit takes any iterable of batches).
  const loader = new DataLoader(prep.transform(train), { batchSize: 16, shuffle: true, seed: 0 });
  const w = zeros([4, 3]).requiresGrad_();
  const b = zeros([3]).requiresGrad_();
  const forward = (x: Tensor) => x.matmul(w).add(b);
  for (let epoch = 0; epoch < 30; epoch++) {
    for (const batch of loader) {
      tidy(() => {
        const loss = forward(batch.x).logSoftmax(1).mul(oneHot(batch.y, 3)).sum(1).mean().neg();
        loss.backward();
        noGrad(() => {
          w.sub_(w.grad!, 0.5);
          b.sub_(b.grad!, 0.5);
        });
        w.zeroGrad();
        b.zeroGrad();
      });
      batch.x.dispose();
      batch.y.dispose();
    }
  }
  const { x, y } = toTensors(prep.transform(test)); // the test set, scaled with the training statistics
  const predicted = forward(x).argmax(1).dataSync();
  const truth = y.dataSync();
  const testAccuracy = predicted.filter((p, i) => p === truth[i]).length / truth.length;
  log('test accuracy', testAccuracy.toFixed(3));

  // 4. Generated data and cross-validation.
  const ring = circle({ n: 200, noise: 0.1, seed: 1 });
  const folds = kFold(ring, { k: 5, seed: 1 });
  log('circle folds', folds.map((f) => `${f.train.length}/${f.test.length}`).join(' '));

  // 5. CSV with a typed schema; errors name the line and column.
  const table = parseCsv('height,label\n1.70,a\n1.82,b\n', {
    schema: { height: 'number', label: 'category' },
  });
  log('csv columns', table.columns.map((c) => `${c.name}:${c.type}`).join(', '));
  return { testAccuracy };
}

if (import.meta.url === `file://${process.argv[1]}`) quickstart();
