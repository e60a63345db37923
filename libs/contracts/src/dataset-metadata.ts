import { z } from 'zod';
import { Backbone, NegativeScheme } from './domain';

/**
 * How the LLM prompts talk about a dataset's items. The paper words its prompts per dataset:
 * MovieLens users "watched" movies, Amazon Games users "bought" games.
 */
export const PromptDomain = z.strictObject({
  /** Singular noun: "movie". */
  item: z.string().trim().min(1).max(40),
  /** Plural noun: "movies". */
  items: z.string().trim().min(1).max(40),
  /** Past tense of what a user does with an item: "watched". */
  verb: z.string().trim().min(1).max(40),
  /** Present tense, for "how likely the user is to watch …": "watch". */
  verbPresent: z.string().trim().min(1).max(40),
});
export type PromptDomain = z.infer<typeof PromptDomain>;

/** Wording for a dataset that says nothing about its items. */
export const NEUTRAL_PROMPT_DOMAIN: PromptDomain = { item: 'item', items: 'items', verb: 'interacted with', verbPresent: 'interact with' };

/** The negative scheme of a backbone the metadata does not name (REFERENCE §2: what the reference mostly does). */
export const DEFAULT_NEGATIVE_SCHEME: NegativeScheme = 'in-batch';

/**
 * What a dataset says about itself, stored on its row at import (docs/data.md, "Dataset metadata"):
 * never derived from its name. Both fields may be left out of a metadata file; strict objects, so a
 * misspelt key is an error rather than silently ignored.
 */
export const DatasetMetadata = z.strictObject({
  /** The prompts' wording; neutral ("item", "interacted with") when not given. */
  domain: PromptDomain.default(NEUTRAL_PROMPT_DOMAIN),
  /**
   * The default negative scheme per backbone when a training spec names none, e.g.
   * `{ "attmix": "uniform-bce" }` (the reference's AttMix on MovieLens); a backbone not named here
   * trains with in-batch negatives.
   */
  negatives: z.partialRecord(Backbone, NegativeScheme).default({}),
});
export type DatasetMetadata = z.infer<typeof DatasetMetadata>;
export type DatasetMetadataInput = z.input<typeof DatasetMetadata>;

/** The metadata of a dataset imported without any: neutral wording, in-batch negatives everywhere. */
export const NEUTRAL_DATASET_METADATA: DatasetMetadata = { domain: NEUTRAL_PROMPT_DOMAIN, negatives: {} };

/** The scheme a training spec without `negatives` uses on this dataset. */
export function defaultNegativesOf(metadata: DatasetMetadata, backbone: Backbone): NegativeScheme {
  return metadata.negatives[backbone] ?? DEFAULT_NEGATIVE_SCHEME;
}
