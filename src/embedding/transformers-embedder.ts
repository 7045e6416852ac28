import { Embeddings } from '@langchain/core/embeddings';
import { env, pipeline, type FeatureExtractionPipeline, type PretrainedModelOptions, type Tensor } from '@huggingface/transformers';
import type { Embedder, EmbedProgress } from './embedder.ts';
import { HUGGING_FACE_HUB, modelSpecFor, type ModelDtype, type ModelSpec } from './model-registry.ts';

export { HUGGING_FACE_HUB };

export type DownloadProgressCallback = NonNullable<PretrainedModelOptions['progress_callback']>;

export interface TransformersEmbedderOptions extends EmbedProgress {
  /** Hub id (`Xenova/multilingual-e5-small`), a folder name under `localModelPath`, or an absolute folder. */
  model: string;
  /** Where downloads are kept (`<cacheDir>/<model>/…`); an offline user can copy a model's files there. */
  cacheDir: string;
  /** Folder holding `<model>/config.json` etc. Defaults to `cacheDir`. */
  localModelPath?: string;
  allowRemote?: boolean;
  /** Hub or mirror to download from, e.g. `https://hf-mirror.com/`. */
  remoteHost?: string;
  batchSize?: number;
  /** Overrides the registry's choice of ONNX file. */
  dtype?: ModelDtype;
  /** Per-file download progress, passed straight to transformers.js. */
  onDownloadProgress?: DownloadProgressCallback;
}

interface EmbedderParts {
  spec: ModelSpec;
  extractor: FeatureExtractionPipeline;
  dims: number;
  batchSize: number;
  onProgress: EmbedProgress['onProgress'];
}

/** A transformers.js feature-extraction pipeline behind LangChain's Embeddings interface. */
export class TransformersEmbedder extends Embeddings implements Embedder {
  readonly model: string;
  readonly dims: number;
  readonly spec: ModelSpec;
  readonly #extractor: FeatureExtractionPipeline;
  readonly #batchSize: number;
  /** Default progress callback for embedDocuments (ingest points its progress bar here). */
  onProgress: EmbedProgress['onProgress'];

  private constructor({ spec, extractor, dims, batchSize, onProgress }: EmbedderParts) {
    super({});
    this.model = spec.id;
    this.spec = spec;
    this.dims = dims;
    this.#extractor = extractor;
    this.#batchSize = batchSize;
    this.onProgress = onProgress;
  }

  /**
   * Loads the model (downloading it into `cacheDir` when allowed) and embeds one probe text to learn
   * its width. transformers.js keeps its settings in one global `env`: do not load two models with
   * different folders concurrently.
   */
  static async load({
    model,
    cacheDir,
    localModelPath = cacheDir,
    allowRemote = true,
    remoteHost = HUGGING_FACE_HUB,
    batchSize = 16,
    dtype,
    onProgress,
    onDownloadProgress,
  }: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    env.cacheDir = cacheDir;
    env.useFSCache = true;
    env.localModelPath = localModelPath;
    env.allowLocalModels = true;
    env.allowRemoteModels = allowRemote;
    env.remoteHost = remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`;

    const spec = modelSpecFor(model);
    const extractor = await pipeline('feature-extraction', model, {
      dtype: dtype ?? spec.dtype,
      device: 'cpu',
      ...(onDownloadProgress ? { progress_callback: onDownloadProgress } : {}),
    });
    const [probe] = await runPipeline(extractor, spec, ['probe']);
    const dims = probe?.length ?? 0;
    if (dims === 0 || (spec.dims !== null && spec.dims !== dims)) {
      await extractor.dispose();
      throw new Error(`model ${model} produced ${dims}-dimensional vectors, expected ${spec.dims ?? 'more than 0'}`);
    }
    return new TransformersEmbedder({ spec, extractor, dims, batchSize: Math.max(1, batchSize), onProgress });
  }

  async embedDocuments(texts: string[], { onProgress = this.onProgress }: EmbedProgress = {}): Promise<number[][]> {
    const vectors: number[][] = [];
    onProgress?.(0, texts.length);
    for (let start = 0; start < texts.length; start += this.#batchSize) {
      const batch = texts.slice(start, start + this.#batchSize).map((text) => this.spec.passagePrefix + text);
      vectors.push(...(await runPipeline(this.#extractor, this.spec, batch)));
      onProgress?.(vectors.length, texts.length);
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await runPipeline(this.#extractor, this.spec, [this.spec.queryPrefix + text]);
    if (!vector) throw new Error(`model ${this.model} returned no vector`);
    return vector;
  }

  /** Frees the ONNX session. */
  async dispose(): Promise<void> {
    await this.#extractor.dispose();
  }
}

async function runPipeline(extractor: FeatureExtractionPipeline, spec: ModelSpec, texts: string[]): Promise<number[][]> {
  // The pipeline's call signature is typed `any`; it resolves to a [texts, dims] Tensor once pooled.
  const output = (await extractor(texts, { pooling: spec.pooling, normalize: spec.normalize })) as Tensor;
  return output.tolist() as number[][];
}
