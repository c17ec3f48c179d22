import { PlasticityError, tensor } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { accuracy, rocAuc, toHostArray } from './index';
import {
  checkLengths,
  resolveClasses,
  toLabels,
  toMatrix,
  toNumbers,
  toProbabilities,
  toWeights,
} from './input';

describe('input conversion', () => {
  it('reads plain arrays, typed arrays, booleans and strings', () => {
    expect(toLabels([true, false, true], 'f', 'y')).toEqual([1, 0, 1]);
    expect(toLabels(new Int32Array([2, 0, 1]), 'f', 'y')).toEqual([2, 0, 1]);
    expect(toLabels(['b', 'a'], 'f', 'y')).toEqual(['b', 'a']);
    expect(toNumbers(new Float32Array([0.5, 0.25]), 'f', 'y')).toEqual([0.5, 0.25]);
  });

  it('reads 1-D and [n, 1] tensors, including bool tensors', () => {
    expect(toLabels(tensor([1, 0, 1]), 'f', 'y')).toEqual([1, 0, 1]);
    expect(toLabels(tensor([[1], [0]]), 'f', 'y')).toEqual([1, 0]);
    expect(toLabels(tensor([true, false], { dtype: 'bool' }), 'f', 'y')).toEqual([1, 0]);
    expect(() => toLabels(tensor([[1, 0]]), 'f', 'yTrue')).toThrow(
      'f(yTrue): expected a 1-D tensor (or shape [n, 1]), got shape [1,2]',
    );
  });

  it('reads matrices from nested arrays and 2-D tensors', () => {
    const m = toMatrix(
      tensor([
        [0.25, 0.75],
        [1, 0],
      ]),
      'f',
      'p',
    );
    expect([m.rows, m.cols, Array.from(m.data)]).toEqual([2, 2, [0.25, 0.75, 1, 0]]);
    expect(() => toMatrix([[1, 2], [3]], 'f', 'p')).toThrow(
      'f(p): expected every row to have 2 entries, row 1 has 1',
    );
    expect(() => toMatrix([1, 2] as never, 'f', 'p')).toThrow('one row of numbers per sample');
  });

  it('rejects bad input with the function, the argument, what was expected and what was received', () => {
    expect(() => toLabels([1, Number.NaN], 'accuracy', 'yTrue')).toThrow(
      'accuracy(yTrue): expected finite labels, got NaN at index 1',
    );
    expect(() => toLabels([1, 'a'], 'accuracy', 'yTrue')).toThrow('a mix of numbers and strings');
    expect(() => toLabels([], 'accuracy', 'yTrue')).toThrow(
      'accuracy(yTrue): expected at least one sample, got an empty array',
    );
    expect(() => toLabels(null as never, 'accuracy', 'yTrue')).toThrow('got null');
    expect(() => toNumbers([1, '2'] as never, 'mse', 'yPred')).toThrow(
      "mse(yPred): expected finite numbers, got '2' at index 1",
    );
    expect(() => toProbabilities([0.5, 1.5], 'logLoss', 'yProb')).toThrow(
      'logLoss(yProb): expected probabilities in [0, 1], got 1.5 at index 1',
    );
    expect(() => toProbabilities([-0.1], 'logLoss', 'yProb')).toThrow('got -0.1 at index 0');
    expect(() => checkLengths('accuracy', ['yTrue', 3], ['yPred', 2])).toThrow(
      'accuracy(yTrue, yPred): expected the same number of samples, got 3 and 2',
    );
    expect(() => toWeights([1, -1], 'f', 2)).toThrow(
      'f(options.sampleWeight): expected non-negative weights, got -1 at index 1',
    );
    expect(() => toWeights([0, 0], 'f', 2)).toThrow('got all zeros');
    expect(() => toWeights([1], 'f', 2)).toThrow('expected one weight per sample (2), got 1');
    expect(() => toLabels([1, Number.NaN], 'accuracy', 'yTrue')).toThrow(PlasticityError);
  });

  it('checks labels against the declared classes', () => {
    expect(resolveClasses('f', undefined, ['y', [2, 0, 10]])).toEqual([0, 2, 10]);
    expect(resolveClasses('f', ['b', 'a'], ['y', ['a']])).toEqual(['b', 'a']);
    expect(() => resolveClasses('f', [0, 1], ['yTrue', [0, 1, 2]])).toThrow(
      'f(yTrue): expected labels among the declared classes [0, 1], got 2 at index 2',
    );
    expect(() => resolveClasses('f', [0, 0], ['y', [0]])).toThrow('expected distinct classes, got 0 twice');
  });

  it('metrics take tensors and arrays alike, and toHostArray reads tensors asynchronously', async () => {
    const yTrue = tensor([0, 1, 1, 0]);
    const yPred = tensor([0, 1, 0, 0]);
    expect(accuracy(yTrue, yPred)).toBe(accuracy([0, 1, 1, 0], [0, 1, 0, 0]));
    expect(rocAuc(tensor([0, 0, 1, 1]), tensor([0.1, 0.4, 0.35, 0.8]))).toBeCloseTo(0.75, 12);
    expect(await toHostArray(tensor([1, 2]))).toEqual([1, 2]);
    expect(await toHostArray([3])).toEqual([3]);
  });
});
