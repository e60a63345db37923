import type { Backbone } from '@alkdrec/contracts';
import type { ItemVectors } from '../backbones/serving-backbones';
import type { TensorDescription } from './encoder-model';
import type { ExportMetrics, ModelLineage } from './export-input';

/** manifest.json of an export (docs/export.md describes every field). */
export interface ExportManifest {
  format: 'alkdrec-model-export';
  formatVersion: number;
  model: { id: string; role: string; createdAt: string | null };
  backbone: Backbone;
  /** Latent size: the length of a session embedding and of an item vector. */
  d: number;
  /** Items of a session the encoder reads (the last ones). */
  maxLength: number;
  dataset: { name: string; itemCount: number; contentSha256: { items: string | null; sessions: string | null } };
  metrics: ExportMetrics | null;
  lineage: ModelLineage;
  encoder: {
    format: 'tfjs-graph-model';
    modelJson: string;
    summary: string;
    paddingId: number;
    inputs: TensorDescription[];
    outputs: TensorDescription[];
  };
  scoring: {
    itemEmbeddings: { f32: string; npy: string; dtype: 'float32'; byteOrder: 'little-endian'; shape: [number, number] };
    vectors: ItemVectors;
    score: string;
    order: string;
    exclusion: string;
  };
  items: { path: string; count: number; fields: string[] };
  /** Every other file of the export with its size and sha256. */
  files: { path: string; bytes: number; sha256: string }[];
}
