export type Pooling = 'mean' | 'cls';

/** Which ONNX file transformers.js loads: `fp32` → `onnx/model.onnx`, `q8` → `onnx/model_quantized.onnx`. */
export type ModelDtype = 'fp32' | 'q8';

export interface ModelSpec {
  id: string;
  /** Output width, or null when only the first vector can tell (unknown models). */
  dims: number | null;
  pooling: Pooling;
  normalize: boolean;
  /** Prepended to questions; e5 was trained with `query: ` / `passage: ` and degrades without them. */
  queryPrefix: string;
  passagePrefix: string;
  dtype: ModelDtype;
  known: boolean;
}

export const DEFAULT_EMBEDDING_MODEL = 'Xenova/multilingual-e5-small';

/**
 * Where models are downloaded from unless a mirror is named (here, not in transformers-embedder.ts,
 * so checking for a model does not import transformers.js).
 */
export const HUGGING_FACE_HUB = 'https://huggingface.co/';

type KnownSpec = Omit<ModelSpec, 'id' | 'known'>;

const E5_PREFIXES = { queryPrefix: 'query: ', passagePrefix: 'passage: ' } as const;
const NO_PREFIXES = { queryPrefix: '', passagePrefix: '' } as const;

// Known models use their int8-quantised export: a quarter of the download, faster on a 2-core CPU,
// and for bge-m3 the only single-file export (its fp32 weights live in a separate model.onnx_data).
const KNOWN_MODELS: Readonly<Record<string, KnownSpec>> = {
  'Xenova/multilingual-e5-small': { dims: 384, pooling: 'mean', normalize: true, dtype: 'q8', ...E5_PREFIXES },
  'Xenova/multilingual-e5-base': { dims: 768, pooling: 'mean', normalize: true, dtype: 'q8', ...E5_PREFIXES },
  'Xenova/bge-m3': { dims: 1024, pooling: 'cls', normalize: true, dtype: 'q8', ...NO_PREFIXES },
  'Xenova/paraphrase-multilingual-MiniLM-L12-v2': {
    dims: 384,
    pooling: 'mean',
    normalize: true,
    dtype: 'q8',
    ...NO_PREFIXES,
  },
};

// Unknown models: the common sentence-transformers recipe, and fp32 because every export has model.onnx.
const UNKNOWN_MODEL: KnownSpec = { dims: null, pooling: 'mean', normalize: true, dtype: 'fp32', ...NO_PREFIXES };

export function modelSpecFor(modelId: string): ModelSpec {
  const known = KNOWN_MODELS[modelId];
  return { id: modelId, ...(known ?? UNKNOWN_MODEL), known: known !== undefined };
}

export function knownModelIds(): string[] {
  return Object.keys(KNOWN_MODELS);
}

/** Path of the ONNX weights inside a model folder, as transformers.js names them. */
export function onnxFileFor(dtype: ModelDtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}
