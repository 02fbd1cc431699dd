/**
 * Node-only: load the local Tiny Darknet copy (../shared/models/darknet-tiny, never committed) and
 * rebuild it with an input of any height and width. Used by tests and benchmarks.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';

/** Tiny Darknet rebuilt with an input of any size (the saved one fixes 224x224). */
export async function loadDarknetFlexible(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(readFileSync(`${dir}/model.json`, 'utf8'));
  const weightSpecs = json.weightsManifest.flatMap((g: { weights: tf.io.WeightsManifestEntry[] }) => g.weights);
  const shards = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(`${dir}/${p}`)));
  const all = Buffer.concat(shards);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  const fixed = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  const config = fixed.toJSON(undefined, false) as unknown as { config: { layers: Array<{ config: Record<string, unknown> }> } };
  config.config.layers[0].config.batch_input_shape = [null, null, null, 3];
  const flexible = (await tf.models.modelFromJSON(config as unknown as tf.io.ModelJSON)) as tf.LayersModel;
  flexible.setWeights(fixed.getWeights());
  fixed.dispose();
  return flexible;
}
