import { describe, expect, it } from 'vitest';
import { DataLoader } from '../loader';
import { trainTestSplit } from '../splits/train-test';
import { CsvDataset, csvToDataset } from './csv-dataset';
import { parseCsv } from './parse';
import { CsvError } from './tokenize';

const PATIENTS = [
  'age,bmi,smoker,patient,outcome',
  '50,22.5,no,p1,healthy',
  '61,30.1,yes,p1,sick',
  '45,27,no,p2,healthy',
  '70,31.2,yes,p3,sick',
].join('\n');

describe('csvToDataset', () => {
  it('makes records with numeric features, coded class targets and groups', () => {
    const ds = csvToDataset(parseCsv(PATIENTS), { target: 'outcome', group: 'patient' });
    expect(ds.info?.featureNames).toEqual(['age', 'bmi', 'smoker']);
    expect(ds.info?.classNames).toEqual(['healthy', 'sick']);
    expect(ds.info?.task).toBe('classification');
    expect(ds.records[1]).toEqual({ x: [61, 30.1, 1], y: 1, group: 'p1' });
  });

  it('picks the task from the target column, unless told', () => {
    const reg = csvToDataset(parseCsv('x,y\n1,2.5\n2,3.5\n'), { target: 'y' });
    expect(reg.info?.task).toBe('regression');
    const cls = csvToDataset(parseCsv('x,y\n1,0\n2,1\n'), { target: 'y' });
    expect(cls.info?.task).toBe('classification');
    expect(csvToDataset(parseCsv('x,y\n1,0\n2,1\n'), { target: 'y', task: 'regression' }).info?.task).toBe(
      'regression',
    );
  });

  it('explains unusable columns', () => {
    const table = parseCsv(PATIENTS);
    expect(() => csvToDataset(table, { target: 'nope' })).toThrow(
      'csvToDataset(options.target): no column "nope"; the columns are age, bmi, smoker, patient, outcome',
    );
    expect(() => csvToDataset(table, { target: 'outcome' })).toThrow(
      /feature column "patient" is category; encode it first \(OneHotEncoder \/ LabelEncoder\) or leave it out of options.features/,
    );
    expect(() => csvToDataset(table, { target: 'outcome', group: 'patient', task: 'regression' })).toThrow(
      /cannot be regressed/,
    );
  });
});

describe('CsvDataset', () => {
  it('loads text into a dataset that splits and batches', () => {
    const data = new CsvDataset({ target: 'outcome', group: 'patient' }).load(PATIENTS);
    expect(data.length).toBe(4);
    expect(data.loaded).toBe(true);
    const { train } = trainTestSplit(data, { testSize: 0.5, seed: 0, groups: true });
    const [batch] = [...new DataLoader(train, { batchSize: 8 })];
    expect(batch.x.shape[1]).toBe(3);
    expect(batch.y.dtype).toBe('int32');
  });

  it('is atomic: a failed load leaves the previous data untouched', () => {
    const schema = {
      age: 'integer',
      bmi: 'number',
      smoker: 'boolean',
      patient: 'string',
      outcome: 'category',
    } as const;
    const data = new CsvDataset({ target: 'outcome', group: 'patient', schema });
    expect(() => data.get(0)).toThrow('CsvDataset.get(index): nothing loaded yet: call load(text) first');
    data.load(PATIENTS);
    const before = [...data];
    const table = data.table;
    const broken = PATIENTS.replace('45,27', '45,twenty-seven');
    let error: unknown;
    try {
      data.load(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect((error as CsvError).line).toBe(4);
    expect((error as CsvError).message).toMatch(
      /line 4, column "bmi" \(2\): expected a number, got "twenty-seven"/,
    );
    expect([...data]).toEqual(before);
    expect(data.table).toBe(table);
    expect(data.version).toBe(1);
    // A failure in the conversion step (after a successful parse) is atomic too.
    expect(() => new CsvDataset({ target: 'missing' }).load(PATIENTS)).toThrow(/no column "missing"/);
    const inferred = new CsvDataset({ target: 'outcome', group: 'patient' }).load(PATIENTS);
    expect(() => inferred.load(broken)).toThrow(
      /feature column "bmi" is category \(it was read as text because line 4 has "twenty-seven"\)/,
    );
    expect(inferred.length).toBe(4);
    data.load(`${PATIENTS}\n30,20,no,p4,healthy`);
    expect(data.length).toBe(5);
    expect(data.version).toBe(2);
  });

  it('loads a Blob', async () => {
    const data = await new CsvDataset({ target: 'y' }).loadBlob(new Blob(['x,y\n1,2.5\n']));
    expect(data.get(0)).toEqual({ x: [1], y: 2.5 });
    await expect(new CsvDataset({ target: 'y' }).loadBlob('x' as never)).rejects.toThrow(
      /expected a File or Blob/,
    );
  });
});
