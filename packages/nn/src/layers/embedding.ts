import { noGrad, randn, type Tensor, tidy } from '@plasticity/core';
import { fail, requirePositiveInt } from '../errors';
import type { InitOptions } from '../init';
import { Module } from '../module';
import { checkInput } from './check';

/** Options of `Embedding`. */
export interface EmbeddingOptions extends InitOptions {
  /** This index maps to a zero vector that receives no gradient (e.g. the padding token). */
  paddingIdx?: number;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim` (PyTorch's `nn.Embedding`), weight
 * initialised from N(0, 1): int32 indices of any shape [...] → [..., embeddingDim].
 */
export class Embedding extends Module {
  readonly paddingIdx: number | undefined;
  weight: Tensor;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    options: EmbeddingOptions = {},
  ) {
    super();
    const op = 'Embedding(numEmbeddings, embeddingDim)';
    requirePositiveInt(op, 'numEmbeddings', numEmbeddings);
    requirePositiveInt(op, 'embeddingDim', embeddingDim);
    let pad = options.paddingIdx;
    if (pad !== undefined) {
      if (!Number.isInteger(pad) || pad < -numEmbeddings || pad >= numEmbeddings)
        fail(op, `paddingIdx must be an integer in [${-numEmbeddings}, ${numEmbeddings}), got ${pad}`);
      if (pad < 0) pad += numEmbeddings;
    }
    this.paddingIdx = pad;
    const w = randn([numEmbeddings, embeddingDim], { generator: options.generator });
    // Zeroed on the device, so the layer can be built while a GPU backend is current.
    if (pad !== undefined) {
      const row = pad;
      tidy(() => noGrad(() => void w.narrow(0, row, 1).fill_(0)));
    }
    this.weight = this.registerParameter('weight', w);
  }

  override describe(): string {
    return `Embedding(${this.numEmbeddings}, ${this.embeddingDim})`;
  }

  /**
   * Looks up the rows of `indices`. Indices outside 0..numEmbeddings − 1 are refused on backends that
   * read synchronously (the CPU); a backend that reads asynchronously (WebGPU) cannot check them here.
   */
  forward(indices: Tensor): Tensor {
    checkInput(this.describe(), indices, 'int32 indices [...]', () => true, 'int32');
    const flat = indices.reshape([indices.size]);
    if (flat.backend.canReadSync) {
      const data = flat.dataSync();
      for (let i = 0; i < data.length; i++) {
        if (data[i] < 0 || data[i] >= this.numEmbeddings) {
          fail(
            `${this.describe()}.forward(indices)`,
            `index ${data[i]} at flat position ${i} is outside 0..${this.numEmbeddings - 1}`,
          );
        }
      }
    }
    let rows = this.weight.indexSelect(0, flat);
    if (this.paddingIdx !== undefined) {
      // Multiplying padding rows by 0 stops their gradient, as PyTorch's padding_idx does; the mask is
      // computed on the device, so nothing is read.
      rows = rows.mul(flat.ne(this.paddingIdx).float().reshape([indices.size, 1]));
    }
    return rows.reshape([...indices.shape, this.embeddingDim]);
  }
}
