import { SERVING_BACKBONES } from '../backbones/serving-backbones';
import type { ExportManifest } from './export-manifest';

/** README.md inside an export: what the files are and how to score a session with them. */
export function exportReadme(m: ExportManifest): string {
  const [n, d] = m.scoring.itemEmbeddings.shape;
  const L = m.maxLength;
  const metrics = m.metrics
    ? `Test metrics (${m.metrics.sessions} sessions, ${m.metrics.exclusion} items excluded): recall@10 ${m.metrics.recall10.toFixed(4)}, NDCG@10 ${m.metrics.ndcg10.toFixed(4)}.`
    : 'No test metrics were recorded for this model.';
  return `# ALKDRec model export: ${m.model.id}

Backbone ${SERVING_BACKBONES[m.backbone].displayName}, role ${m.model.role}, d = ${d}, trained on the dataset
\`${m.dataset.name}\` (${n} items). ${metrics} Lineage and the dataset's content hashes are in \`manifest.json\`.

| file | what |
|---|---|
| \`manifest.json\` | format version, backbone, d, dataset, metrics, lineage, encoder inputs/outputs, scoring rule, every file's sha256 |
| \`items.jsonl\` | one \`{"index", "itemId", "title"}\` per line, in index order (row v of the embeddings is item v) |
| \`item_embeddings.f32\` | [${n}, ${d}] little-endian float32, row-major: the vectors scores are taken against |
| \`item_embeddings.npy\` | the same matrix as NumPy \`<f4\` |
| \`encoder/model.json\`, \`encoder/weights.bin\` | the session encoder, a TensorFlow.js GraphModel (standard ops only) |

## Scoring a session

1. Map the session's item ids to indices with \`items.jsonl\`; drop unknown ids; keep the last ${L}, oldest first.
2. \`item_ids\`: int32 [B, ${L}], those indices right-padded with ${m.encoder.paddingId} (the padding id);
   \`mask\`: float32 [B, ${L}], 1 where there is an item, 0 at padding.
3. Run the encoder: \`session_embedding\` float32 [B, ${d}]. ${m.encoder.summary}
4. score(v) = session_embedding · item_embeddings[v] (${m.scoring.vectors === 'l2-normalized' ? 'both are L2-normalised: a cosine' : 'raw dot product'});
   rank by descending score, equal scores by lower index; usually skip the session's own items.

TensorFlow.js (Node or browser, no custom ops):

\`\`\`js
import * as tf from '@tensorflow/tfjs';
const json = JSON.parse(await fs.readFile('encoder/model.json', 'utf8'));
const weightData = new Uint8Array(await fs.readFile('encoder/weights.bin')).buffer;
const model = await tf.loadGraphModel(tf.io.fromMemory({
  modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData, format: json.format, signature: json.signature,
}));
const u = model.execute({ item_ids: tf.tensor2d(ids, [B, ${L}], 'int32'), mask: tf.tensor2d(mask, [B, ${L}]) }, 'session_embedding');
\`\`\`

Python / NumPy (item vectors; for FPMC the encoder is simply the mean of the rows of the
\`input_embeddings\` weight in \`encoder/weights.bin\`, at the offsets the weights manifest gives):

\`\`\`python
import json, numpy as np
E = np.load("item_embeddings.npy")                       # (${n}, ${d}) float32
items = [json.loads(line) for line in open("items.jsonl")]
scores = E @ u                                            # u: a session embedding, shape (${d},)
scores[session_indices] = -np.inf                         # skip the session's own items
top10 = np.lexsort((np.arange(len(scores)), -scores))[:10]  # by score, ties by lower index
\`\`\`

Format version ${m.formatVersion}; produced by ALKDRec (docs/export.md in its repository).
`;
}
