import type { ExportFile } from '@alkdrec/serving';
// The converter is a dev dependency: only tests load a graph model (the image does not).
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { tf } from '../tf';

/** The export's encoder as TF.js loads it: model.json + weights.bin, from memory. */
export async function loadEncoderFromExport(files: readonly ExportFile[]): Promise<GraphModel> {
  const bytesOf = (path: string): Uint8Array => {
    const file = files.find((f) => f.path === path);
    if (!file) throw new Error(`${path} is not in the export`);
    return file.bytes;
  };
  const json = JSON.parse(new TextDecoder().decode(bytesOf('encoder/model.json')));
  const weights = bytesOf('encoder/weights.bin');
  return loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: weights.slice().buffer,
      format: json.format,
      signature: json.signature,
    }),
  );
}
