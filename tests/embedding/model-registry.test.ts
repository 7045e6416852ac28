import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL, knownModelIds, modelSpecFor, onnxFileFor } from '../../src/embedding/model-registry.ts';

describe('modelSpecFor', () => {
  it('describes the default e5 model with its prefixes', () => {
    expect(DEFAULT_EMBEDDING_MODEL).toBe('Xenova/multilingual-e5-small');
    expect(modelSpecFor(DEFAULT_EMBEDDING_MODEL)).toEqual({
      id: 'Xenova/multilingual-e5-small',
      dims: 384,
      pooling: 'mean',
      normalize: true,
      queryPrefix: 'query: ',
      passagePrefix: 'passage: ',
      dtype: 'q8',
      known: true,
    });
  });

  it('knows the other multilingual models', () => {
    expect(modelSpecFor('Xenova/multilingual-e5-base')).toMatchObject({ dims: 768, pooling: 'mean', queryPrefix: 'query: ' });
    expect(modelSpecFor('Xenova/bge-m3')).toMatchObject({ dims: 1024, pooling: 'cls', queryPrefix: '', passagePrefix: '' });
    expect(modelSpecFor('Xenova/paraphrase-multilingual-MiniLM-L12-v2')).toMatchObject({
      dims: 384,
      pooling: 'mean',
      queryPrefix: '',
    });
    expect(knownModelIds()).toHaveLength(4);
  });

  it('gives unknown models sane defaults and learns dims later', () => {
    expect(modelSpecFor('someone/some-model')).toEqual({
      id: 'someone/some-model',
      dims: null,
      pooling: 'mean',
      normalize: true,
      queryPrefix: '',
      passagePrefix: '',
      dtype: 'fp32',
      known: false,
    });
  });

  it('names the ONNX file transformers.js loads for a dtype', () => {
    expect(onnxFileFor('fp32')).toBe('onnx/model.onnx');
    expect(onnxFileFor('q8')).toBe('onnx/model_quantized.onnx');
  });
});
